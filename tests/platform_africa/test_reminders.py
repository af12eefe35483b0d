import time
from datetime import timedelta

import pytest
from django.utils import timezone

from platform_africa.models import SupportRequest
from platform_africa.services.reminders import (
    CLOSE_AFTER_WARNING_DAYS,
    NO_OFFER_DAYS,
    requests_remind,
)
from platform_africa.tasks import send_request_reminders
from portal.notifications.models import Notification
from tests.platform_africa.factories import OfferFactory, SupportRequestFactory, member

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def test_an_overdue_request_is_flagged_once_not_every_run(secretariat):
    request = SupportRequestFactory(needed_by=timezone.now().date() - timedelta(days=1))
    requester = member(request.organisation)
    first = requests_remind()
    second = requests_remind()
    assert (first.overdue, second.overdue) == (1, 0)
    reminders = Notification.objects.filter(kind="platform.reminder")
    assert sorted(reminders.values_list("recipient_id", flat=True)) == sorted(
        [requester.pk, secretariat.pk]
    )


def test_a_request_without_offers_is_flagged_then_closed_after_the_warning(secretariat):
    now = timezone.now()
    request = SupportRequestFactory(opened_at=now - timedelta(days=NO_OFFER_DAYS + 1))
    answered = SupportRequestFactory(opened_at=now - timedelta(days=NO_OFFER_DAYS + 1))
    OfferFactory(request=answered)
    answered.first_offer_at = now
    answered.save()

    assert requests_remind(now=now).no_offer == 1
    assert requests_remind(now=now + timedelta(days=1)).closed == 0
    later = requests_remind(now=now + timedelta(days=CLOSE_AFTER_WARNING_DAYS + 1))
    assert (later.no_offer, later.closed) == (0, 1)
    request.refresh_from_db()
    answered.refresh_from_db()
    assert request.status == Status.CLOSED and answered.status == Status.OPEN
    assert request.events.get().to_status == Status.CLOSED


def test_the_reminder_task_runs_in_a_real_worker(celery_worker, secretariat):
    SupportRequestFactory(needed_by=timezone.now().date() - timedelta(days=3))
    send_request_reminders.delay()
    reminders = Notification.objects.filter(kind="platform.reminder", recipient=secretariat)
    deadline = time.monotonic() + 20
    while not reminders.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert reminders.count() == 1
