"""A signed-out reader's practice PDF is rendered once and then served from the cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

from .factories import OutcomeFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _pdf_keys() -> list[str]:
    return list(cache._cache.get_client().keys("*practice-pdf:*"))


def test_the_second_anonymous_download_is_the_cached_file(client):
    practice = PracticeFactory(title="Swing-type demining machines")
    url = reverse("knowledge:practice-pdf", args=[practice.slug])

    first = client.get(url)

    assert first.status_code == 200
    assert len(_pdf_keys()) == 1
    second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == "application/pdf"
    assert len(_pdf_keys()) == 1


def test_each_language_has_its_own_cached_pdf(client):
    url = reverse("knowledge:practice-pdf", args=[PracticeFactory().slug])

    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")

    assert english.content != french.content
    assert len(_pdf_keys()) == 2


def test_a_change_to_the_practice_renders_the_pdf_again(client):
    practice = PracticeFactory(title="Swing-type demining machines")
    url = reverse("knowledge:practice-pdf", args=[practice.slug])
    before = client.get(url).content

    OutcomeFactory(practice=practice)
    after = client.get(url).content

    assert after != before
    assert len(_pdf_keys()) == 2


def test_a_signed_in_readers_pdf_is_not_cached(client):
    client.force_login(UserFactory())
    url = reverse("knowledge:practice-pdf", args=[PracticeFactory().slug])

    assert client.get(url).status_code == 200
    assert _pdf_keys() == []
