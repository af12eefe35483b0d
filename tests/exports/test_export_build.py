import csv
import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from portal.exports import services
from portal.exports.models import ExportJob
from portal.exports.registry import ExportKind, Format, Rows
from portal.notifications.models import Notification
from tests.factories import OrganisationFactory

from .factories import ExportJobFactory, StaffFactory
from .helpers import csv_lines, file_bytes, pdf_text_objects, xlsx_rows

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","Click")'


def build(job: ExportJob) -> ExportJob:
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_csv_has_a_header_and_one_line_per_organisation_with_labels():
    OrganisationFactory(
        name="Cambodian Mine Action Centre",
        acronym="CMAC",
        country="KH",
        kind="national_authority",
        website="https://www.cmac.gov.kh",
    )
    job = build(ExportJobFactory(format="csv"))
    assert (job.status, job.row_count, job.progress) == (ExportJob.Status.DONE, 1, 100)
    header, row = csv_lines(job)
    assert header.startswith("Name,Acronym,Country code,Country,Kind,Website,Created (UTC)")
    assert row.startswith(
        "Cambodian Mine Action Centre,CMAC,KH,Cambodia,National authority or centre,"
        "https://www.cmac.gov.kh,"
    )
    assert job.file.name.startswith("exports/")
    assert job.download_name == f"organisations-{timezone.localdate():%Y-%m-%d}.csv"


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas():
    OrganisationFactory(name=FORMULA, acronym="+SUM(A1)")
    OrganisationFactory(name="@cmd", acronym="-2")
    job = build(ExportJobFactory(format="csv"))
    rows = list(csv.reader(csv_lines(job)))
    assert [row[:2] for row in rows[1:]] == [["'" + FORMULA, "'+SUM(A1)"], ["'@cmd", "'-2"]]


def test_xlsx_opens_with_the_right_rows_and_formulas_neutralised():
    OrganisationFactory(name="Zambia Mine Action Centre", acronym="ZMAC", country="ZM")
    OrganisationFactory(name=FORMULA, acronym="\tTAB", country="")
    job = build(ExportJobFactory(format="xlsx"))
    header, *rows = xlsx_rows(job)
    assert header[:5] == ("Name", "Acronym", "Country code", "Country", "Kind")
    assert [row[:4] for row in rows] == [
        ("'" + FORMULA, "'\tTAB", None, None),
        ("Zambia Mine Action Centre", "ZMAC", "ZM", "Zambia"),
    ]
    assert isinstance(rows[1][6], datetime.datetime)
    assert job.download_name.endswith(".xlsx")


def test_country_option_limits_the_rows():
    OrganisationFactory(name="Zambia Mine Action Centre", country="ZM")
    OrganisationFactory(name="Cambodian Mine Action Centre", country="KH")
    job = build(ExportJobFactory(format="csv", parameters={"country": "ZM"}))
    assert job.row_count == 1
    assert "Zambia Mine Action Centre" in csv_lines(job)[1]


def test_report_is_written_in_the_owners_language():
    OrganisationFactory(country="KH")
    job = build(ExportJobFactory(owner=StaffFactory(preferred_language="fr"), format="csv"))
    assert job.status == ExportJob.Status.DONE
    assert ",KH,Cambodge," in csv_lines(job)[1]


def test_pdf_summary_is_a_pdf_with_its_title():
    OrganisationFactory(country="KH", kind="national_authority")
    OrganisationFactory(country="ZM", kind="operator")
    job = build(ExportJobFactory(kind="portal.organisations_summary", format="pdf"))
    assert job.status == ExportJob.Status.DONE, job.error
    data = file_bytes(job)
    assert data.startswith(b"%PDF")
    assert len(data) > 5000
    assert b"Organisations by kind and country" in pdf_text_objects(data)


def test_a_job_built_twice_is_built_once():
    OrganisationFactory()
    job = ExportJobFactory()
    assert services.export_build(job_id=job.pk) is True
    assert services.export_build(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.attempts == 1
    assert Notification.objects.filter(kind="exports.ready").count() == 1


def test_finished_report_notifies_its_owner_with_a_link():
    OrganisationFactory()
    job = build(ExportJobFactory())
    [notification] = Notification.objects.filter(recipient=job.owner)
    assert notification.kind == "exports.ready"
    assert "Organisations list" in notification.title
    # The report's name is kept as its message id, so it is read in the reader's language too.
    assert notification.title_phrase == {
        "message": "Your report “%(label)s” is ready",
        "params": {"label": {"msgid": "Organisations list"}},
    }
    assert notification.url == f"/exports/{job.pk}/"
    assert job.expires_at - job.finished_at == datetime.timedelta(days=7)


def test_bad_options_end_failed_with_a_readable_error_and_notify_the_owner():
    OrganisationFactory(country="KH")
    job = build(ExportJobFactory(parameters={"country": "ZZ"}))
    assert job.status == ExportJob.Status.FAILED
    assert "Country: Select a valid choice" in job.error
    assert not job.file
    [notification] = Notification.objects.filter(recipient=job.owner)
    assert notification.kind == "exports.failed"
    assert notification.body == job.error


def test_an_exception_in_the_rows_ends_failed_and_leaves_no_file(register_kind, media_root):
    def rows(parameters: dict) -> Rows:
        def explode():
            yield ("first",)
            raise RuntimeError("disk on fire")

        return Rows(headers=["Name"], rows=explode(), count=2)

    register_kind(
        ExportKind(
            name="tests.boom",
            label="Boom",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="boom",
            rows=rows,
        )
    )
    job = build(ExportJobFactory(kind="tests.boom"))
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "The report could not be built because of an error (RuntimeError)."
    assert job.finished_at is not None
    assert not list(media_root.rglob("*.csv"))
    assert Notification.objects.get(recipient=job.owner).kind == "exports.failed"


def test_soft_time_limit_ends_failed(register_kind):
    def rows(parameters: dict) -> Rows:
        raise SoftTimeLimitExceeded()

    register_kind(
        ExportKind(
            name="tests.slow",
            label="Slow",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="slow",
            rows=rows,
        )
    )
    job = build(ExportJobFactory(kind="tests.slow"))
    assert job.status == ExportJob.Status.FAILED
    assert "took too long" in job.error


def test_owner_who_lost_staff_rights_gets_a_failed_job():
    owner = StaffFactory()
    job = ExportJobFactory(owner=owner)
    owner.is_staff = False
    owner.save(update_fields=["is_staff"])
    job = build(job)
    assert job.status == ExportJob.Status.FAILED
    assert "no longer have permission" in job.error


def test_job_given_up_during_the_build_keeps_no_file(register_kind, media_root):
    def rows(parameters: dict) -> Rows:
        def given_up_midway():
            for number in range(5000):
                if number == 100:
                    # What the stale sweep does to a job whose worker it thinks is gone.
                    ExportJob.objects.filter(kind="tests.given_up").update(
                        status=ExportJob.Status.FAILED
                    )
                yield (f"row {number}",)

        return Rows(headers=["Name"], rows=given_up_midway(), count=5000)

    register_kind(
        ExportKind(
            name="tests.given_up",
            label="Given up",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="given-up",
            rows=rows,
        )
    )
    job = build(ExportJobFactory(kind="tests.given_up"))
    assert job.status == ExportJob.Status.FAILED
    assert not list(media_root.rglob("*.csv"))
    assert not Notification.objects.filter(kind="exports.ready").exists()


def test_progress_and_heartbeat_are_recorded_every_chunk(register_kind):
    seen = []

    def rows(parameters: dict) -> Rows:
        def watched():
            for number in range(4500):
                if number in (1, 2001, 4001):
                    seen.append(
                        ExportJob.objects.values_list("progress", "row_count", "heartbeat_at").get()
                    )
                yield (number,)

        return Rows(headers=["n"], rows=watched(), count=4500)

    register_kind(
        ExportKind(
            name="tests.progress",
            label="Progress",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="progress",
            rows=rows,
        )
    )
    job = build(ExportJobFactory(kind="tests.progress"))
    assert [(progress, count) for progress, count, _ in seen] == [(0, 0), (44, 2000), (88, 4000)]
    assert seen[0][2] <= seen[1][2] <= seen[2][2]
    assert (job.progress, job.row_count, job.total_rows) == (100, 4500, 4500)


# Transactional: the handler closes the connection, as a worker must after losing it.
@pytest.mark.django_db(transaction=True)
def test_lost_database_connection_puts_the_job_back_for_a_retry_then_fails_it(register_kind):
    from django.db import OperationalError

    def rows(parameters: dict) -> Rows:
        raise OperationalError("server closed the connection unexpectedly")

    register_kind(
        ExportKind(
            name="tests.flaky",
            label="Flaky",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="flaky",
            rows=rows,
        )
    )
    job = ExportJobFactory(kind="tests.flaky")
    for attempt in range(1, services.MAX_ATTEMPTS):
        with pytest.raises(services.TransientExportError):
            services.export_build(job_id=job.pk)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (ExportJob.Status.QUEUED, attempt)
    job = build(job)
    assert job.status == ExportJob.Status.FAILED
    assert "database was unavailable" in job.error


@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_mid_export_is_dropped_and_the_job_put_back_on_a_fresh_one(
    register_kind,
):
    """PostgreSQL restarting kills the worker's connection while it streams rows. The job must
    go back to the queue for a retry, through a new connection: reusing the dead one raised
    from the retry path and left the job "running" for the stale sweep."""
    import psycopg
    from django.db import connection

    from portal.models import Organisation

    def rows(parameters: dict) -> Rows:
        pid = connection.connection.info.backend_pid
        params = connection.get_connection_params()
        with psycopg.connect(
            dbname=params["dbname"],
            host=params.get("host"),
            port=params.get("port"),
            user=params.get("user"),
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return Rows(headers=["Name"], rows=Organisation.objects.values_list("name"), count=1)

    register_kind(
        ExportKind(
            name="tests.restart",
            label="Restart",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="restart",
            rows=rows,
        )
    )
    job = ExportJobFactory(kind="tests.restart")

    with pytest.raises(services.TransientExportError):
        services.export_build(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.QUEUED, 1)
