"""Answering requests: offers, the requester's decisions, and the discussion thread."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platform_africa.models import Message, Offer, SupportRequest
from platform_africa.permissions import approved_membership
from platform_africa.services.people import (
    organisation_users,
    requester_users,
    without,
)
from platform_africa.services.requests import support_request_transition
from portal.i18n import Phrase
from portal.models import User
from portal.notifications.services import notify

Status = SupportRequest.Status
OFFER_FIELDS = ("description", "quantity", "amount", "currency", "available_from", "conditions")


@transaction.atomic
def offer_create(*, request: SupportRequest, user: User, values: dict[str, Any]) -> Offer:
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    membership = approved_membership(user)
    if membership is None:
        raise ValidationError(_("Only members and partners of the platform make offers."))
    if membership.organisation_id == request.organisation_id:
        raise ValidationError(_("An organisation does not answer its own request."))
    if request.status not in (Status.OPEN, Status.IN_PROGRESS):
        raise ValidationError(_("This request is not taking offers."))
    if values.get("amount") is not None and not values.get("currency"):
        raise ValidationError({"currency": _("Give the currency of the amount.")})
    offer = Offer.objects.create(
        request=request,
        organisation=membership.organisation,
        created_by=user,
        **{name: values[name] for name in OFFER_FIELDS if name in values},
    )
    if request.first_offer_at is None:
        request.first_offer_at = offer.created_at
        request.save(update_fields=["first_offer_at"])
    notify(
        without(requester_users(request), user),
        "platform.offer",
        title=Phrase(
            gettext_lazy("%(organisation)s offered support for “%(title)s”"),
            organisation=membership.organisation,
            title=request.title,
        ),
        body=offer.description[:300],
        url=request.get_absolute_url(),
    )
    return offer


def request_covered(request: SupportRequest) -> bool:
    """Whether the accepted offers together cover what was asked: the estimated cost (in its
    currency) if there is one, else the quantity, else any accepted offer."""
    # Read through .all(): the request's page has the offers prefetched already.
    accepted = [o for o in request.offers.all() if o.status == Offer.Status.ACCEPTED]
    if request.estimated_cost is not None:
        total = sum(
            (o.amount for o in accepted if o.currency == request.currency and o.amount is not None),
            Decimal(0),
        )
        return total >= request.estimated_cost
    if request.quantity is not None:
        return sum(o.quantity or 0 for o in accepted) >= request.quantity
    return bool(accepted)


def _decidable(offer: Offer, user: User) -> Offer:
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    membership = approved_membership(user)
    if membership is None or membership.organisation_id != offer.request.organisation_id:
        raise ValidationError(_("Only the requesting organisation answers offers."))
    if offer.status != Offer.Status.PENDING:
        raise ValidationError(_("This offer has already been answered."))
    return offer


@transaction.atomic
def offer_accept(*, offer: Offer, user: User) -> Offer:
    """Accept an offer; once the accepted offers cover the request, work starts."""
    offer = _decidable(offer, user)
    # The request is locked too: two acceptances at once still judge coverage one at a time.
    request = SupportRequest.objects.select_for_update().get(pk=offer.request_id)
    if request.status not in (Status.OPEN, Status.IN_PROGRESS):
        raise ValidationError(_("Offers are accepted only while the request is open."))
    offer.status = Offer.Status.ACCEPTED
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    _notify_offerer(offer, user, gettext_lazy("Your offer for “%(title)s” was accepted"))
    if request.status == Status.OPEN and request_covered(request):
        support_request_transition(
            request=request,
            user=None,
            to=Status.IN_PROGRESS,
            reason=Phrase(gettext_lazy("The accepted offers cover the request.")),
        )
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, user: User, reason: str = "") -> Offer:
    offer = _decidable(offer, user)
    offer.status = Offer.Status.DECLINED
    offer.decided_at = timezone.now()
    offer.decision_reason = reason.strip()
    offer.save(update_fields=["status", "decided_at", "decision_reason"])
    _notify_offerer(
        offer, user, gettext_lazy("Your offer for “%(title)s” was declined"), body=reason
    )
    return offer


def _notify_offerer(offer: Offer, user: User, title: Promise, body: str = "") -> None:
    notify(
        without(organisation_users([offer.organisation_id]), user),
        "platform.offer_decided",
        title=Phrase(title, title=offer.request.title),
        body=body,
        url=offer.request.get_absolute_url(),
    )


@transaction.atomic
def message_post(*, request: SupportRequest, user: User, body: str) -> Message:
    """A member writes in the request's discussion; the requester and offerers hear of it."""
    if approved_membership(user) is None:
        raise ValidationError(_("Only members of the platform take part in discussions."))
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    message = Message.objects.create(request=request, author=user, body=body.strip())
    offerers = request.offers.values_list("organisation_id", flat=True)
    people = list(requester_users(request)) + list(organisation_users(offerers))
    notify(
        without({p.pk: p for p in people}.values(), user),
        "platform.message",
        title=Phrase(gettext_lazy("New message about “%(title)s”"), title=request.title),
        body=message.body[:300],
        url=request.get_absolute_url(),
    )
    return message
