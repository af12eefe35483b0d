import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_visitor_signs_in_from_home_and_sees_their_account_menu(page: Page, live_server):
    OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")
    UserFactory(email="sokha@example.org", name="Sokha Chan")

    page.goto(live_server.url)
    expect(page.get_by_role("main")).to_contain_text("1")
    page.get_by_role("navigation").get_by_role("link", name="Sign in").click()

    page.get_by_label("Email").fill("sokha@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("banner")).to_contain_text("Sokha Chan")


def test_home_is_usable_on_a_phone_sized_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    context.close()
