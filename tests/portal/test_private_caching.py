"""What a signed-in person sees stays out of shared caches (PrivateCacheMiddleware)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from portal.middleware import PrivateCacheMiddleware
from portal.permissions import Role
from tests.factories import UserFactory
from tests.platform_africa.factories import MemberOrganisationFactory, SupportRequestFactory, member

pytestmark = pytest.mark.django_db


def _coordinator() -> object:
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])
    return user


def _signed_in_pages() -> list[tuple[object, str]]:
    organisation = MemberOrganisationFactory()
    person = member(organisation)
    support_request = SupportRequestFactory(organisation=organisation)
    return [
        (person, reverse("notifications:list")),
        (person, reverse("profile")),
        (person, reverse("account_email")),
        (person, reverse("platform:request-detail", args=[support_request.pk])),
        (person, reverse("platform:organisation")),
        (person, reverse("platform:dashboard")),
        (person, reverse("platform:request-list")),
        (person, reverse("knowledge:my-practices")),
        (_coordinator(), reverse("trainings:dashboard")),
    ]


def test_every_personal_page_is_private_and_not_stored(client):
    for user, url in _signed_in_pages():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response["Vary"], url


def test_a_public_page_seen_signed_in_is_private_too(client):
    client.force_login(UserFactory())
    response = client.get(reverse("knowledge:practice-list"))
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_that_already_forbids_storing_keeps_its_header(client):
    client.force_login(UserFactory())
    response = client.get(reverse("healthz"))
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_an_anonymous_page_with_a_csrf_token_is_never_shared(client):
    # The language menu is a POST form: every page of the site carries a CSRF token.
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def _through_middleware(view: object, user: object = None) -> HttpResponse:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return PrivateCacheMiddleware(view)(request)


def test_an_anonymous_page_that_carries_nothing_personal_may_be_shared_but_is_revalidated():
    response = _through_middleware(lambda request: HttpResponse("<p>Same for all</p>"))
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Vary"] == "Cookie"


def test_an_anonymous_page_that_used_the_csrf_token_is_private():
    def view(request: object) -> HttpResponse:
        return HttpResponse(f"<input value='{get_token(request)}'>")

    assert _through_middleware(view)["Cache-Control"] == "private, no-cache"


def test_an_anonymous_page_that_sets_a_cookie_is_private():
    def view(request: object) -> HttpResponse:
        response = HttpResponse("<p>Saved</p>")
        response.set_cookie("messages", "x")
        return response

    assert _through_middleware(view)["Cache-Control"] == "private, no-cache"


def test_an_anonymous_answer_keeps_the_caching_its_view_chose():
    def view(request: object) -> HttpResponse:
        response = HttpResponse("<p>File</p>")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    assert _through_middleware(view)["Cache-Control"] == "public, max-age=3600"
