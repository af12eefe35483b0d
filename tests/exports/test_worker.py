"""The path through Celery: a real worker thread consuming from Redis."""

import time

from portal.exports import services
from portal.exports.models import ExportJob
from portal.notifications.models import Notification
from tests.factories import OrganisationFactory

from .factories import ExportJobFactory, StaffFactory, organisations_bulk
from .helpers import csv_lines, wait_for_job, xlsx_rows


def test_worker_exports_fifty_thousand_organisations_to_csv(celery_worker):
    organisations_bulk(50_000)
    owner = StaffFactory()
    job = services.export_request(owner=owner, kind="portal.organisations", fmt="csv")
    job = wait_for_job(job)
    assert job.status == ExportJob.Status.DONE, job.error
    assert (job.row_count, job.total_rows, job.progress) == (50_000, 50_000, 100)
    lines = csv_lines(job)
    assert len(lines) == 50_001
    assert lines[1].startswith("Organisation 0000000,O0,KH,Cambodia,")
    assert Notification.objects.get(recipient=owner).kind == "exports.ready"


def test_worker_builds_an_xlsx_report(celery_worker):
    OrganisationFactory(name="=HYPERLINK(1)")
    job = services.export_request(owner=StaffFactory(), kind="portal.organisations", fmt="xlsx")
    job = wait_for_job(job)
    assert job.status == ExportJob.Status.DONE, job.error
    assert [row[0] for row in xlsx_rows(job)] == ["Name", "'=HYPERLINK(1)"]


def test_worker_builds_a_report_sent_twice_once(celery_worker):
    from portal.exports.tasks import build_export

    OrganisationFactory()
    job = ExportJobFactory()
    build_export.delay(job.pk)
    build_export.delay(job.pk)
    job = wait_for_job(job)
    # The solo worker runs the second task right after the first; give it time to misbehave.
    time.sleep(1.5)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ExportJob.Status.DONE, 1)
    assert Notification.objects.filter(recipient=job.owner).count() == 1


def test_worker_reports_a_failed_build_to_its_owner(celery_worker):
    OrganisationFactory(country="KH")
    job = ExportJobFactory(parameters={"country": "ZZ"})
    from portal.exports.tasks import build_export

    build_export.delay(job.pk)
    job = wait_for_job(job)
    assert job.status == ExportJob.Status.FAILED
    assert "Select a valid choice" in job.error
    assert Notification.objects.get(recipient=job.owner).kind == "exports.failed"
