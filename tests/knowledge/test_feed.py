from datetime import datetime, timedelta
from io import StringIO
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Practice
from knowledge.services.engagement import useful_toggle
from knowledge.services.workflow import PracticeContent, practice_update
from portal.permissions import Role
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

FEED_URL = reverse("knowledge:practice-feed")
COLOMBIA_SLUG = "colombia-non-technical-survey-cmac-exchange"


def test_the_feed_is_atom_with_published_public_practices_newest_first(client):
    PracticeFactory(title="Older", published_at="2024-01-01T00:00Z")
    PracticeFactory(title="Newer", published_at="2025-01-01T00:00Z")
    PracticeFactory(title="Draft", status=Practice.Status.DRAFT, published_at=None)

    response = client.get(FEED_URL)

    content = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in content
    assert content.index("Newer") < content.index("Older")
    assert "Draft" not in content


def test_the_feed_never_includes_members_only_practices_even_for_a_signed_in_reader(client):
    PracticeFactory(title="Public one")
    PracticeFactory(title="Members one", visibility=Practice.Visibility.MEMBERS)
    client.force_login(UserFactory())

    content = client.get(FEED_URL).content.decode()

    assert "Public one" in content
    assert "Members one" not in content


def test_the_feed_takes_the_list_filters(client):
    survey = ThemeFactory(name="Survey", slug="survey")
    PracticeFactory(title="Survey in Cambodia", countries=["KH"], themes=[survey])
    PracticeFactory(title="Survey in Colombia", countries=["CO"], themes=[survey])
    PracticeFactory(title="Clearance in Cambodia", countries=["KH"])

    content = client.get(FEED_URL, {"country": "KH", "theme": "survey"}).content.decode()

    assert "Survey in Cambodia" in content
    assert "Survey in Colombia" not in content
    assert "Clearance in Cambodia" not in content
    assert '<category term="Survey"' in content


def test_the_feed_takes_a_search(client):
    PracticeFactory(title="Mechanical demining")
    PracticeFactory(title="Victim assistance")

    content = client.get(FEED_URL, {"q": "mechanical"}).content.decode()

    assert "Mechanical demining" in content
    assert "Victim assistance" not in content


def test_the_list_links_to_the_feed_for_the_same_search(client):
    response = client.get(reverse("knowledge:practice-list"), {"country": "KH"})

    assert f'href="{FEED_URL}?country=KH"' in response.content.decode()


ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(response) -> Element:
    return ElementTree.fromstring(response.content)


def _entry_updated(feed: Element, title: str) -> str:
    for entry in feed.iter(f"{ATOM}entry"):
        if entry.findtext(f"{ATOM}title") == title:
            return entry.findtext(f"{ATOM}updated")
    raise AssertionError(f"no entry {title!r}")


def test_a_filtered_feeds_self_link_is_its_own_url_with_the_filters(client):
    survey = ThemeFactory(name="Survey", slug="survey")
    PracticeFactory(countries=["CO"], themes=[survey])

    feed = _atom(client.get(FEED_URL, {"theme": "survey", "country": "CO", "page": "2"}))

    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"http://testserver{FEED_URL}?theme=survey&country=CO"


def test_the_unfiltered_feeds_self_link_has_no_query(client):
    feed = _atom(client.get(FEED_URL))

    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"http://testserver{FEED_URL}"


def test_a_filtered_feeds_title_names_its_filters(client):
    ThemeFactory(name="Non-technical survey", slug="non-technical-survey")

    feed = _atom(client.get(FEED_URL, {"theme": "non-technical-survey", "country": "CO"}))

    assert feed.findtext(f"{ATOM}title") == "New practices: Non-technical survey · Colombia"


def test_a_feed_for_a_search_quotes_it_in_the_title(client):
    feed = _atom(client.get(FEED_URL, {"q": "dogs", "outcomes": "1"}))

    assert feed.findtext(f"{ATOM}title") == "New practices: “dogs” · Has measured outcomes"


def test_the_feed_title_is_in_the_readers_language(client):
    feed = _atom(client.get(FEED_URL, {"country": "CO"}, HTTP_ACCEPT_LANGUAGE="fr"))

    assert "Colombie" in feed.findtext(f"{ATOM}title")


def test_the_unfiltered_feed_keeps_the_portal_title(client):
    feed = _atom(client.get(FEED_URL))

    assert feed.findtext(f"{ATOM}title") == "Mine Action Knowledge Portal: new practices"


def test_an_entry_is_updated_when_published_not_when_the_row_was_loaded(client):
    # A practice published in 2024 and written into this database today, as seed_demo does.
    PracticeFactory(title="Loaded today", published_at="2024-03-01T09:00Z")

    feed = _atom(client.get(FEED_URL))

    assert _entry_updated(feed, "Loaded today") == "2024-03-01T09:00:00+00:00"


def test_the_demo_practices_are_updated_on_their_publication_date(client):
    call_command("seed_demo", stdout=StringIO())
    colombia = Practice.objects.get(slug=COLOMBIA_SLUG)

    feed = _atom(client.get(FEED_URL, {"country": "CO"}))

    assert _entry_updated(feed, colombia.title) == colombia.published_at.isoformat()


def test_a_content_change_after_publication_updates_the_entry(client):
    theme = ThemeFactory()
    practice = PracticeFactory(title="Edited later", themes=[theme])
    a_year_ago = timezone.now() - timedelta(days=365)
    Practice.objects.filter(pk=practice.pk).update(
        published_at=a_year_ago, created_at=a_year_ago, updated_at=a_year_ago
    )
    practice.refresh_from_db()
    before = timezone.now()

    editor = UserFactory()
    editor.groups.add(Group.objects.get_or_create(name=Role.EDITOR.value)[0])

    practice_update(
        practice=practice,
        user=editor,
        content=PracticeContent(
            title="Edited later",
            summary="A better summary.",
            body=practice.body,
            kind=practice.kind,
            themes=[theme],
            countries=practice.countries,
            year_start=practice.year_start,
        ),
    )

    updated = datetime.fromisoformat(_entry_updated(_atom(client.get(FEED_URL)), "Edited later"))
    assert updated >= before


def test_marking_a_practice_useful_does_not_update_its_entry(client):
    practice = PracticeFactory(title="Found useful", published_at="2024-03-01T09:00Z")

    useful_toggle(practice=practice, user=UserFactory())

    practice.refresh_from_db()
    assert practice.useful_count == 1
    feed = _atom(client.get(FEED_URL))
    assert _entry_updated(feed, "Found useful") == "2024-03-01T09:00:00+00:00"
