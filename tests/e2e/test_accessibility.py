"""axe-core (vendored from the npm registry) finds no WCAG 2.2 A/AA violation on the key pages,
in English, French and Arabic, on a phone (320 px) and a desktop (1280 px)."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from knowledge.models import Practice
from platform_africa.models import SupportRequest
from platform_africa.permissions import membership_for
from portal.permissions import Role
from trainings.models import Session

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 1280)
COORDINATOR = "coordinator@demo.mineaction.org"
MEMBER = "member@demo.mineaction.org"


@dataclass(frozen=True)
class KeyPage:
    name: str
    path: str
    who: str | None = None  # the demo account signed in to see it


def seed_key_pages() -> list[KeyPage]:
    """Seed the demo data; the key pages of the site, as their readers see them."""
    # A transactional test earlier in the run may have flushed the groups a migration made.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    call_command("seed_demo", stdout=StringIO())
    practice = Practice.objects.filter(status="published").order_by("pk").first()
    session = Session.objects.annotate(people=Count("enrolments")).order_by("-people", "pk").first()
    member = get_user_model().objects.get(email=MEMBER)
    support_request = (
        SupportRequest.objects.visible_to(member, membership_for(member))
        .annotate(n_offers=Count("offers"))
        .order_by("-n_offers", "pk")
        .first()
    )
    return [
        KeyPage("home", "/"),
        KeyPage("practices", "/practices/"),
        KeyPage("practice", practice.get_absolute_url()),
        KeyPage("sign-in", "/accounts/login/"),
        KeyPage("statistics", "/trainings/statistics/"),
        KeyPage("session", f"/trainings/sessions/{session.pk}/", COORDINATOR),
        KeyPage("request board", "/platform/requests/", MEMBER),
        KeyPage("request", f"/platform/requests/{support_request.pk}/", MEMBER),
    ]


def browse_as(
    browser: Browser, base: str, language: str, width: int, height: int = 900
) -> BrowserContext:
    """A fresh browser context in `language` (the django_language cookie) at `width` px."""
    # bypass_csp: axe is added to the page as an inline script, which the site's
    # Content-Security-Policy blocks (tests/e2e/test_content_security_policy.py checks it).
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context


def sign_in(context: BrowserContext, base: str, email: str | None) -> None:
    """Give the context the session cookie of `email` (or none: a visitor)."""
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    if email is None:
        return
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def visit(context: BrowserContext, page: Page, base: str, key: KeyPage, signed_in: list) -> None:
    """Open a key page as its reader (signing in or out only when the reader changes)."""
    if signed_in[0] != key.who:
        sign_in(context, base, key.who)
        signed_in[0] = key.who
    response = page.goto(base + key.path)
    assert response is not None and response.ok, f"{key.name}: {response and response.status}"


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_key_pages_have_no_wcag_violations_on_a_phone_and_a_desktop(
    browser: Browser, live_server, settings, language: str
):
    settings.DEMO_PASSWORD = "mine-action-demo"
    key_pages = seed_key_pages()
    base = live_server.url
    failures = []
    for width in WIDTHS:
        context = browse_as(browser, base, language, width)
        page = context.new_page()
        signed_in: list = [None]
        for key in key_pages:
            visit(context, page, base, key, signed_in)
            violations = axe_violations(page)
            if violations:
                failures.append(f"--- {key.name} ({key.path}), {language}, {width} px\n")
                failures.append(describe(violations))
        context.close()
    assert not failures, "axe found violations:\n" + "\n".join(failures)
