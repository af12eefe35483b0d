"""Account emails (allauth) name the portal and are written in their reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.models import Email, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Aminata Diallo",
    "email": "aminata.diallo@example.org",
    "password1": "remise-a-disposition-2025",
    "password2": "remise-a-disposition-2025",
}


def queued_email(to: str) -> Email:
    return Email.objects.get(to=to)


def test_the_signup_email_names_the_portal(client):
    client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="en")
    email = queued_email(SIGNUP["email"])
    assert "Hello from Mine Action Knowledge Portal!" in email.body_text
    assert "Thank you for using Mine Action Knowledge Portal!" in email.body_text
    assert "from !" not in email.body_text
    assert "using !" not in email.body_text


def test_signing_up_in_french_keeps_french_as_the_preferred_language(client):
    client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="fr")
    assert User.objects.get(email=SIGNUP["email"]).preferred_language == "fr"


def test_the_signup_email_is_in_the_language_the_visitor_signed_up_in(client):
    client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="fr")
    email = queued_email(SIGNUP["email"])
    with translation.override("fr"):
        # allauth's own French: "Hello from %(site_name)s!", "Please Confirm Your Email Address".
        hello = translation.gettext("Hello from %(site_name)s!")
        subject = translation.gettext("Please Confirm Your Email Address")
        site = translation.gettext("Mine Action Knowledge Portal")
    assert hello != "Hello from %(site_name)s!", "allauth ships a French catalogue"
    assert site != "Mine Action Knowledge Portal"
    assert hello % {"site_name": site} in email.body_text
    assert subject in email.subject


def test_a_visitor_asking_for_an_unoffered_language_keeps_the_english_they_saw(client):
    client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="de")
    assert User.objects.get(email=SIGNUP["email"]).preferred_language == "en"


def test_a_password_reset_asked_for_in_english_is_written_in_the_owners_language(client):
    user = UserFactory(preferred_language="fr")
    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")
    email = queued_email(user.email)
    with translation.override("fr"):
        subject = translation.gettext("Password Reset Email")
        site = translation.gettext("Mine Action Knowledge Portal")
    assert subject != "Password Reset Email"
    assert subject in email.subject
    assert site in email.body_text


def test_an_address_nobody_owns_gets_the_visitors_language(client):
    client.post(
        reverse("account_reset_password"),
        {"email": "nobody@example.org"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    email = queued_email("nobody@example.org")
    with translation.override("fr"):
        hello = translation.gettext("Hello from %(site_name)s!")
        site = translation.gettext("Mine Action Knowledge Portal")
    assert hello % {"site_name": site} in email.body_text
