from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portal.exports import services
from portal.exports.models import ExportJob
from tests.exports.helpers import csv_lines, file_bytes, pdf_text_objects, xlsx_rows
from tests.factories import UserFactory
from tests.trainings.report_factories import (
    EnrolmentFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    coordinator,
    organisation,
)

pytestmark = pytest.mark.django_db


def build(job: ExportJob) -> ExportJob:
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return job


def records() -> tuple:
    programme = ProgrammeFactory(
        name="JICA-CMAC Knowledge Sharing Programme",
        host=organisation("Cambodian Mine Action Centre"),
    )
    programme.funders.add(organisation("Japan International Cooperation Agency"))
    session = SessionFactory(
        programme=programme, start_date=date(2024, 6, 3), end_date=date(2024, 6, 14)
    )
    EnrolmentFactory(
        session=session, person=PersonFactory(full_name="Olena Shevchenko", nationality="UA")
    )
    EnrolmentFactory(
        session=session,
        person=PersonFactory(
            full_name="Former Name",
            email="former@example.org",
            anonymised_at=timezone.now(),
        ),
    )
    EnrolmentFactory(person=PersonFactory(full_name="Other Programme Person"))
    return programme, session


def test_participant_list_lists_the_programmes_people_with_their_details():
    programme, _session = records()
    job = services.export_request(
        owner=coordinator(),
        kind="trainings.participants",
        fmt="csv",
        parameters={"programme": str(programme.pk)},
    )

    lines = csv_lines(build(job))

    assert lines[0].startswith("Programme,Session,Start date")
    assert len(lines) == 3
    assert any("Olena Shevchenko" in line and "Ukraine" in line for line in lines)
    assert not any("Other Programme Person" in line for line in lines)


def test_participant_list_hides_the_details_of_anonymised_people():
    records()
    job = services.export_request(owner=coordinator(), kind="trainings.participants", fmt="xlsx")

    rows = xlsx_rows(build(job))

    flat = [str(value) for row in rows for value in row]
    assert "Anonymised participant" in flat
    assert "Former Name" not in flat
    assert "former@example.org" not in flat


def test_staff_without_the_coordinator_role_may_not_export_participants(client):
    staff = UserFactory(is_staff=True)

    with pytest.raises(PermissionDenied):
        services.export_request(owner=staff, kind="trainings.participants", fmt="csv")
    client.force_login(staff)
    page = client.get(reverse("exports:list")).content.decode()
    refused = client.post(
        reverse("exports:request"), {"kind": "trainings.participants", "format": "csv"}
    )

    assert "Training participants" not in page
    assert refused.status_code == 403
    assert not ExportJob.objects.exists()


def test_donor_report_is_a_pdf_with_the_programme_and_its_figures():
    programme, _session = records()
    job = services.export_request(
        owner=coordinator(),
        kind="trainings.donor_report",
        fmt="pdf",
        parameters={"programme": str(programme.pk), "year_from": "2020", "year_to": "2025"},
    )

    data = file_bytes(build(job))

    assert data.startswith(b"%PDF")
    assert b"JICA-CMAC Knowledge Sharing Programme" in pdf_text_objects(data)


def test_report_options_are_checked_before_anything_is_written():
    with pytest.raises(Exception, match="first year"):
        services.export_request(
            owner=coordinator(),
            kind="trainings.donor_report",
            fmt="pdf",
            parameters={"year_from": "2024", "year_to": "2010"},
        )
    assert not ExportJob.objects.exists()


def test_participant_list_keeps_only_the_chosen_years_and_country():
    programme, session = records()
    earlier = SessionFactory(
        programme=programme, start_date=date(2019, 3, 4), end_date=date(2019, 3, 8)
    )
    EnrolmentFactory(session=earlier, person=PersonFactory(full_name="Earlier Participant"))
    EnrolmentFactory(
        session=session, person=PersonFactory(full_name="Sokha Chan", nationality="KH")
    )
    job = services.export_request(
        owner=coordinator(),
        kind="trainings.participants",
        fmt="csv",
        parameters={"year_from": "2024", "year_to": "2024", "country": "UA"},
    )

    lines = csv_lines(build(job))

    assert len(lines) == 2
    assert "Olena Shevchenko" in lines[1]


def small_groups() -> None:
    """30 from Colombia and 20 from Ukraine; 3 men from Laos aged 35 to 44; 6 from Nigeria of
    whom 5 are women; and one person trained in 2019, the others in 2024."""
    session = SessionFactory(start_date=date(2024, 6, 3), end_date=date(2024, 6, 14))
    for number in range(30):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(sex="female" if number % 2 else "male", age_band="45_54"),
        )
    for number in range(20):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(nationality="UA", sex="female" if number % 3 else "male"),
        )
    for _ in range(3):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(nationality="LA", sex="male", age_band="35_44"),
        )
    for number in range(6):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(nationality="NG", sex="male" if number == 0 else "female"),
        )
    EnrolmentFactory(
        session=SessionFactory(start_date=date(2019, 4, 1), end_date=date(2019, 4, 5)),
        person=PersonFactory(nationality="UA", sex="female", age_band="under_25"),
    )


def pdf_lines(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [line for page in reader.pages for line in page.extract_text().splitlines()]


def donor_pdf_lines() -> list[str]:
    job = services.export_request(owner=coordinator(), kind="trainings.donor_report", fmt="pdf")
    return pdf_lines(file_bytes(build(job)))


def line_of(lines: list[str], label: str) -> list[str]:
    """The figures after `label` on its line of the report's country or year table."""
    found = [line for line in lines if line.startswith(label + " ")]
    assert found, f"no line {label!r} in {lines}"
    return found[0][len(label) :].split()


def test_the_donor_report_hides_a_group_of_three_men_with_its_zeros():
    small_groups()

    laos = line_of(donor_pdf_lines(), "Laos")

    # Total, four sexes, six age bands: no "0" women, no lone "3" among the age bands.
    assert laos == ["x"] * 11


def test_the_donor_report_does_not_give_away_one_man_among_six():
    small_groups()

    nigeria = line_of(donor_pdf_lines(), "Nigeria")

    total, women, men = nigeria[:3]
    assert (women, men) == ("x", "x")
    assert "5" not in nigeria and "1" not in nigeria


def test_the_donor_report_hides_a_year_with_one_participant():
    small_groups()
    lines = donor_pdf_lines()

    assert line_of(lines, "2019") == ["x"] * 11
    # 60 people in all, 59 in 2024: 2024 shown would give 2019's 1 back.
    assert line_of(lines, "2024")[0] == "x"


def test_the_donor_report_says_in_plain_words_what_is_hidden():
    small_groups()

    text = " ".join(donor_pdf_lines())

    assert "groups of fewer than 5 people are hidden" in text
    assert "women" in text and "1 woman" not in text


def donor_tables_csv(**parameters: str) -> list[list[str]]:
    import csv

    job = services.export_request(
        owner=coordinator(), kind="trainings.donor_tables", fmt="csv", parameters=parameters
    )
    return list(csv.reader(csv_lines(build(job))))


def test_the_donor_tables_hide_the_same_cells_as_the_report():
    small_groups()

    rows = donor_tables_csv()

    assert rows[0][:4] == ["Breakdown", "Group", "Total", "Sex: Female"]
    by_group = {(row[0], row[1]): row[2:] for row in rows[1:]}
    assert by_group[("By country", "Laos")] == ["x"] * 11
    nigeria = by_group[("By country", "Nigeria")]
    assert nigeria[1:3] == ["x", "x"]
    assert by_group[("By year", "2019")] == ["x"] * 11
    assert by_group[("By year", "2024")][0] == "x"
    assert by_group[("By country", "All participants")][:3] == ["60", "34", "26"]


def test_the_donor_tables_come_as_a_spreadsheet_too():
    small_groups()
    job = services.export_request(owner=coordinator(), kind="trainings.donor_tables", fmt="xlsx")

    rows = xlsx_rows(build(job))

    everyone = next(row for row in rows if row[1] == "All participants")
    laos = next(row for row in rows if row[1] == "Laos")
    assert everyone[2:5] == (60, 34, 26)
    assert list(laos[2:]) == ["x"] * 11


def test_only_coordinators_may_export_the_donor_tables():
    with pytest.raises(PermissionDenied):
        services.export_request(
            owner=UserFactory(is_staff=True), kind="trainings.donor_tables", fmt="csv"
        )
