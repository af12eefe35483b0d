from celery import shared_task
from django.conf import settings

from portal import datachanges, services


# SMTP gives up after EMAIL_TIMEOUT (20 s); the hard limit stays below SENDING_LOST_AFTER, so
# the sweep never sends again an email a live worker is still delivering.
@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS, soft_time_limit=100, time_limit=2 * 60)
def deliver_email(self, email_id: int) -> bool:  # noqa: ANN001 - Celery's bound task
    try:
        return services.email_deliver(email_id=email_id)
    except services.TransientEmailError as exc:
        countdown = settings.EMAIL_RETRY_BACKOFF * 2**self.request.retries
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task
def requeue_stuck_emails() -> int:
    return services.emails_requeue_stuck()


@shared_task
def prune_data_changes() -> int:
    return datachanges.prune()
