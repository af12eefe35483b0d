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
