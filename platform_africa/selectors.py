"""Reads for the platform's pages: the board, a request, the directory, the dashboard."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django_countries import countries

from knowledge.models import Practice
from platform_africa.models import (
    Kind,
    MemberOrganisation,
    Membership,
    Offer,
    RequestEvent,
    SupportRequest,
)
from platform_africa.permissions import membership_for

Status = SupportRequest.Status
# Practices suggested while a request is drafted.
SUGGESTIONS = 5
ZERO = Decimal("0.00")


def requests_for_board(*, user: Any, params: dict[str, Any]) -> QuerySet[SupportRequest]:
    """Requests this person may see, filtered by the board's cleaned form data."""
    membership = membership_for(user)
    qs = SupportRequest.objects.visible_to(user, membership)
    if params.get("scope") == "mine" and membership:
        qs = qs.filter(organisation_id=membership.organisation_id)
    elif params.get("scope") == "help" and membership:
        areas = membership.organisation.focal_areas.values("pk")
        qs = (
            qs.filter(status=Status.OPEN, themes__in=areas)
            .exclude(organisation_id=membership.organisation_id)
            .distinct()
        )
    elif not params.get("status"):
        # The board shows live requests; drafts and the rest when asked for.
        qs = qs.filter(
            ~Q(status__in=(Status.DRAFT, Status.WITHDRAWN, Status.DECLINED))
            | Q(organisation_id=getattr(membership, "organisation_id", None))
        )
    for name in ("status", "kind", "country", "nexus"):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    if params.get("theme"):
        qs = qs.filter(themes=params["theme"])
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return (
        qs.select_related("organisation__organisation")
        .prefetch_related("themes")
        .annotate(offer_count=Count("offers", distinct=True))
        .order_by("-created_at", "-pk")
    )


def request_for_detail(*, pk: int) -> SupportRequest | None:
    return (
        SupportRequest.objects.select_related(
            "organisation__organisation", "created_by", "result_practice"
        )
        .prefetch_related(
            "themes",
            "named_partners__organisation",
            Prefetch(
                "offers",
                queryset=Offer.objects.select_related("organisation__organisation", "created_by"),
            ),
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
            "messages__author",
            "attachments",
        )
        .filter(pk=pk)
        .first()
    )


def practices_suggested(*, title: str, theme_slugs: list[str], user: Any) -> list[Practice]:
    """Practices from the knowledge base that may already answer what is being asked."""
    if not title.strip() and not theme_slugs:
        return []
    from knowledge.selectors import practices_search

    params: dict[str, Any] = {"q": title.strip(), "theme": theme_slugs}
    found = list(practices_search(params=params, user=user)[:SUGGESTIONS])
    if not found and title.strip() and theme_slugs:
        # A title's words rarely all match: fall back to the themes alone.
        found = list(practices_search(params={"theme": theme_slugs}, user=user)[:SUGGESTIONS])
    return found


def trainings_suggested(*, theme_slugs: list[str]) -> list[Any]:
    """Past training sessions on the same themes: who has already taught this."""
    if not theme_slugs:
        return []
    # Imported here: the platform reads trainings' records but does not need them to load.
    from trainings.models import Session

    return list(
        Session.objects.filter(themes__slug__in=theme_slugs, end_date__lt=timezone.now().date())
        .select_related("programme")
        .distinct()
        .order_by("-start_date", "pk")[:SUGGESTIONS]
    )


def members_for_directory() -> QuerySet[MemberOrganisation]:
    return (
        MemberOrganisation.objects.approved()
        .select_related("organisation")
        .prefetch_related("focal_areas")
        .order_by("role", "organisation__name")
    )


def organisation_memberships(*, organisation: MemberOrganisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("-is_admin", "user__name")


@dataclass
class Dashboard:
    total: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    # currency -> {"requested": .., "offered": .., "accepted": .., "delivered": ..}
    amounts: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    median_days_to_first_offer: float | None = None
    median_days_to_fulfilment: float | None = None


def _sums(qs: QuerySet, field_name: str) -> dict[str, Decimal]:
    return {
        row["currency"]: row["total"]
        for row in qs.exclude(currency="")
        .filter(**{f"{field_name}__isnull": False})
        .order_by()
        .values("currency")
        .annotate(total=Sum(field_name))
    }


def _median_days(pairs: list[tuple[Any, Any]]) -> float | None:
    days = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    return round(statistics.median(days), 1) if days else None


def dashboard() -> Dashboard:
    """Resource mobilisation across requests that reached the board (opened at least once)."""
    requests = SupportRequest.objects.filter(opened_at__isnull=False)
    result = Dashboard(total=requests.count())
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for row in requests.order_by().values("status", "kind", "country").annotate(n=Count("pk")):
        for name in ("status", "kind", "country"):
            grouped[name][row[name]] = grouped[name].get(row[name], 0) + row["n"]
    status_labels = dict(Status.choices)
    kind_labels = dict(Kind.choices)
    result.by_status = [
        (str(status_labels[s]), grouped["status"][s]) for s in Status if s in grouped["status"]
    ]
    result.by_kind = sorted(
        ((str(kind_labels[k]), n) for k, n in grouped["kind"].items()), key=lambda r: -r[1]
    )
    result.by_country = sorted(
        ((str(countries.name(c)), n) for c, n in grouped["country"].items()), key=lambda r: -r[1]
    )
    offers = Offer.objects.filter(request__in=requests)
    columns = {
        "requested": _sums(requests, "estimated_cost"),
        "offered": _sums(offers.exclude(status=Offer.Status.WITHDRAWN), "amount"),
        "accepted": _sums(offers.filter(status=Offer.Status.ACCEPTED), "amount"),
        "delivered": _sums(
            offers.filter(status=Offer.Status.ACCEPTED, request__status=Status.FULFILLED),
            "amount",
        ),
    }
    currencies = sorted({c for sums in columns.values() for c in sums})
    result.amounts = {
        c: {name: sums.get(c, ZERO) for name, sums in columns.items()} for c in currencies
    }
    result.median_days_to_first_offer = _median_days(
        list(
            requests.filter(first_offer_at__isnull=False).values_list("opened_at", "first_offer_at")
        )
    )
    result.median_days_to_fulfilment = _median_days(
        list(requests.filter(fulfilled_at__isnull=False).values_list("opened_at", "fulfilled_at"))
    )
    return result
