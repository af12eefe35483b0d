import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.portal.helpers import deliver_queued_emails, first_link

pytestmark = pytest.mark.django_db


def test_confirming_the_signup_email_brings_a_welcome(client):
    client.post(
        reverse("account_signup"),
        {
            "name": "Chanthy Phan",
            "email": "chanthy@example.org",
            "password1": "uxo-lao-2025!",
            "password2": "uxo-lao-2025!",
        },
    )
    [confirmation] = deliver_queued_emails()
    client.post(first_link(confirmation.body_text, "/accounts/confirm-email/"))
    welcome = Notification.objects.get(recipient__email="chanthy@example.org")
    assert welcome.kind == "account.welcome"
    assert welcome.url == reverse("profile")


def test_confirming_a_second_address_does_not_welcome_again():
    from portal.services import user_welcome

    user = UserFactory()
    EmailAddress.objects.create(user=user, email="second@example.org", verified=True)
    user_welcome(user=user)
    assert not Notification.objects.exists()


def test_the_welcome_is_stored_as_a_message_to_read_in_each_language():
    from portal.services import user_welcome

    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user_welcome(user=user)
    welcome = Notification.objects.get(recipient=user)
    assert welcome.title_phrase == {
        "message": "Welcome to the Mine Action Knowledge Portal",
        "params": {},
    }
    assert welcome.body_phrase["message"].startswith("Your email address is confirmed.")
