"""Reads for the platform's pages: the board, a request, the directory, the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Extract
from django.utils import timezone

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
from portal.countries import country_names
from portal.datachanges import cached
from portal.querysets import SubqueryCount

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
        # A semi-join (IN), not a join made distinct again: rows stay in the index's order.
        in_areas = SupportRequest.themes.through.objects.filter(theme__in=areas)
        qs = qs.filter(status=Status.OPEN, pk__in=in_areas.values("supportrequest_id")).exclude(
            organisation_id=membership.organisation_id
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
        .annotate(offer_count=SubqueryCount(Offer.objects.filter(request=OuterRef("pk"))))
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


def _figures() -> dict[str, Any]:
    """The dashboard's aggregates as codes and numbers (no labels: those follow the language)."""
    requests = SupportRequest.objects.filter(opened_at__isnull=False).order_by()
    grouped = list(
        requests.values_list("status", "kind", "country").annotate(n=Count("pk")).order_by()
    )
    requested = dict(
        requests.exclude(currency="")
        .filter(estimated_cost__isnull=False)
        .values_list("currency")
        .annotate(total=Sum("estimated_cost"))
    )
    accepted = Q(status=Offer.Status.ACCEPTED)
    # Accepted offers are never withdrawn ones: one pass over the offers gives all three sums.
    offered = list(
        Offer.objects.filter(request__opened_at__isnull=False, amount__isnull=False)
        .exclude(currency="")
        .exclude(status=Offer.Status.WITHDRAWN)
        .order_by()
        .values_list("currency")
        .annotate(
            offered=Sum("amount"),
            accepted=Sum("amount", filter=accepted),
            delivered=Sum("amount", filter=accepted & Q(request__status=Status.FULFILLED)),
        )
    )
    medians = requests.aggregate(
        first_offer=_median_seconds("first_offer_at"), fulfilment=_median_seconds("fulfilled_at")
    )
    return {"grouped": grouped, "requested": requested, "offered": offered, "medians": medians}


class _Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _median_seconds(end: str) -> _Median:
    """The median time from opening to `end`, in seconds, over the requests that reached it."""
    return _Median(
        Extract(ExpressionWrapper(F(end) - F("opened_at"), DurationField()), "epoch"),
        filter=Q(**{f"{end}__isnull": False}),
    )


def _days(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 86400, 1)


def dashboard() -> Dashboard:
    """Resource mobilisation across requests that reached the board (opened at least once).

    The figures are computed in the database and kept in the cache until a request or an
    offer is written (the "platform" topic of portal.datachanges).
    """
    figures = cached("platform", "dashboard", _figures)
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for *values, n in figures["grouped"]:
        for name, value in zip(("status", "kind", "country"), values, strict=True):
            grouped[name][value] = grouped[name].get(value, 0) + n
    result = Dashboard(total=sum(grouped["status"].values()))
    status_labels = dict(Status.choices)
    kind_labels = dict(Kind.choices)
    names = country_names()
    result.by_status = [
        (str(status_labels[s]), grouped["status"][s]) for s in Status if s in grouped["status"]
    ]
    result.by_kind = sorted(
        ((str(kind_labels[k]), n) for k, n in grouped["kind"].items()), key=lambda r: (-r[1], r[0])
    )
    result.by_country = sorted(
        ((names.get(c, c), n) for c, n in grouped["country"].items()),
        key=lambda r: (-r[1], r[0]),
    )
    columns: dict[str, dict[str, Decimal]] = {
        "requested": figures["requested"],
        "offered": {},
        "accepted": {},
        "delivered": {},
    }
    for currency, *sums in figures["offered"]:
        for name, total in zip(("offered", "accepted", "delivered"), sums, strict=True):
            if total is not None:
                columns[name][currency] = total
    currencies = sorted({c for sums in columns.values() for c in sums})
    result.amounts = {
        c: {name: sums.get(c, ZERO) for name, sums in columns.items()} for c in currencies
    }
    result.median_days_to_first_offer = _days(figures["medians"]["first_offer"])
    result.median_days_to_fulfilment = _days(figures["medians"]["fulfilment"])
    return result
