"""Work handed to the workers survives a broker that is down or loses its messages (issue 15):
the database row is the intent, and a sweep sends again what stayed undone."""

import logging
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from portal import dispatch
from tests.trainings.report_factories import EnrolmentFactory, SessionFactory
from trainings.models import Certificate, ImportBatch
from trainings.services import imports
from trainings.services.certificates import certificates_issue, certificates_requeue_pending


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
def test_with_the_broker_down_a_large_request_gives_up_publishing_after_the_first_failure(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    EnrolmentFactory.create_batch(300, session=session)

    with (
        caplog.at_level(logging.WARNING, logger="portal.dispatch"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert certificates_issue(session=session) == 300

    # One failed attempt, not 300 of them each waiting for its retries; every row is kept.
    assert len([r for r in caplog.records if "broker is unreachable" in r.message]) == 1
    assert Certificate.objects.filter(status=Certificate.Status.PENDING).count() == 300
    assert dispatch.send(dispatch.send, "nothing") is False  # still paused: no new attempt


@pytest.mark.django_db(transaction=True)
def test_certificates_the_broker_never_got_are_built_after_the_sweep(broker_queue, celery_worker):
    session = SessionFactory()
    enrolments = EnrolmentFactory.create_batch(3, session=session)
    # Created as a request does while the broker is down: rows, and no message.
    for enrolment in enrolments:
        Certificate.objects.create(
            enrolment=enrolment, number=f"T-{enrolment.pk}", verification_code=f"v{enrolment.pk}"
        )
    assert certificates_requeue_pending() == 0  # too recent: its own task may still come
    Certificate.objects.update(created_at=timezone.now() - timedelta(minutes=3))

    assert certificates_requeue_pending() == 3

    assert wait_for(lambda: not Certificate.objects.filter(status="pending").exists())
    assert set(Certificate.objects.values_list("status", flat=True)) == {"ready"}


@pytest.mark.django_db
def test_the_certificate_sweep_leaves_a_session_that_is_still_being_built(broker_queue):
    session = SessionFactory()
    built, waiting = EnrolmentFactory.create_batch(2, session=session)
    long_ago = timezone.now() - timedelta(minutes=10)
    Certificate.objects.create(
        enrolment=built, number="T-1", verification_code="a", status="ready",
        issued_at=timezone.now(),
    )  # fmt: skip
    Certificate.objects.create(enrolment=waiting, number="T-2", verification_code="b")
    Certificate.objects.update(created_at=long_ago)

    assert certificates_requeue_pending() == 0
    assert certificates_requeue_pending(now=timezone.now() + timedelta(minutes=2)) == 1
    assert len(broker_queue("trainings.tasks_certificates.generate_certificate")) == 1


@pytest.mark.django_db
def test_an_import_whose_write_was_lost_is_sent_again_and_written_once(broker_queue):
    batch = ImportBatch.objects.create(
        session=SessionFactory(), filename="list.csv", sha256="0" * 64,
        status=ImportBatch.Status.PROCESSING,
    )  # fmt: skip
    assert imports.import_batches_requeue() == 0
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    ImportBatch.objects.create(
        session=SessionFactory(), filename="done.csv", sha256="1" * 64,
        status=ImportBatch.Status.DONE, created_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip

    assert imports.import_batches_requeue() == 1
    assert broker_queue("trainings.tasks.import_batch_write_task") == [(batch.pk,)]


@pytest.mark.django_db(transaction=True)
def test_a_worker_starting_again_takes_back_at_once_what_its_last_run_held(mail_dir):
    """Its last run was killed (kill -9) while delivering an email and building a report: the
    new run under the same node name sends the one and builds the other at once, instead of
    after the 3-minute sweep."""
    from celery.contrib.testing.worker import start_worker

    from portal import services
    from portal.celery import app as celery_app
    from portal.exports.models import ExportJob
    from portal.models import Email
    from tests.exports.factories import ExportJobFactory, StaffFactory

    node = "worker@killed-host"
    email = services.email_queue(to="olena@example.org", subject="Вітаємо", body_text="Текст")
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING, attempts=1, claimed_by=node, updated_at=timezone.now()
    )
    job = ExportJobFactory(
        owner=StaffFactory(), kind="portal.organisations", format="csv",
        status=ExportJob.Status.RUNNING, attempts=1, claimed_by=node, heartbeat_at=timezone.now(),
    )  # fmt: skip
    other = services.email_queue(to="b@example.org", subject="Elsewhere", body_text="x")
    Email.objects.filter(pk=other.pk).update(
        status=Email.Status.SENDING, attempts=1, claimed_by="worker@other-host"
    )
    celery_app.control.purge()

    with start_worker(celery_app, pool="solo", perform_ping_check=False, hostname=node):
        assert wait_for(lambda: Email.objects.get(pk=email.pk).status == Email.Status.SENT)
        assert wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE)

    email.refresh_from_db()
    assert email.claimed_by == node and email.attempts == 2
    # Another node's delivery may still be running: it is left to that node.
    assert Email.objects.get(pk=other.pk).status == Email.Status.SENDING


@pytest.mark.django_db
def test_a_backlog_of_duplicate_checks_gives_the_workers_back_after_its_slice(
    broker_queue, monkeypatch
):
    """60,000 people loaded at once held both worker processes for minutes while 500 emails
    waited: the task now stops after its time slice and queues the rest behind them."""
    from tests.trainings.factories import PersonFactory
    from trainings import tasks
    from trainings.models import Person

    PersonFactory.create_batch(3)
    monkeypatch.setattr(tasks, "PAIRS_SLICE", 0.0)
    monkeypatch.setattr(tasks, "PAIRS_BATCH", 1)

    assert tasks.person_pairs_refresh_task() >= 1

    assert Person.objects.filter(pairs_checked_at__isnull=True).exists()
    assert broker_queue("trainings.tasks.person_pairs_refresh_task") == [()]


@pytest.mark.django_db
def test_after_a_crash_the_emails_the_dead_worker_had_taken_are_handed_over_at_once(broker_queue):
    """A worker killed mid fan-out had prefetched messages that come back only after the broker's
    visibility timeout; started again (KEEPALIVE_RUN > 1), it hands every queued email over."""
    from portal import services
    from portal.models import Email

    taken = services.email_queue(to="nguyen@example.org", subject="Yêu cầu mới", body_text="x")
    moving = services.email_queue(to="mohammed@example.org", subject="طلب جديد", body_text="y")
    Email.objects.filter(pk=moving.pk).update(status=Email.Status.SENT, sent_at=timezone.now())
    Email.objects.filter(pk=taken.pk).update(updated_at=timezone.now() - timedelta(seconds=40))
    broker_queue("portal.tasks.deliver_email")  # the on-commit publishes are not counted

    assert services.emails_requeue_stuck() == 0  # the queue is moving: it may still come
    assert services.emails_requeue_stuck(after_crash=True) == 1
    assert (taken.pk,) in broker_queue("portal.tasks.deliver_email")
