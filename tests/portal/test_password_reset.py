import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

from .helpers import deliver_queued_emails, first_link

pytestmark = pytest.mark.django_db


def test_password_reset_by_email_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(callbacks) == 1, "the email is handed to a worker once the transaction commits"

    deliver_queued_emails()
    [message] = mail.outbox
    assert message.to == [user.email]
    reset_path = first_link(message.body, "/accounts/password/reset/key/")

    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    new_password = "land-release-28-fold"
    response = client.post(form_path, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.check_password(new_password)
    assert not user.check_password(PASSWORD)


def test_reset_link_works_only_once(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    deliver_queued_emails()
    reset_path = first_link(mail.outbox[0].body, "/accounts/password/reset/key/")
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0]
    client.post(form_path, {"password1": "first-new-pass-9", "password2": "first-new-pass-9"})

    response = client.get(reset_path, follow=True)
    assert "Bad Token" in response.content.decode()
