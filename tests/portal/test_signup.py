import pytest
from django.urls import reverse

from portal.models import User

from .helpers import deliver_queued_emails, first_link, wait_for_mail

SIGNUP = {
    "name": "Lina Morales",
    "email": "lina.morales@example.org",
    "country": "CO",
    "password1": "survey-days-down-65%",
    "password2": "survey-days-down-65%",
}


def test_signup_verification_email_is_delivered_by_worker_and_confirms_account(
    client, celery_worker, mail_dir
):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert user.name == "Lina Morales"
    assert user.country == "CO"

    # Not verified yet: signing in only leads back to the "check your email" page.
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.url == reverse("account_email_verification_sent")

    [message] = wait_for_mail(mail_dir)
    assert "To: lina.morales@example.org" in message
    confirm_path = first_link(message, "/accounts/confirm-email/")

    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
    )
    assert response.url == reverse("home")
    assert client.get(reverse("profile")).status_code == 200


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_shows_error_and_creates_nothing(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "different"})
    assert response.status_code == 200
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.django_db
def test_signup_with_email_already_registered_creates_no_account_and_warns_the_owner(client):
    User.objects.create_user(SIGNUP["email"], "whatever-pass-123", name="Someone")
    response = client.post(reverse("account_signup"), SIGNUP)
    # The page does not reveal that the address is registered; the owner is told by email.
    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).count() == 1
    [email] = deliver_queued_emails()
    assert email.to == SIGNUP["email"]
    assert "already" in email.body_text.lower()


def test_signup_country_names_follow_the_visitors_language(client, db):
    french = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    ukrainian = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert '<option value="DE">Allemagne</option>' in french
    assert '<option value="DE">Німеччина</option>' in ukrainian
