import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .helpers import totp_code

pytestmark = pytest.mark.django_db


def login(client, email: str) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def confirm_password(client) -> None:
    """Enabling two-factor asks for the password again, as it should."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})


def enrol_totp(client, user) -> str:
    login(client, user.email)
    confirm_password(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return secret


def test_user_enrols_totp_and_gets_recovery_codes(client):
    user = UserFactory()
    enrol_totp(client, user)
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 200


def test_wrong_code_does_not_enable_two_factor(client):
    user = UserFactory()
    login(client, user.email)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_login_with_two_factor_asks_for_a_totp_code(client):
    user = UserFactory()
    secret = enrol_totp(client, user)
    client.post(reverse("account_logout"))
    cache.clear()  # the code used at enrolment may not be reused within its window

    response = login(client, user.email)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("profile")).status_code == 302, "password alone is not enough"

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert client.get(reverse("profile")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
