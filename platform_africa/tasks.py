"""Thin Celery wrappers around the platform's services."""

from celery import shared_task

from platform_africa.services.reminders import requests_remind
from platform_africa.services.requests import subscribers_notify, subscribers_notify_missed


@shared_task(name="platform_africa.tasks.send_request_reminders")
def send_request_reminders() -> dict[str, int]:
    run = requests_remind()
    return {"no_offer": run.no_offer, "overdue": run.overdue, "closed": run.closed}


@shared_task(name="platform_africa.tasks.notify_subscribers")
def notify_subscribers(request_id: int) -> int:
    return subscribers_notify(request_id=request_id)


@shared_task(name="platform_africa.tasks.notify_missed_subscribers")
def notify_missed_subscribers() -> int:
    return subscribers_notify_missed()
