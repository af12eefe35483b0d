"""In a real browser, the Content-Security-Policy blocks nothing the pages use (issue 16).

Chromium reports every blocked script, style or eval both as a console message and as a
securitypolicyviolation event; the test listens to both on the home page, the practices with a
filter chosen (htmx: a checkbox updates the list at once on a wide screen, and empty fields stay
out of the URL: both written in static/js/portal.js now) and a practice's page.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def seeded(live_server) -> str:
    call_command("seed_demo", stdout=StringIO())
    return live_server.url


def test_the_pages_break_no_rule_of_the_policy_and_the_filters_still_work(
    browser: Browser, seeded: str
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: list[str] = []

    def collect() -> None:
        violations.extend(page.evaluate("window.cspViolations"))

    response = page.goto(f"{seeded}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("main")).to_be_visible()
    collect()

    page.goto(f"{seeded}/practices/")
    page.evaluate("window.noReload = true")
    filters = page.get_by_role("complementary").filter(has_text="Filters")
    filters.get_by_role("group", name="Theme").get_by_role(
        "checkbox", name="Non-technical survey"
    ).check()
    # Updated by htmx (no reload), with only the chosen filter in the URL.
    expect(page).to_have_url(re.compile(r"/practices/\?theme=non-technical-survey$"))
    assert page.evaluate("window.noReload") is True
    practice = page.get_by_role("main").get_by_role(
        "link", name="Faster non-technical survey in Colombia through knowledge sharing with CMAC"
    )
    expect(practice).to_be_visible()
    collect()

    practice.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Colombia")
    collect()

    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []

    # And the listeners do hear a violation: a style attribute is one.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color: red\"></b>')")
    page.wait_for_function("window.cspViolations.length > 0")
    assert any("Content Security Policy" in text for text in console)
    context.close()
