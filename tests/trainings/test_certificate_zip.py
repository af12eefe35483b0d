"""A session's certificates as one ZIP: asked for on the session's page, built by a worker."""

import io
import time
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portal.exports import services as exports
from portal.exports.models import ExportJob
from tests.exports.helpers import wait_for_job
from tests.factories import UserFactory
from tests.trainings.report_factories import (
    EnrolmentFactory,
    SessionFactory,
    coordinator,
)
from trainings.models import Certificate, Enrolment, Session
from trainings.services.certificates import certificate_generate, certificates_issue


def built_certificate(enrolment: Enrolment) -> Certificate:
    """The enrolment's certificate, issued and its PDF built (as the session's page does)."""
    certificates_issue(session=enrolment.session)
    certificate = Certificate.objects.get(enrolment=enrolment)
    certificate_generate(certificate_id=certificate.pk)
    # With a worker running, the task queued by issuing may be the one building it.
    deadline = time.monotonic() + 60
    certificate.refresh_from_db()
    while certificate.status == Certificate.Status.PENDING and time.monotonic() < deadline:
        time.sleep(0.2)
        certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.READY, certificate.error
    return certificate


def zip_entries(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def numbers_of(enrolments: list[Enrolment]) -> list[str]:
    return sorted(
        f"{number}.pdf"
        for number in Certificate.objects.filter(enrolment__in=enrolments).values_list(
            "number", flat=True
        )
    )


def test_coordinator_gets_one_pdf_per_completed_participant_built_by_the_worker(
    client, celery_worker
):
    session = SessionFactory()
    with_pdf = EnrolmentFactory(session=session)
    built_certificate(with_pdf)
    without_certificate = [EnrolmentFactory(session=session) for _ in range(2)]
    # Completed once, certificate built, then set back to attended: no longer earns one.
    no_longer_completed = EnrolmentFactory(session=session)
    built_certificate(no_longer_completed)
    Enrolment.objects.filter(pk=no_longer_completed.pk).update(status=Enrolment.Status.ATTENDED)
    EnrolmentFactory(session=session, status=Enrolment.Status.CONFIRMED)
    EnrolmentFactory(status=Enrolment.Status.COMPLETED)  # another session's
    completed = [with_pdf, *without_certificate]
    client.force_login(coordinator())

    page = client.get(reverse("trainings:session-certificates", args=[session.pk]))
    assert "Download all 3 certificates (ZIP)" in page.content.decode()
    response = client.post(reverse("trainings:session-certificates-zip", args=[session.pk]))

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", args=[job.pk])
    job = wait_for_job(job)
    assert job.status == ExportJob.Status.DONE, job.error
    assert (job.total_rows, job.row_count, job.progress) == (3, 3, 100)
    detail = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "3 files." in detail
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    # Named for the session, so a coordinator's downloads of several sessions stay apart.
    named = f"certificates-{slugify(session.title, allow_unicode=True)[:60]}"
    assert f"{named}-{session.start_date:%Y-%m-%d}-" in download["Content-Disposition"]
    entries = zip_entries(download)
    assert sorted(entries) == numbers_of(completed)
    assert all(pdf.startswith(b"%PDF") for pdf in entries.values())
    assert set(
        Certificate.objects.filter(enrolment__in=completed).values_list("status", flat=True)
    ) == {Certificate.Status.READY}


@pytest.mark.django_db
def test_job_page_shows_how_many_certificates_are_in_so_far(client):
    session = SessionFactory()
    EnrolmentFactory(session=session)
    owner = coordinator()
    job = exports.export_request(
        owner=owner, kind="trainings.certificates", fmt="zip", parameters={"session": session.pk}
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, row_count=1200, total_rows=20_000, progress=6
    )
    client.force_login(owner)

    content = client.get(reverse("exports:detail", args=[job.pk])).content.decode()

    assert "1,200 of 20,000 files added." in content
    assert 'value="6"' in content


@pytest.mark.django_db
def test_a_certificate_built_before_anonymisation_is_rebuilt_for_the_zip():
    session = SessionFactory()
    certificate = built_certificate(EnrolmentFactory(session=session))
    person = certificate.enrolment.person
    person.anonymised_at = timezone.now()
    person.save(update_fields=["anonymised_at"])
    old_file = certificate.file.name
    job = exports.export_request(
        owner=coordinator(),
        kind="trainings.certificates",
        fmt="zip",
        parameters={"session": session.pk},
    )

    exports.export_build(job_id=job.pk)

    job.refresh_from_db()
    certificate.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert certificate.issued_at > person.anonymised_at
    assert certificate.file.name != old_file
    with (
        job.file.open("rb") as stored,
        zipfile.ZipFile(stored) as archive,
        certificate.file.open("rb") as rebuilt,
    ):
        assert archive.read(f"{certificate.number}.pdf") == rebuilt.read()


@pytest.mark.django_db
def test_staff_without_the_coordinator_role_cannot_ask_for_the_zip(client):
    session = SessionFactory()
    EnrolmentFactory(session=session)
    client.force_login(UserFactory(is_staff=True))

    through_the_page = client.post(reverse("trainings:session-certificates-zip", args=[session.pk]))
    through_reports = client.post(
        reverse("exports:request"),
        {"kind": "trainings.certificates", "format": "zip", "session": session.pk},
    )

    assert through_the_page.status_code == 404
    assert through_reports.status_code == 403
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_an_unknown_session_is_explained_and_no_job_is_made(client):
    client.force_login(coordinator())
    unknown = (Session.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    through_the_page = client.post(reverse("trainings:session-certificates-zip", args=[unknown]))
    through_reports = client.post(
        reverse("exports:request"),
        {"kind": "trainings.certificates", "format": "zip", "session": str(unknown)},
    )
    not_a_number = client.post(
        reverse("exports:request"),
        {"kind": "trainings.certificates", "format": "zip", "session": "first"},
    )

    assert through_the_page.status_code == 404
    assert through_reports.status_code == 400
    assert f"There is no training session number {unknown}." in through_reports.content.decode()
    assert not_a_number.status_code == 400
    assert "A session is given by its number." in not_a_number.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_session_no_one_completed_offers_no_zip_and_asking_is_explained(client):
    session = SessionFactory()
    EnrolmentFactory(session=session, status=Enrolment.Status.ATTENDED)
    client.force_login(coordinator())

    page = client.get(reverse("trainings:session-certificates", args=[session.pk]))
    response = client.post(
        reverse("trainings:session-certificates-zip", args=[session.pk]), follow=True
    )

    assert "(ZIP)" not in page.content.decode()
    assert response.redirect_chain == [
        (reverse("trainings:session-certificates", args=[session.pk]), 302)
    ]
    assert "No one has completed this session yet" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_an_old_link_to_the_zip_shows_the_certificates_page(client):
    session = SessionFactory()
    EnrolmentFactory(session=session)
    client.force_login(coordinator())

    response = client.get(reverse("trainings:session-certificates-zip", args=[session.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:session-certificates", args=[session.pk])
    assert not ExportJob.objects.exists()
