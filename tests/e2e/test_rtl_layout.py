"""Layout in every language: Arabic mirrored, nothing wider than a 320 px phone, menus a keyboard
user can close and see."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import (
    COORDINATOR,
    browse_as,
    seed_key_pages,
    sign_in,
    visit,
)

pytestmark = pytest.mark.e2e


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def open_menu(page: Page, menu: str) -> None:
    page.locator(f"{menu} > summary").click()
    expect(page.locator(f"{menu} > summary + ul")).to_be_visible()


@pytest.mark.parametrize("width", [320, 1280])
def test_in_arabic_the_header_is_mirrored_and_its_menus_open_inside_the_screen(
    browser: Browser, live_server, width: int
):
    seed_key_pages()
    base = live_server.url
    context = browse_as(browser, base, "ar", width)
    sign_in(context, base, COORDINATOR)
    page = context.new_page()
    page.goto(f"{base}/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    header = box(page, ".site-header nav")
    name = box(page, ".site-header .site-name")
    # The site name starts at the right edge of the header (its padding and Pico's link
    # padding aside); the menus are on the left.
    assert header["x"] + header["width"] - (name["x"] + name["width"]) < 24
    account = box(page, ".account-menu > summary")
    # On a phone the long Arabic name takes the row and the menus wrap below it, at the left.
    if account["y"] >= name["y"] + name["height"]:
        assert account["x"] < header["x"] + header["width"] / 2
    else:
        assert account["x"] + account["width"] <= name["x"]

    for menu in (".account-menu", ".language-menu"):
        open_menu(page, menu)
        items = box(page, f"{menu} > summary + ul")
        assert items["x"] >= 0, f"{menu} opens off the left of the screen"
        assert items["x"] + items["width"] <= width, f"{menu} opens off the right of the screen"
        page.keyboard.press("Escape")
    context.close()


@pytest.mark.parametrize("language", ["fr", "uk", "ar"])
def test_no_key_page_is_wider_than_a_320_px_phone(browser: Browser, live_server, language: str):
    key_pages = seed_key_pages()
    base = live_server.url
    context = browse_as(browser, base, language, 320)
    page = context.new_page()
    signed_in: list = [None]
    too_wide = []
    for key in key_pages:
        visit(context, page, base, key, signed_in)
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            too_wide.append(f"{key.name} ({key.path}): {scroll_width} px")
    context.close()
    assert not too_wide, f"wider than the screen in {language}: " + ", ".join(too_wide)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_escape_closes_a_menu_and_focus_returns_to_its_button(
    browser: Browser, live_server, language: str
):
    seed_key_pages()
    base = live_server.url
    context = browse_as(browser, base, language, 1280)
    sign_in(context, base, COORDINATOR)
    page = context.new_page()
    page.goto(f"{base}/")

    for menu in (".account-menu", ".language-menu"):
        summary = page.locator(f"{menu} > summary")
        summary.focus()
        page.keyboard.press("Enter")
        expect(page.locator(menu)).to_have_attribute("open", "")
        page.keyboard.press("Tab")  # onto the first item of the menu
        page.keyboard.press("Escape")
        expect(page.locator(menu)).not_to_have_attribute("open", "")
        expect(summary).to_be_focused()
    context.close()


FOCUS_STYLE = """(element) => {
  const style = getComputedStyle(element);
  let behind = element, background = "rgba(0, 0, 0, 0)";
  while (behind && ["rgba(0, 0, 0, 0)", "transparent"].includes(background)) {
    background = getComputedStyle(behind).backgroundColor;
    behind = behind.parentElement;
  }
  return {
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, boxShadow: style.boxShadow, background: background,
  };
}"""


def assert_visible_focus(page: Page, selector: str, what: str) -> None:
    style = page.locator(selector).evaluate(FOCUS_STYLE)
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] > 0
    assert outline or style["boxShadow"] != "none", f"{what} shows no focus indicator: {style}"
    if outline:
        assert style["outlineColor"] != style["background"], f"{what}: focus ring unseen {style}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_account_menu_and_its_items_show_where_the_keyboard_is(
    browser: Browser, live_server, language: str
):
    seed_key_pages()
    base = live_server.url
    context = browse_as(browser, base, language, 1280)
    sign_in(context, base, COORDINATOR)
    page = context.new_page()
    page.goto(f"{base}/")

    # Keyboard focus: Tab from the language menu onto the account menu's button.
    page.locator(".language-menu > summary").focus()
    page.keyboard.press("Tab")  # the notifications link
    page.keyboard.press("Tab")
    expect(page.locator(".account-menu > summary")).to_be_focused()
    # The ring is drawn against the header's band, not the button's transparent background.
    style = page.locator(".account-menu > summary").evaluate(FOCUS_STYLE)
    band = page.locator(".site-header").evaluate("(e) => getComputedStyle(e).backgroundColor")
    assert style["outlineStyle"] != "none" and style["outlineWidth"] > 0, style
    assert style["outlineColor"] != band, f"the account button's ring is the band's colour {style}"

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = ".account-menu > summary + ul a:focus"
    expect(page.locator(focused)).to_have_count(1)
    assert_visible_focus(page, focused, "the focused account-menu item")
    context.close()
