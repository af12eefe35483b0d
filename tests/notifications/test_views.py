import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.services import notify, preferences_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_header_shows_unread_count_and_list_shows_items(client, kind):
    user = UserFactory()
    notify([user], kind, title="First offer")
    notify([user], kind, title="Second offer")
    client.force_login(user)
    content = client.get(reverse("home")).content.decode()
    assert '<span class="badge">2</span>' in content
    content = client.get(reverse("notifications:list")).content.decode()
    assert "First offer" in content and "Second offer" in content


@pytest.mark.parametrize("language", ["en", "fr", "es", "pt", "ar", "uk"])
def test_the_unread_count_shows_in_every_language(client, kind, language):
    """The badge's plural is each language's own rule (Arabic's and Ukrainian's take n % 100)."""
    user = UserFactory()
    for n in range(3):
        notify([user], kind, title=f"Offer {n}")
    client.force_login(user)

    response = client.get(reverse("home"), headers={"accept-language": language})

    assert response.status_code == 200
    assert '<span class="badge">3</span>' in response.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_notification_list_query_budget_is_flat(client, kind, count, django_assert_max_num_queries):
    user = UserFactory()
    for n in range(count):
        notify([user], kind, title=f"Item {n}")
    client.force_login(user)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("notifications:list")).status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, kind):
    user = UserFactory()
    [notification] = notify([user], kind, title="Go", url="/accounts/profile/")
    client.force_login(user)
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.url == "/accounts/profile/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(client, kind):
    [notification] = notify([UserFactory()], kind, title="Private")
    client.force_login(UserFactory())
    response = client.post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_clears_the_count(client, kind):
    user = UserFactory()
    notify([user], kind, title="A")
    notify([user], kind, title="B")
    client.force_login(user)
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_preferences_link_from_email_works_without_signing_in(client, kind):
    user = UserFactory()
    url = reverse("notifications:preferences-token", args=[preferences_token(user)])
    assert client.get(url).status_code == 200
    response = client.post(url, {kind: "daily", "account.welcome": "in_app"}, follow=True)
    assert "Your notification settings have been saved." in response.content.decode()
    assert NotificationPreference.objects.get(user=user, kind=kind).delivery == "daily"


def _says_the_link_no_longer_works(response: object) -> None:
    page = response.content.decode()
    assert response.status_code == 404
    assert "This link no longer works" in page
    assert "Links in emails work for 30 days." in page
    login = reverse("account_login") + "?next=" + reverse("notifications:preferences")
    assert f'href="{login}"' in page.replace("%2F", "/")


def test_tampered_preferences_link_explains_and_offers_to_sign_in(client):
    user = UserFactory()
    token = preferences_token(user)
    _says_the_link_no_longer_works(client.get(f"/notifications/preferences/{token}x/"))


def test_preferences_link_expires_after_30_days(client, kind, monkeypatch):
    user = UserFactory()
    made = time.time() - timedelta(days=31).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: made)
    url = reverse("notifications:preferences-token", args=[preferences_token(user)])
    monkeypatch.undo()
    _says_the_link_no_longer_works(client.get(url))
    response = client.post(url, {kind: "daily", "account.welcome": "in_app"})
    assert response.status_code == 404
    assert not NotificationPreference.objects.exists()


def test_preferences_link_of_29_days_still_works(client, monkeypatch):
    user = UserFactory()
    made = time.time() - timedelta(days=29).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: made)
    url = reverse("notifications:preferences-token", args=[preferences_token(user)])
    monkeypatch.undo()
    assert client.get(url).status_code == 200


def test_preferences_link_opens_only_the_settings_and_signs_nobody_in(client, kind):
    user = UserFactory()
    url = reverse("notifications:preferences-token", args=[preferences_token(user)])
    client.post(url, {kind: "daily", "account.welcome": "in_app"})
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profile")).status_code == 302
    assert client.get(reverse("notifications:list")).status_code == 302


def test_invalid_preference_choice_shows_error_and_saves_nothing(client, kind):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("notifications:preferences"), {kind: "hourly", "account.welcome": "daily"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_notification_pages_need_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.url.startswith(reverse("account_login"))


def test_unread_count_costs_one_query_per_page(client, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    notify([user], kind, title="Counted once")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:list"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "notification" in q["sql"]]
    assert len(counts) <= 2, counts  # the header badge, and the paginator's own count


def test_marking_one_notification_read_says_so_in_the_singular(client, kind):
    user = UserFactory()
    notify([user], kind, title="A")
    client.force_login(user)
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "1 notification marked as read." in response.content.decode()
