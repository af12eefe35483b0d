import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from portal.exports import services
from portal.exports.models import ExportJob
from portal.notifications.models import Notification

from .factories import DoneExportJobFactory, ExportJobFactory

pytestmark = pytest.mark.django_db

Status = ExportJob.Status


def ago(**kwargs: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


@pytest.fixture
def sent(broker_queue) -> Callable[[], list[int]]:
    """The export jobs handed to the broker, as the worker will receive them."""
    return lambda: [args[0] for args in broker_queue("portal.exports.tasks.build_export")]


def test_running_job_that_lost_its_worker_is_built_again_within_minutes(sent):
    stale = ExportJobFactory(status=Status.RUNNING, attempts=1, heartbeat_at=ago(minutes=4))
    assert services.exports_fail_stale() == 0
    stale.refresh_from_db()
    assert stale.status == Status.QUEUED
    assert sent() == [stale.pk]
    assert not Notification.objects.filter(recipient=stale.owner).exists()


def test_running_job_that_lost_its_worker_at_every_attempt_fails_and_its_owner_is_told(sent):
    stale = ExportJobFactory(
        status=Status.RUNNING, attempts=services.MAX_ATTEMPTS, heartbeat_at=ago(minutes=11)
    )
    assert services.exports_fail_stale() == 1
    stale.refresh_from_db()
    assert stale.status == Status.FAILED
    assert "stopped while it was being built" in stale.error
    assert Notification.objects.get(recipient=stale.owner).kind == "exports.failed"


def test_running_job_with_a_recent_heartbeat_is_left_alone(sent):
    busy = ExportJobFactory(status=Status.RUNNING, heartbeat_at=ago(minutes=1))
    assert services.exports_fail_stale() == 0
    busy.refresh_from_db()
    assert busy.status == Status.RUNNING


def test_queued_job_no_worker_picked_up_is_enqueued_again_once(sent):
    waiting = ExportJobFactory(heartbeat_at=ago(minutes=45))
    fresh = ExportJobFactory(heartbeat_at=ago(seconds=20))
    services.exports_fail_stale()
    services.exports_fail_stale()
    assert sent() == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.status == Status.QUEUED
    fresh.refresh_from_db()
    assert fresh.status == Status.QUEUED


def test_queued_job_waiting_a_day_is_given_up(sent):
    abandoned = ExportJobFactory(heartbeat_at=ago(hours=2))
    ExportJob.objects.filter(pk=abandoned.pk).update(created_at=ago(hours=25))
    assert services.exports_fail_stale() == 1
    abandoned.refresh_from_db()
    assert abandoned.status == Status.FAILED
    assert sent() == []


def test_expired_report_loses_its_file_and_is_marked_expired(media_root):
    job = DoneExportJobFactory()
    path = media_root / job.file.name
    assert path.exists()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=ago(minutes=1))
    assert services.exports_delete_expired() == 1
    job.refresh_from_db()
    assert job.status == Status.EXPIRED
    assert not job.file
    assert not path.exists()


def test_report_before_its_expiry_keeps_its_file(media_root):
    job = DoneExportJobFactory()
    assert services.exports_delete_expired() == 0
    job.refresh_from_db()
    assert job.status == Status.DONE
    assert (media_root / job.file.name).exists()


def test_expiry_of_a_file_already_gone_still_marks_the_job_expired(media_root):
    job = DoneExportJobFactory(expires_at=ago(days=1))
    (media_root / job.file.name).unlink()
    assert services.exports_delete_expired() == 1
    job.refresh_from_db()
    assert job.status == Status.EXPIRED
