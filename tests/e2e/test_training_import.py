"""A coordinator imports a participant list, fixes a bad row, and sees the dashboard change."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.trainings.report_factories import (
    EnrolmentFactory,
    PersonFactory,
    SessionFactory,
    coordinator,
)

pytestmark = pytest.mark.e2e

HEADER = "name,sex,age,country,position\n"
GOOD_ROWS = (
    "Olena Shevchenko,female,34,UA,Deminer supervisor\n"
    "Abebe Tesfaye,male,41,ET,Operations officer\n"
)
BAD_ROW = "Carlos Gómez,male,29,Atlantis,Survey team leader\n"
FIXED_ROW = "Carlos Gómez,male,29,CO,Survey team leader\n"


def figure(page: Page, label: str) -> str:
    """The number shown above a headline label, e.g. figure(page, "people trained")."""
    term = page.locator("dl.figures dt", has_text=label).first
    return term.locator("xpath=following-sibling::dd").inner_text()


def upload(page: Page, name: str, content: str) -> None:
    page.get_by_label("Participant list (.csv or .xlsx)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_coordinator_fixes_a_bad_row_imports_the_list_and_sees_the_dashboard_change(
    page: Page, live_server
):
    user = coordinator(email="dara@example.org", name="Dara Keo")
    session = SessionFactory(title="Land release for national authorities")
    EnrolmentFactory(
        session=session, person=PersonFactory(full_name="Souk Vongsa", nationality="LA")
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(f"{live_server.url}/trainings/dashboard/")
    expect(page.get_by_role("heading", name="Training dashboard")).to_be_visible()
    assert figure(page, "person trained") == "1"  # one person: the singular
    assert figure(page, "countr") == "1"

    page.goto(f"{live_server.url}/trainings/sessions/{session.pk}/")
    page.get_by_role("link", name="Import participants").click()
    upload(page, "participants.csv", HEADER + GOOD_ROWS + BAD_ROW)

    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("1 error")
    expect(errors).to_contain_text("Unknown country “Atlantis”")
    expect(page.get_by_role("button", name="Save these participants")).to_be_disabled()

    page.get_by_role("link", name="Upload the corrected file").click()
    upload(page, "participants-fixed.csv", HEADER + GOOD_ROWS + FIXED_ROW)
    page.get_by_role("button", name="Save these 3 participants").click()
    expect(page.get_by_role("status").first).to_contain_text("3 new people created")

    # Imported people are nominated; they count as trained once marked as completed.
    page.goto(f"{live_server.url}/trainings/sessions/{session.pk}/")
    for name in ("Olena Shevchenko", "Abebe Tesfaye", "Carlos Gómez"):
        page.get_by_label(f"Status of {name}").select_option(label="Completed")
    page.get_by_role("button", name="Save statuses and scores").click()

    page.goto(f"{live_server.url}/trainings/dashboard/")
    assert figure(page, "people trained") == "4"
    assert figure(page, "countr") == "4"
    assert figure(page, "women trained") == "2"
    by_country = page.get_by_role("region", name="People trained by country and sex")
    expect(by_country.get_by_role("row", name="Ukraine")).to_be_visible()
