import time

import pytest
from django.core import mail

from portal import services
from portal.models import Email

from .helpers import wait_for_mail


@pytest.mark.django_db
def test_an_email_is_sent_once_even_when_delivery_runs_twice():
    email = services.email_queue(to="a@example.org", subject="Hello", body_text="Body")
    assert services.email_deliver(email_id=email.pk) is True
    assert services.email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


def test_worker_delivers_a_queued_email_once_when_the_task_is_sent_twice(celery_worker, mail_dir):
    from portal.tasks import deliver_email

    email = services.email_queue(to="b@example.org", subject="Twice", body_text="Only once")
    deliver_email.delay(email.pk)
    [message] = wait_for_mail(mail_dir)
    assert "Only once" in message
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    # The solo worker runs the second task right after the first; give it time to misbehave.
    time.sleep(1.5)
    assert len(list(mail_dir.glob("*.log"))) == 1


@pytest.mark.django_db
def test_stuck_emails_are_requeued_and_interrupted_ones_sent_again_with_the_same_message_id(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.utils import timezone

    queued = services.email_queue(to="c@example.org", subject="Waiting", body_text="x")
    sending = services.email_queue(to="d@example.org", subject="Half sent", body_text="y")
    recent = services.email_queue(to="e@example.org", subject="Being sent", body_text="z")
    worn = services.email_queue(to="f@example.org", subject="Tried enough", body_text="w")
    long_ago = timezone.now() - timedelta(hours=1)
    Email.objects.filter(pk=queued.pk).update(updated_at=long_ago)
    # Its worker was killed after the claim: nobody knows whether the server got it.
    Email.objects.filter(pk=sending.pk).update(
        status=Email.Status.SENDING, attempts=1, updated_at=long_ago
    )
    # A live worker is on this one (claimed a moment ago): left alone.
    Email.objects.filter(pk=recent.pk).update(status=Email.Status.SENDING, attempts=1)
    Email.objects.filter(pk=worn.pk).update(
        status=Email.Status.SENDING, attempts=services.MAX_ATTEMPTS, updated_at=long_ago
    )

    assert services.emails_requeue_stuck() == 2
    statuses = dict(Email.objects.values_list("pk", "status"))
    assert statuses[sending.pk] == Email.Status.RETRY
    assert statuses[recent.pk] == Email.Status.SENDING
    assert statuses[worn.pk] == Email.Status.FAILED
    assert services.email_deliver(email_id=queued.pk) is True
    assert services.email_deliver(email_id=sending.pk) is True
    assert [m.subject for m in mail.outbox] == ["Waiting", "Half sent"]
    # The second attempt carries the id the first one had: the receiver keeps one copy.
    sending.refresh_from_db()
    sent_ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert sent_ids[1] == services.email_message_id(sending)
    assert sent_ids[0] != sent_ids[1]
    assert sent_ids[1].startswith(f"<outbox.{sending.pk}.") and sent_ids[1].endswith(">")

    # An email whose task the broker lost (Redis restarted) is handed over within a minute, as
    # soon as the queue stands still.
    lost_task = services.email_queue(to="g@example.org", subject="Lost task", body_text="v")
    Email.objects.filter(pk=lost_task.pk).update(updated_at=timezone.now() - timedelta(minutes=1))
    assert services.emails_requeue_stuck() == 0  # emails went out a moment ago: still moving
    Email.objects.filter(status=Email.Status.SENT).update(
        updated_at=timezone.now() - timedelta(seconds=20)
    )
    retrying = services.email_queue(to="h@example.org", subject="Backing off", body_text="u")
    Email.objects.filter(pk=retrying.pk).update(
        status=Email.Status.RETRY, updated_at=timezone.now() - timedelta(minutes=3)
    )
    assert services.emails_requeue_stuck() == 1  # the lost one; the retry keeps its back-off
