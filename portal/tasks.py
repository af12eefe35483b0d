from celery import shared_task

from portal import services


@shared_task(
    autoretry_for=(services.TransientEmailError,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=services.MAX_ATTEMPTS,
)
def deliver_email(email_id: int) -> bool:
    return services.email_deliver(email_id=email_id)


@shared_task
def requeue_stuck_emails() -> int:
    return services.emails_requeue_stuck()
