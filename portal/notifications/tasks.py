from celery import shared_task

from portal.notifications import services


@shared_task
def send_daily_digests() -> int:
    return services.digests_send()
