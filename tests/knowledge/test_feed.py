import pytest
from django.urls import reverse

from knowledge.models import Practice
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

FEED_URL = reverse("knowledge:practice-feed")


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
