"""The email paths through a real Celery worker and a real SMTP server."""

import time

from portal.models import Email
from portal.notifications.services import notify
from portal.tasks import deliver_email
from tests.factories import UserFactory


def wait_for_status(email: Email, status: str, timeout: float = 20) -> Email:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == status:
            return email
        time.sleep(0.05)
    raise AssertionError(f"email stayed {email.status}, expected {status}")


def test_notification_email_is_sent_exactly_once_when_the_task_runs_twice(
    kind, celery_worker, smtp_server
):
    user = UserFactory()
    [notification] = notify([user], kind, title="Your request has an offer")
    deliver_email.delay(notification.email_id)  # a duplicate delivery of the same task
    email = wait_for_status(notification.email, Email.Status.SENT)
    time.sleep(1)  # the duplicate runs right after; give it the chance to send again
    assert len(smtp_server.received) == 1
    assert b"Your request has an offer" in smtp_server.received[0]
    assert email.attempts == 1


def test_smtp_failure_leaves_the_row_failed_then_sent_after_retry(
    kind, celery_worker, smtp_server, settings
):
    settings.EMAIL_RETRY_BACKOFF = 2
    smtp_server.refuse_next = 1
    user = UserFactory()
    [notification] = notify([user], kind, title="Retry me")

    email = wait_for_status(notification.email, Email.Status.RETRY)
    assert "451" in email.error
    assert smtp_server.received == []

    email = wait_for_status(email, Email.Status.SENT)
    assert email.attempts == 2
    assert len(smtp_server.received) == 1


def test_permanent_smtp_refusal_fails_without_retrying(kind, celery_worker, smtp_server):
    smtp_server.refuse_next = 5
    smtp_server.refusal = "550 5.1.1 Mailbox does not exist"
    [notification] = notify([UserFactory()], kind, title="Nobody there")
    email = wait_for_status(notification.email, Email.Status.FAILED)
    assert "550" in email.error
    assert email.attempts == 1


def test_daily_digest_task_sends_one_email_with_every_item_through_the_worker(
    kind, celery_worker, smtp_server
):
    from portal.notifications.models import NotificationPreference
    from portal.notifications.registry import Delivery
    from portal.notifications.tasks import send_daily_digests

    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DAILY)
    for title in ["Offer from CMAC", "Offer from JICA"]:
        notify([user], kind, title=title)
    send_daily_digests.delay()
    send_daily_digests.delay()  # beat firing twice must not send two digests
    deadline = time.monotonic() + 20
    while not smtp_server.received and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)
    [message] = smtp_server.received
    assert b"Offer from CMAC" in message and b"Offer from JICA" in message
