"""Requests for support: drafting, and the lifecycle through an explicit transition table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from knowledge.models import Practice, Theme
from platform_africa.models import (
    MemberOrganisation,
    Membership,
    RequestAttachment,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from platform_africa.permissions import approved_membership
from platform_africa.services.people import (
    organisation_users,
    requester_users,
    secretariat_users,
    without,
)
from portal.dispatch import send, send_on_commit
from portal.i18n import Phrase
from portal.models import User
from portal.notifications.services import notify
from portal.permissions import is_platform_secretariat

Status = SupportRequest.Status

REQUESTER = "requester"
SECRETARIAT = "secretariat"
SYSTEM = "system"

# (from, to) -> who may make the change. Anything not here is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({REQUESTER}),
    (Status.DRAFT, Status.WITHDRAWN): frozenset({REQUESTER}),
    (Status.SUBMITTED, Status.DRAFT): frozenset({REQUESTER, SECRETARIAT}),
    (Status.SUBMITTED, Status.OPEN): frozenset({SECRETARIAT}),
    (Status.SUBMITTED, Status.DECLINED): frozenset({SECRETARIAT}),
    (Status.SUBMITTED, Status.WITHDRAWN): frozenset({REQUESTER}),
    (Status.OPEN, Status.IN_PROGRESS): frozenset({SYSTEM}),
    (Status.OPEN, Status.WITHDRAWN): frozenset({REQUESTER}),
    (Status.OPEN, Status.CLOSED): frozenset({SECRETARIAT, SYSTEM}),
    (Status.IN_PROGRESS, Status.FULFILLED): frozenset({REQUESTER}),
    (Status.IN_PROGRESS, Status.CLOSED): frozenset({SECRETARIAT, REQUESTER}),
}
# A reason is asked for when someone says no.
NEEDS_REASON = frozenset({Status.DECLINED, Status.CLOSED})

FIELDS = (
    "kind",
    "nexus",
    "title",
    "summary",
    "description",
    "country",
    "quantity",
    "estimated_cost",
    "currency",
    "needed_by",
    "priority",
    "confidentiality",
)


def allowed_targets(request: SupportRequest, user: Any) -> list[str]:
    """The statuses this person may move the request to now (for the page's buttons)."""
    roles = _roles(request, user)
    return [
        to for (source, to), who in TRANSITIONS.items() if source == request.status and who & roles
    ]


def _roles(request: SupportRequest, user: Any) -> set[str]:
    if user is None:
        return {SYSTEM}
    roles = set()
    if is_platform_secretariat(user):
        roles.add(SECRETARIAT)
    membership = approved_membership(user)
    if membership is not None and membership.organisation_id == request.organisation_id:
        roles.add(REQUESTER)
    return roles


def _member_of_approved(user: User) -> Membership:
    membership = approved_membership(user)
    if membership is None:
        raise ValidationError(_("Only members of the platform post requests."))
    return membership


def _clean(values: dict[str, Any], named_partners: Iterable[MemberOrganisation]) -> None:
    if values.get("estimated_cost") is not None and not values.get("currency"):
        raise ValidationError({"currency": _("Give the currency of the estimated cost.")})
    if values.get("confidentiality") == SupportRequest.Confidentiality.NAMED and not list(
        named_partners
    ):
        raise ValidationError(
            {"named_partners": _("Name at least one partner who may read this request.")}
        )


@transaction.atomic
def support_request_create(
    *,
    user: User,
    values: dict[str, Any],
    themes: Iterable[Theme] = (),
    named_partners: Iterable[MemberOrganisation] = (),
) -> SupportRequest:
    """A member drafts a request for their organisation."""
    membership = _member_of_approved(user)
    named_partners = list(named_partners)
    _clean(values, named_partners)
    request = SupportRequest.objects.create(
        organisation=membership.organisation,
        created_by=user,
        **{name: values[name] for name in FIELDS if name in values},
    )
    request.themes.set(themes)
    request.named_partners.set(named_partners)
    return request


@transaction.atomic
def support_request_update(
    *,
    request: SupportRequest,
    user: User,
    values: dict[str, Any],
    themes: Iterable[Theme] = (),
    named_partners: Iterable[MemberOrganisation] = (),
) -> SupportRequest:
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if REQUESTER not in _roles(request, user):
        raise ValidationError(_("Only the requesting organisation's members edit a request."))
    if request.status not in (Status.DRAFT, Status.SUBMITTED):
        raise ValidationError(_("A request can be edited only until the secretariat opens it."))
    named_partners = list(named_partners)
    _clean(values, named_partners)
    for name in FIELDS:
        if name in values:
            setattr(request, name, values[name])
    request.save()
    request.themes.set(themes)
    request.named_partners.set(named_partners)
    return request


@transaction.atomic
def support_request_transition(
    *, request: SupportRequest, user: User | None, to: str, reason: str | Phrase = ""
) -> SupportRequest:
    """Move a request along the table, record who did it and why, and tell those concerned.
    `user` None is the system (offers accepted, reminders), whose reason is a Phrase: the
    timeline and the notification read it in each reader's language."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    source = request.status
    who = TRANSITIONS.get((source, to))
    if who is None:
        raise ValidationError(
            _("A request that is “%(source)s” cannot become “%(target)s”.")
            % {"source": Status(source).label, "target": Status(to).label},
            code="illegal_transition",
        )
    if not who & _roles(request, user):
        raise ValidationError(
            _("You may not make this request “%(target)s”.") % {"target": Status(to).label},
            code="not_allowed",
        )
    if isinstance(reason, Phrase):
        written, phrase = "", reason
    else:
        written, phrase = reason.strip(), None
    if to in NEEDS_REASON and not (written or phrase):
        raise ValidationError({"reason": _("Say why.")}, code="reason_required")
    now = timezone.now()
    request.status = to
    updated = ["status", "updated_at"]
    if to == Status.OPEN:
        request.opened_at = now
        updated.append("opened_at")
    if to == Status.FULFILLED:
        request.fulfilled_at = now
        updated.append("fulfilled_at")
    request.save(update_fields=updated)
    RequestEvent.objects.create(
        request=request,
        actor=user,
        from_status=source,
        to_status=to,
        reason=written,
        reason_phrase=phrase.to_json() if phrase else None,
    )
    _notify_status(request, user, phrase or written)
    if to == Status.OPEN:
        _notify_subscribers(request)
    return request


def _notify_status(request: SupportRequest, user: User | None, reason: str | Phrase) -> None:
    status = Status(request.status)
    people = list(requester_users(request))
    # Those whose offers were accepted follow the work to its end.
    helpers = request.offers.filter(status="accepted").values_list("organisation_id", flat=True)
    people += list(organisation_users(helpers))
    if status == Status.SUBMITTED:
        people += list(secretariat_users())
    notify(
        without({person.pk: person for person in people}.values(), user),
        "platform.request_status",
        title=Phrase(
            gettext_lazy("“%(title)s” is now %(status)s"), title=request.title, status=status.label
        ),
        body=reason,
        url=request.get_absolute_url(),
    )


def subscribers_for(request: SupportRequest) -> list[User]:
    """Members whose subscription matches the request and who may read it."""
    theme_ids = list(request.themes.values_list("pk", flat=True))
    subscriptions = (
        Subscription.objects.filter(
            user__is_active=True,
            user__platform_membership__organisation__status=MemberOrganisation.Status.APPROVED,
        )
        .exclude(user__platform_membership__organisation_id=request.organisation_id)
        .filter(Q(kinds=[]) | Q(kinds__contains=[request.kind]))
        .filter(Q(countries=[]) | Q(countries__contains=[request.country.code]))
        .filter(Q(themes__isnull=True) | Q(themes__in=theme_ids))
        # An empty subscription is no subscription.
        .exclude(kinds=[], countries=[], themes__isnull=True)
        .select_related("user")
    )
    if request.confidentiality == SupportRequest.Confidentiality.NAMED:
        subscriptions = subscriptions.filter(
            user__platform_membership__organisation__in=request.named_partners.all()
        )
    return list({s.user.pk: s.user for s in subscriptions}.values())


def _notify_subscribers(request: SupportRequest) -> None:
    # Thousands may subscribe: a worker tells them, once the opening is committed.
    from platform_africa.tasks import notify_subscribers

    # A broker that is down must not undo the opening nor stop the other callbacks;
    # subscribers_notify_missed finds the request again within a minute.
    send_on_commit(notify_subscribers, request.pk)


# Opened recently and still waiting for its fan-out: the publish to the broker failed, or the
# broker lost the message. Older openings are left alone (never a flood of stale news).
MISSED_AFTER = timedelta(seconds=30)
MISSED_WITHIN = timedelta(days=2)


def subscribers_notify_missed(*, now: datetime | None = None) -> int:
    """Hand again to a worker the fan-out of requests opened but whose subscribers were never
    told. Returns how many. The fan-out is claimed, so a second hand-over tells no one twice."""
    from platform_africa.tasks import notify_subscribers

    now = now or timezone.now()
    missed = list(
        SupportRequest.objects.filter(
            status__in=[Status.OPEN, Status.IN_PROGRESS],
            subscribers_notified_at__isnull=True,
            opened_at__lt=now - MISSED_AFTER,
            opened_at__gte=now - MISSED_WITHIN,
        ).values_list("pk", flat=True)
    )
    for request_id in missed:
        send(notify_subscribers, request_id)
    return len(missed)


@transaction.atomic
def subscribers_notify(*, request_id: int) -> int:
    """Tell the subscribers an opened request matches; returns how many. Safe to run twice."""
    # Claimed once: opening a request again never notifies the same people twice.
    claimed = SupportRequest.objects.filter(
        pk=request_id, subscribers_notified_at__isnull=True
    ).update(subscribers_notified_at=timezone.now())
    if not claimed:
        return 0
    request = SupportRequest.objects.get(pk=request_id)
    return len(
        notify(
            subscribers_for(request),
            "platform.new_request",
            title=Phrase(gettext_lazy("New request: %(title)s"), title=request.title),
            body=request.summary,
            url=request.get_absolute_url(),
        )
    )


@transaction.atomic
def support_request_fulfil(
    *, request: SupportRequest, user: User, result: str, practice: Practice | None = None
) -> SupportRequest:
    """The requester says the support arrived, and what came of it."""
    if not result.strip():
        raise ValidationError({"result": _("Describe what came of the support.")})
    request = support_request_transition(request=request, user=user, to=Status.FULFILLED)
    request.result = result.strip()
    request.result_practice = practice
    request.save(update_fields=["result", "result_practice", "updated_at"])
    return request


@transaction.atomic
def attachment_add(*, request: SupportRequest, user: User, file: Any) -> RequestAttachment:
    """The requesting organisation adds a document; validated by the form beforehand."""
    if REQUESTER not in _roles(request, user):
        raise ValidationError(_("Only the requesting organisation's members add documents."))
    return RequestAttachment.objects.create(
        request=request, file=file, name=file.name[:200], size=file.size, uploaded_by=user
    )


@transaction.atomic
def subscription_set(
    *, user: User, kinds: list[str], countries: list[str], themes: Iterable[Theme]
) -> Subscription:
    subscription, _created = Subscription.objects.update_or_create(
        user=user, defaults={"kinds": kinds, "countries": countries}
    )
    subscription.themes.set(themes)
    return subscription
