"""Costly and posting endpoints answer 429 past their limit a minute (issue 16, "Limits")."""

import pytest
from django.urls import reverse

from portal.cache import TolerantRedisCache
from tests.factories import UserFactory
from tests.knowledge.factories import PracticeFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db

SEARCH = "/practices/?q=survey"


@pytest.fixture
def limits(settings):
    """Every limit at 2 a minute, so the third request is refused."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, 2)
    return settings.RATE_LIMITS


def test_the_third_search_in_a_minute_gets_the_429_page_with_retry_after(client, limits):
    assert [client.get(SEARCH).status_code for _ in range(2)] == [200, 200]

    response = client.get(SEARCH)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "429.html" in [template.name for template in response.templates]
    assert "Too many requests. Please wait a minute and try again." in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_the_429_page_is_in_the_readers_language(client, limits):
    for _ in range(2):
        client.get(SEARCH)

    response = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 429
    assert '<html lang="fr"' in response.content.decode()
    assert "Too many requests" not in response.content.decode()


def test_browsing_the_list_without_a_search_is_not_counted(client, limits):
    statuses = [client.get("/practices/", {"country": "KH"}).status_code for _ in range(5)]

    assert statuses == [200] * 5
    assert client.get(SEARCH).status_code == 200


def test_an_htmx_search_past_the_limit_reloads_the_page_to_show_the_429(client, limits):
    for _ in range(2):
        client.get(SEARCH)

    response = client.get(SEARCH, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="practice-browser")

    assert response.status_code == 429
    # htmx swaps no 429; it follows HX-Redirect whatever the status.
    assert response["HX-Redirect"] == SEARCH
    assert "Please wait a minute" in response.content.decode()


def test_addresses_are_counted_apart(client, limits):
    for _ in range(2):
        client.get(SEARCH, REMOTE_ADDR="203.0.113.7")

    assert client.get(SEARCH, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get(SEARCH, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_a_signed_in_reader_is_counted_by_account_whatever_the_address(client, limits):
    client.force_login(UserFactory())
    client.get(SEARCH, REMOTE_ADDR="203.0.113.7")
    client.get(SEARCH, REMOTE_ADDR="198.51.100.2")

    assert client.get(SEARCH, REMOTE_ADDR="192.0.2.1").status_code == 429


@pytest.mark.parametrize(
    "url",
    [
        "/practices/feed/",
        "/trainings/certificates/verify/?code=AAAAA-BBBBB",
    ],
)
def test_feeds_and_certificate_checks_are_limited(client, limits, url):
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert client.get(url).status_code == 429


def test_the_practice_pdf_is_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "practice_pdf": 1}
    url = reverse("knowledge:practice-pdf", args=[PracticeFactory().slug])

    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_reading_packs_are_limited(client, limits):
    client.force_login(UserFactory())
    url = reverse("knowledge:pack")

    assert [client.post(url, {"q": "survey"}).status_code for _ in range(2)] == [302, 302]
    assert client.post(url, {"q": "survey"}).status_code == 429


def test_comments_messages_and_offers_share_the_posting_limit(client, limits):
    practice = PracticeFactory()
    support_request = SupportRequestFactory()
    client.force_login(member(MemberOrganisationFactory(role="partner")))

    comment = client.post(
        reverse("knowledge:practice-comment", args=[practice.slug]), {"body": "Hi"}
    )
    message = client.post(
        reverse("platform:message-post", args=[support_request.pk]), {"body": "We can help"}
    )
    offer = client.post(
        reverse("platform:offer-create", args=[support_request.pk]),
        {"description": "Two trainers", "amount": "100", "currency": "USD"},
    )

    assert (comment.status_code, message.status_code) == (302, 302)
    assert offer.status_code == 429


def test_an_anonymous_post_is_sent_to_sign_in_not_counted(client, limits):
    url = reverse("knowledge:practice-comment", args=[PracticeFactory().slug])

    assert {client.post(url, {"body": "Hi"}).status_code for _ in range(4)} == {302}


def test_with_redis_down_the_limits_let_everyone_through(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": 1}
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            # Nothing listens on port 1: refused at once, as when Redis is stopped.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    TolerantRedisCache.paused_until = 0.0
    try:
        statuses = [client.get(SEARCH).status_code for _ in range(3)]
    finally:
        TolerantRedisCache.paused_until = 0.0

    assert statuses == [200, 200, 200]
