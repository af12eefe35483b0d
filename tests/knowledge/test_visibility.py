"""Members-only practices never reach anonymous readers, wherever practices are shown."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import reverse

from knowledge.models import Practice
from knowledge.selectors import practices_search
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("knowledge:practice-list")


@pytest.fixture
def secret() -> Practice:
    theme = ThemeFactory(name="Stockpile destruction", slug="stockpile-destruction")
    PracticeFactory(title="Open stockpile report", countries=["KH"], themes=[theme])
    return PracticeFactory(
        title="Confidential stockpile audit",
        countries=["KH", "SO"],
        themes=[theme],
        visibility=Practice.Visibility.MEMBERS,
    )


def facet_counts(response, facet: str) -> dict[str, int]:
    return {o.value: o.count for o in getattr(response.context["facets"], facet)}


def test_anonymous_list_and_search_leave_out_members_only_practices(client, secret):
    for params in ({}, {"q": "stockpile"}, {"q": "confidential"}, {"country": "SO"}):
        content = client.get(LIST_URL, params).content.decode()
        assert "Confidential stockpile audit" not in content, params


def test_anonymous_facet_counts_leave_out_members_only_practices(client, secret):
    response = client.get(LIST_URL)

    assert facet_counts(response, "theme")["stockpile-destruction"] == 1
    assert facet_counts(response, "country") == {"KH": 1}
    assert response.context["page_obj"].paginator.count == 1


def test_signed_in_members_see_and_count_members_only_practices(client, secret):
    client.force_login(UserFactory())

    response = client.get(LIST_URL, {"q": "stockpile"})

    assert "Confidential stockpile audit" in response.content.decode()
    assert facet_counts(response, "country") == {"KH": 2, "SO": 1}


def test_anonymous_detail_and_pdf_of_a_members_only_practice_are_not_found(client, secret):
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert client.get(reverse("knowledge:practice-pdf", args=[secret.slug])).status_code == 404


def test_the_feed_leaves_out_members_only_practices(client, secret):
    content = client.get(reverse("knowledge:practice-feed")).content.decode()

    assert "Open stockpile report" in content
    assert "Confidential" not in content


def test_related_practices_and_translations_leave_out_members_only_ones(client, secret):
    public = Practice.objects.get(title="Open stockpile report")
    Practice.objects.filter(pk=secret.pk).update(translation_of=public)

    response = client.get(public.get_absolute_url())

    assert response.context["related"] == []
    assert response.context["translations"] == []
    assert "Confidential" not in response.content.decode()


def test_saved_search_matching_for_an_anonymous_user_ignores_members_only(secret):
    params = QueryDict("q=stockpile")

    found = practices_search(params=params, user=AnonymousUser())

    assert not found.filter(pk=secret.pk).exists()
    assert practices_search(params=params, user=UserFactory()).filter(pk=secret.pk).exists()
