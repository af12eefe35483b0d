"""The daily look over requests: no offer for too long, past their date, stale ones closed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from platform_africa.models import SupportRequest
from platform_africa.services.people import requester_users, secretariat_users
from platform_africa.services.requests import support_request_transition
from portal.i18n import Phrase
from portal.notifications.services import notify

Status = SupportRequest.Status
# An open request with no offer after this many days is flagged...
NO_OFFER_DAYS = 30
# ...and closed this many days after that warning if still nobody has offered.
CLOSE_AFTER_WARNING_DAYS = 14


@dataclass
class ReminderRun:
    no_offer: int = 0
    overdue: int = 0
    closed: int = 0


def requests_remind(*, now: datetime | None = None) -> ReminderRun:
    """Safe to run again: each flag is claimed with a conditional update, so it fires once."""
    now = now or timezone.now()
    run = ReminderRun()
    for pk in SupportRequest.objects.filter(
        status=Status.OPEN,
        opened_at__lt=now - timedelta(days=NO_OFFER_DAYS),
        first_offer_at__isnull=True,
        no_offer_flagged_at__isnull=True,
    ).values_list("pk", flat=True):
        run.no_offer += _flag(pk, "no_offer_flagged_at", now, _no_offer_title)
    for pk in SupportRequest.objects.filter(
        status__in=(Status.OPEN, Status.IN_PROGRESS),
        needed_by__lt=now.date(),
        overdue_flagged_at__isnull=True,
    ).values_list("pk", flat=True):
        run.overdue += _flag(pk, "overdue_flagged_at", now, _overdue_title)
    for request in SupportRequest.objects.filter(
        status=Status.OPEN,
        first_offer_at__isnull=True,
        no_offer_flagged_at__lt=now - timedelta(days=CLOSE_AFTER_WARNING_DAYS),
    ):
        support_request_transition(
            request=request,
            user=None,
            to=Status.CLOSED,
            # No count of days in stored text: a Phrase has no plural forms to render it with.
            reason=Phrase(gettext_lazy("No offer came after the reminder.")),
        )
        run.closed += 1
    return run


def _no_offer_title(request: SupportRequest) -> Phrase:
    return Phrase(
        gettext_lazy("Still no offer for “%(title)s” weeks after it opened"), title=request.title
    )


def _overdue_title(request: SupportRequest) -> Phrase:
    return Phrase(gettext_lazy("“%(title)s” is past its needed-by date"), title=request.title)


@transaction.atomic
def _flag(pk: int, field: str, now: datetime, title: Callable[[SupportRequest], Phrase]) -> int:
    claimed = SupportRequest.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    if not claimed:
        return 0
    request = SupportRequest.objects.get(pk=pk)
    people = {p.pk: p for p in [*requester_users(request), *secretariat_users()]}
    notify(
        people.values(), "platform.reminder", title=title(request), url=request.get_absolute_url()
    )
    return 1
