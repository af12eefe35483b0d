import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Organisation, User
from portal.permissions import is_editor, is_platform_secretariat, is_training_coordinator

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    counts = (Organisation.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Organisation.objects.count(), User.objects.count()) == counts
    assert Organisation.objects.filter(acronym__in=["CMAC", "UXO Lao", "SESU", "ZMAC"]).count() == 4
    assert "coordinator@demo.mineaction.org" in capsys.readouterr().out


def test_demo_accounts_sign_in_with_the_demo_password_and_hold_their_roles(client):
    call_command("seed_demo")
    response = client.post(
        reverse("account_login"),
        {"login": "editor@demo.mineaction.org", "password": "mine-action-demo"},
    )
    assert response.url == reverse("home")
    users = {u.email.split("@")[0]: u for u in User.objects.all()}
    assert is_editor(users["editor"]) and not is_editor(users["staff"])
    assert is_training_coordinator(users["coordinator"])
    assert is_platform_secretariat(users["secretariat"])
    assert users["admin"].is_superuser
