"""After a filter is chosen with JavaScript on, everything on the page follows it (issue 12, 6).

The filter is chosen on the demo data (the theme "Non-technical survey", then Colombia), with
htmx, on a desktop (a checkbox updates the list at once) and on a phone (the filters are in a
disclosure and "Apply filters" updates it). Each test checks one thing that must follow.
"""

import re
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from knowledge.exports import pack_document
from portal.exports.models import ExportJob

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": 1280, "phone": 390}
STATE = {"theme": ["non-technical-survey"], "country": ["CO"]}
COLOMBIA = "Faster non-technical survey in Colombia through knowledge sharing with CMAC"
# About non-technical survey too, but in Lao PDR and Iraq: not in the filtered list.
ELSEWHERE = "Gender-balanced non-technical survey teams reach more of the community"


@pytest.fixture
def seeded(live_server) -> str:
    call_command("seed_demo", stdout=StringIO())
    return live_server.url


def _page(browser: Browser, base: str, width: int, *, signed_in: bool) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    if signed_in:
        client = Client()
        client.force_login(get_user_model().objects.filter(is_active=True).first())
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.goto(f"{base}/practices/")
    # Set on the loaded page: still there afterwards means htmx updated it, no reload did.
    page.evaluate("window.noReload = true")
    return page


def _choose_filters(page: Page) -> None:
    """The theme, then Colombia, the way a reader at this width does it."""
    filters = page.get_by_role("complementary").filter(has_text="Filters")
    phone = not filters.get_by_role("group", name="Theme").is_visible()
    for group, name, expected in (
        ("Theme", "Non-technical survey", r"theme=non-technical-survey"),
        ("Country", "Colombia", r"theme=non-technical-survey.*country=CO"),
    ):
        filters = page.get_by_role("complementary").filter(has_text="Filters")
        if phone and not filters.get_by_role("group", name=group).is_visible():
            filters.locator("summary").click()
        filters.get_by_role("group", name=group).get_by_role("checkbox", name=name).check()
        if phone:
            filters.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(expected))
    expect(page.get_by_role("main").get_by_role("link", name=ELSEWHERE)).to_have_count(0)
    assert page.evaluate("window.noReload") is True


def _state(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> int:
    return WIDTHS[request.param]


def test_the_url_carries_the_filters(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=False)
    _choose_filters(page)

    assert _state(page.url) == STATE


def test_the_page_title_names_the_filters(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=False)
    _choose_filters(page)

    expect(page).to_have_title(re.compile(r"^Non-technical survey · Colombia: good practices"))


def test_the_feed_link_on_the_page_is_the_filtered_feed(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=False)
    _choose_filters(page)

    href = page.locator("a.feed-link").get_attribute("href")
    assert urlsplit(href).path == "/practices/feed/"
    assert _state(href) == STATE


def test_the_feed_link_in_the_head_is_the_filtered_feed(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=False)
    _choose_filters(page)

    alternates = page.locator("head link[rel=alternate][type='application/atom+xml']")
    expect(alternates).to_have_count(1)
    href = alternates.get_attribute("href")
    assert urlsplit(href).path == "/practices/feed/"
    assert _state(href) == STATE


def test_save_this_search_appears_with_the_filters(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=True)
    expect(page.locator("form.save-search-form")).to_have_count(0)  # nothing to save yet
    _choose_filters(page)

    form = page.locator("form.save-search-form")
    expect(form).to_be_visible()
    assert _state("?" + form.locator("input[name=query]").input_value()) == STATE


def test_the_reading_pack_is_of_the_filtered_practices(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=True)
    _choose_filters(page)

    form = page.locator("form.pack-form")
    fields = {
        name: form.locator(f"input[name={name}]").evaluate_all("els => els.map(e => e.value)")
        for name in ("theme", "country", "q", "page")
    }
    assert fields == {**STATE, "q": [], "page": []}
    form.get_by_role("button", name=re.compile("Download a reading pack")).click()
    expect(page).to_have_url(re.compile(r"/exports/"))

    job = ExportJob.objects.get()
    practices = pack_document(job.parameters).context["practices"]
    assert COLOMBIA in [practice.title for practice in practices]
    assert ELSEWHERE not in [practice.title for practice in practices]
    assert all("CO" in practice.countries for practice in practices)


def test_going_back_brings_the_earlier_feed_links_back(browser, seeded, width):
    page = _page(browser, seeded, width, signed_in=False)
    _choose_filters(page)

    page.go_back()

    expect(page).to_have_url(re.compile(r"theme=non-technical-survey$"))
    head = page.locator("head link[rel=alternate][type='application/atom+xml']")
    expect(head).to_have_attribute("href", "/practices/feed/?theme=non-technical-survey")
    expect(page.locator("a.feed-link")).to_have_attribute(
        "href", "/practices/feed/?theme=non-technical-survey"
    )
