"""Issue 14's acceptance, in a browser: a coordinator imports a UTF-16 list (as Excel saves
"Unicode text") whose organisation is not on the site, maps it in the preview, saves; marks a
session of 1,000 participants completed; and downloads their certificates as one ZIP, built
by a real Celery worker."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, OrganisationFactory
from tests.trainings.report_factories import SessionFactory, coordinator
from trainings.models import Enrolment, Person

pytestmark = pytest.mark.e2e

SESSION_SIZE = 1000
IMPORTED = [
    ("Nguyễn Thị Lan", "female", "VN"),
    ("Олена Шевченко", "female", "UA"),
    ("محمد الحسن", "male", "SD"),
]


def utf16_list() -> bytes:
    lines = ["name\tsex\tage\tcountry\torganisation\tposition"]
    lines += [
        f"{name}\t{sex}\t34\t{country}\tNMAC Nigeria\tDeminer" for name, sex, country in IMPORTED
    ]
    return "\ufeff".encode("utf-16-le") + "\r\n".join(lines).encode("utf-16-le")


def test_utf16_import_with_an_unknown_organisation_then_a_thousand_certificates_as_one_zip(
    page: Page, live_server, celery_worker
):
    user = coordinator(email="lan@example.org", name="Lan Pham")
    nmac = OrganisationFactory(
        name="National Mine Action Centre (Nigeria)", acronym="NMAC", country="NG"
    )
    session = SessionFactory(title="Land release for national authorities")
    # The rest of the session, as a coordinator would have imported it before.
    people = Person.objects.bulk_create(
        Person(full_name=f"Participant {number:04d}", nationality="KH", sex="female")
        for number in range(SESSION_SIZE - len(IMPORTED))
    )
    Enrolment.objects.bulk_create(
        Enrolment(session=session, person=person, status=Enrolment.Status.NOMINATED)
        for person in people
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # The import: the UTF-16 file is read, its one unknown organisation listed with a
    # suggestion, mapped, and the rows it blocked become valid.
    page.goto(f"{live_server.url}/trainings/sessions/{session.pk}/")
    page.get_by_role("link", name="Import participants").click()
    page.get_by_label("Participant list (.csv or .xlsx)").set_input_files(
        files=[{"name": "participants.txt", "mimeType": "text/plain", "buffer": utf16_list()}]
    )
    page.get_by_role("button", name="Check the file").click()
    unknown = page.get_by_role("region", name="1 organisation is not on the site")
    expect(unknown).to_contain_text("NMAC Nigeria")
    expect(unknown).to_contain_text("used in 3 rows")
    expect(page.get_by_role("button", name="Save these participants")).to_be_disabled()
    unknown.get_by_label("This is").select_option(label=str(nmac))
    page.get_by_role("button", name="Apply these choices and check the file again").click()
    page.get_by_role("button", name="Save these 3 participants").click()
    expect(page.get_by_role("status").first).to_contain_text("3 new people created")
    assert set(Person.objects.filter(organisation=nmac).values_list("full_name", flat=True)) == {
        name for name, _sex, _country in IMPORTED
    }

    # A thousand participants completed at once, on a page that shows a hundred of them.
    page.goto(f"{live_server.url}/trainings/sessions/{session.pk}/")
    expect(page.get_by_role("heading", name=f"{SESSION_SIZE:,} participants")).to_be_visible()
    page.get_by_label(f"Give all {SESSION_SIZE:,} participants one status").select_option(
        label="Completed"
    )
    page.get_by_role("button", name="Set for everyone").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"All {SESSION_SIZE:,} participants marked “Completed”."
    )
    assert (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.COMPLETED).count()
        == SESSION_SIZE
    )

    # Their certificates: asked for from the session's certificates page, built by the worker
    # with its progress on the report's page, then downloaded.
    page.goto(f"{live_server.url}/trainings/sessions/{session.pk}/certificates/")
    page.get_by_role("button", name=f"Download all {SESSION_SIZE:,} certificates (ZIP)").click()
    expect(page).to_have_url(re.compile(r"/exports/\d+/$"))
    download_link = page.get_by_role("link", name="Download ZIP")
    # A thousand PDFs rendered by one worker thread: minutes, not seconds.
    expect(download_link).to_be_visible(timeout=15 * 60 * 1000)
    with page.expect_download() as download_info:
        download_link.click()
    with zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes())) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)) == SESSION_SIZE
        assert all(name.endswith(".pdf") for name in names)
        assert archive.read(names[0]).startswith(b"%PDF")
