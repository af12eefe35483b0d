import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_verified_user_signs_in_with_email_and_password(client):
    user = UserFactory()
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("profile")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()
    response = login(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.email, "guessing")
    response = login(client, user.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("profile")).status_code == 302


def test_admin_login_page_goes_through_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sign_out_ends_the_session(client):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    client.post(reverse("account_logout"))
    assert client.get(reverse("profile")).status_code == 302


@pytest.mark.parametrize(
    "url_name", ["profile", "account_email", "account_change_password", "mfa_index"]
)
def test_anonymous_visitors_are_sent_to_sign_in_from_member_pages(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"
