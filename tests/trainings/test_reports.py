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
