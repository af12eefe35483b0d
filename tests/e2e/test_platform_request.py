import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import Page, expect

from portal.permissions import Role

pytestmark = pytest.mark.e2e

TITLE = "Mechanical demining training for Eastern Province operators"
PASSWORD = "mine-action-demo"


def sign_in(page: Page, base: str, who: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", f"{who}@demo.mineaction.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def expect_notification(page: Page, base: str, text: str) -> None:
    page.goto(f"{base}/notifications/")
    expect(page.get_by_role("main")).to_contain_text(text)


def test_zambia_asks_for_training_cmac_offers_and_the_result_is_recorded(
    page: Page, live_server, settings
):
    settings.DEMO_PASSWORD = PASSWORD
    # A transactional test earlier in the run may have flushed the groups a migration made.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    call_command("seed_demo", stdout=StringIO())
    base = live_server.url

    # The Zambia member drafts and submits the request.
    sign_in(page, base, "zambia")
    page.goto(f"{base}/platform/requests/new/")
    form = page.get_by_role("main")
    form.get_by_label("Kind of support", exact=True).select_option(
        label="Technical cooperation or training"
    )
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Public summary", exact=True).fill("Training for six machine operators.")
    form.get_by_label("Details", exact=True).fill(
        "Six operators need three weeks on swing-type machines."
    )
    form.get_by_role("checkbox", name="Mechanical demining").check()
    form.get_by_role("radio", name="Operational and management").check()
    form.get_by_label("Country", exact=True).select_option(label="Zambia")
    form.locator("input[name=quantity]").fill("6")
    form.get_by_role("button", name="Save and submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text("Submitted for review")
    detail = page.url

    # The secretariat hears of it and opens it.
    sign_in(page, base, "secretariat")
    expect_notification(page, base, f"“{TITLE}” is now Submitted for review")
    page.goto(detail)
    page.get_by_role("button", name="Open it for offers").click()
    expect(page.get_by_role("main")).to_contain_text("Open")

    # CMAC's coordinator offers.
    sign_in(page, base, "coordinator")
    page.goto(detail)
    page.get_by_text("Offer support").click()
    page.get_by_label("What you offer", exact=True).fill(
        "A three-week course at CMAC's training centre."
    )
    page.locator("input[name=quantity]").fill("6")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.get_by_role("main")).to_contain_text("A three-week course")

    # The member is told of the opening and the offer, and accepts.
    sign_in(page, base, "zambia")
    expect_notification(page, base, f"“{TITLE}” is now Open")
    expect_notification(page, base, "Cambodian Mine Action Centre (CMAC) offered support")
    page.goto(detail)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("main")).to_contain_text("In progress")

    sign_in(page, base, "coordinator")
    expect_notification(page, base, f"Your offer for “{TITLE}” was accepted")

    # Later, the member records the result.
    sign_in(page, base, "zambia")
    page.goto(detail)
    page.get_by_role("link", name="Record the result and mark fulfilled").click()
    page.get_by_label("What came of the support", exact=True).fill("Six operators certified.")
    page.get_by_role("button", name="Mark fulfilled").click()
    expect(page.get_by_role("region", name="Result")).to_contain_text("Six operators certified.")
    expect(page.get_by_role("main")).to_contain_text(re.compile("Fulfilled"))

    sign_in(page, base, "coordinator")
    expect_notification(page, base, f"“{TITLE}” is now Fulfilled")
