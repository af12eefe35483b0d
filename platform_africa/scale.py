"""seed_scale's platform: memberships and subscriptions, requests with timelines, offers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse

from knowledge import scale_vocabulary as words
from knowledge.models import Theme
from platform_africa.models import (
    Kind,
    MemberOrganisation,
    Membership,
    Offer,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from portal.models import User
from portal.notifications.models import NotificationPreference
from portal.notifications.registry import Delivery
from portal.permissions import Role
from portal.scale import (
    Context,
    Step,
    chunks,
    copy_rows,
    moment,
    next_id,
    register_scale,
    weighted,
)

Status = SupportRequest.Status
PLATFORM_START = datetime(2016, 1, 1, tzinfo=UTC)

# Final status -> the transitions that led there (the request's timeline).
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [(Status.DRAFT, Status.SUBMITTED)],
    Status.OPEN: [(Status.DRAFT, Status.SUBMITTED), (Status.SUBMITTED, Status.OPEN)],
    Status.IN_PROGRESS: [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.OPEN),
        (Status.OPEN, Status.IN_PROGRESS),
    ],
    Status.FULFILLED: [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.OPEN),
        (Status.OPEN, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.FULFILLED),
    ],
    Status.DECLINED: [(Status.DRAFT, Status.SUBMITTED), (Status.SUBMITTED, Status.DECLINED)],
    Status.WITHDRAWN: [(Status.DRAFT, Status.WITHDRAWN)],
    Status.CLOSED: [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.OPEN),
        (Status.OPEN, Status.CLOSED),
    ],
}
STATUS_WEIGHTS = [
    (Status.DRAFT, 4),
    (Status.SUBMITTED, 5),
    (Status.OPEN, 25),
    (Status.IN_PROGRESS, 20),
    (Status.FULFILLED, 28),
    (Status.DECLINED, 4),
    (Status.WITHDRAWN, 4),
    (Status.CLOSED, 10),
]
TITLES = {
    Kind.KNOWLEDGE: "Exchange of experience on {t}",
    Kind.COOPERATION: "Training of {n} staff in {t}",
    Kind.EQUIPMENT: "{n} {e} units for {t} teams",
    Kind.FACILITIES: "Use of a training site for {t}",
    Kind.FUNDING: "Funding for {t} in {pl}",
    Kind.EXPERTS: "An expert in {t} for {m} months",
    Kind.SITE_VISIT: "Study visit on {t} for our team from {pl}",
}
REASONS = {
    Status.DECLINED: "Outside the platform's scope; please resubmit with a clearer need.",
    Status.CLOSED: "No longer needed: the national budget covered it.",
}


def memberships(ctx: Context) -> dict[str, int]:
    """Approved member organisations for the subscribers' organisations, a few applications
    still pending or declined, and one all-requests subscription per subscriber."""
    rng = ctx.rng("memberships")
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    secretariat = User.objects.filter(groups__name=Role.PLATFORM_SECRETARIAT.value).first()
    decided_by = secretariat.pk if secretariat else None
    member_ids = set(ctx.data["member_organisation_ids"])
    users_by_organisation = ctx.data["users_by_organisation"]
    first = next_id(MemberOrganisation)
    rows, approved = [], {}
    for organisation in ctx.data["organisation_rows"]:
        if organisation["id"] in member_ids:
            status = "approved"
        elif rng.random() < 0.15:
            status = rng.choice(["pending", "pending", "declined"])
        else:
            continue
        applied = max(moment(rng, PLATFORM_START), organisation["created_at"])
        pk = first + len(rows)
        applicants = users_by_organisation.get(organisation["id"], [None])
        rows.append(
            {
                "id": pk,
                "organisation_id": organisation["id"],
                "role": "partner" if organisation["kind"] in ("donor", "un") else "member",
                "kind": organisation["kind"],
                "country": organisation["country"],
                "mandate": f"{organisation['name']} works on "
                f"{rng.choice(words.TERMS)} and {rng.choice(words.TERMS)}.",
                "focal_point_name": organisation["name"][:40] + " focal point",
                "focal_point_email": f"focal-{organisation['id']}@{organisation['website'][8:]}",
                "status": status,
                "decision_reason": "Not a mine action organisation."
                if status == "declined"
                else "",
                "applied_by_id": applicants[0],
                "applied_at": applied,
                "decided_by_id": decided_by if status != "pending" else None,
                "decided_at": applied + timedelta(days=rng.randint(1, 30))
                if status != "pending"
                else None,
            }
        )
        if status == "approved":
            approved[organisation["id"]] = (pk, organisation)
    counts = {"member organisations": copy_rows(MemberOrganisation, rows)}
    focal = [
        {"memberorganisation_id": row["id"], "theme_id": theme}
        for row in rows
        for theme in rng.sample(themes, min(len(themes), rng.randint(0, 3)))
    ]
    _with_ids(MemberOrganisation.focal_areas.through, focal)
    copy_rows(MemberOrganisation.focal_areas.through, focal)

    membership_rows, subscription_rows, preference_rows = [], [], []
    for organisation_id, user_ids in users_by_organisation.items():
        member_pk, organisation = approved[organisation_id]
        for index, user_id in enumerate(user_ids):
            joined = organisation["created_at"] + timedelta(days=rng.randint(1, 400))
            membership_rows.append(
                {
                    "organisation_id": member_pk,
                    "user_id": user_id,
                    "is_admin": index == 0,
                    "joined_at": joined,
                }
            )
            # Every kind: the subscription matches any new request (the fan-out benchmark).
            subscription_rows.append(
                {"user_id": user_id, "kinds": list(Kind.values), "updated_at": joined}
            )
            # Subscribers asked to hear at once, so each new request is one email each.
            preference_rows.append(
                {"user_id": user_id, "kind": "platform.new_request", "delivery": Delivery.IMMEDIATE}
            )
    for model, batch in [
        (Membership, membership_rows),
        (Subscription, subscription_rows),
        (NotificationPreference, preference_rows),
    ]:
        _with_ids(model, batch)
        copy_rows(model, batch)
    counts["memberships"] = len(membership_rows)
    counts["subscriptions"] = len(subscription_rows)
    ctx.data["approved_members"] = {org: pk for org, (pk, _org) in approved.items()}
    return counts


def _with_ids(model: Any, rows: list[dict[str, Any]]) -> None:
    start = next_id(model)
    for index, row in enumerate(rows):
        row["id"] = start + index


def requests(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("requests")
    approved: dict[int, int] = ctx.data["approved_members"]
    member_of = {pk: org for org, pk in approved.items()}
    member_pks = sorted(member_of)
    users_by_organisation = ctx.data["users_by_organisation"]
    country_of = {row["id"]: row["country"] for row in ctx.data["organisation_rows"]}
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    practice_ids = ctx.data.get("practice_ids") or [None]
    secretariat = User.objects.filter(groups__name=Role.PLATFORM_SECRETARIAT.value).first()
    secretariat_id = secretariat.pk if secretariat else None
    first = next_id(SupportRequest)
    rows, theme_rows, partner_rows, events = [], [], [], []
    for n in range(ctx.sizes["requests"]):
        pk = first + n
        member = rng.choice(member_pks)
        organisation = member_of[member]
        author = rng.choice(users_by_organisation[organisation])
        code = country_of[organisation] or "KH"
        places = words.PLACES.get(code, words.GENERIC_PLACES)
        kind = rng.choice(Kind.values)
        term = rng.choice(words.TERMS[:60])
        title = TITLES[kind].format(
            t=term,
            n=rng.randint(2, 40),
            e=rng.choice(words.EQUIPMENT),
            pl=rng.choice(places),
            m=rng.randint(2, 12),
        )
        status = weighted(rng, STATUS_WEIGHTS)
        created = moment(rng, PLATFORM_START)
        costed = kind in (Kind.FUNDING, Kind.EQUIPMENT, Kind.EXPERTS) or rng.random() < 0.2
        row: dict[str, Any] = {
            "id": pk,
            "organisation_id": member,
            "created_by_id": author,
            "kind": kind,
            "nexus": "hdp" if rng.random() < 0.3 else "operational",
            "title": title[0].upper() + title[1:200],
            "summary": f"{title[0].upper() + title[1:]} to support {term} in {places[0]}."[:300],
            "description": " ".join(rng.choice(words.FINDINGS) for _ in range(rng.randint(2, 6))),
            "country": code,
            "quantity": rng.randint(1, 50) if kind == Kind.EQUIPMENT else None,
            "estimated_cost": Decimal(rng.randint(5, 2000) * 1000) if costed else None,
            "currency": rng.choice(["USD", "USD", "EUR", "JPY"]) if costed else "",
            "needed_by": (created + timedelta(days=rng.randint(60, 540))).date()
            if rng.random() < 0.7
            else None,
            "priority": rng.choice(["low", "medium", "medium", "high"]),
            "confidentiality": weighted(rng, [("summary", 70), ("members", 25), ("named", 5)]),
            "status": status,
            "created_at": created,
        }
        moment_ = created
        for source, target in PATHS[status]:
            moment_ += timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 23))
            if target == Status.OPEN:
                row["opened_at"] = row["subscribers_notified_at"] = moment_
            if target == Status.FULFILLED:
                row["fulfilled_at"] = moment_
            if source == Status.DRAFT or target in (Status.FULFILLED, Status.WITHDRAWN):
                actor = author
            elif target == Status.IN_PROGRESS:
                actor = None
            else:
                actor = secretariat_id
            events.append(
                {
                    "request_id": pk,
                    "actor_id": actor,
                    "created_at": moment_,
                    "from_status": source,
                    "to_status": target,
                    "reason": REASONS.get(target, ""),
                }
            )
        row["updated_at"] = moment_
        if status in (Status.OPEN, Status.IN_PROGRESS) and row["needed_by"]:
            # Already reminded: the daily reminder run finds nothing old to send.
            row["overdue_flagged_at"] = datetime.combine(
                row["needed_by"] + timedelta(days=1), datetime.min.time(), tzinfo=UTC
            )
        if status == Status.FULFILLED:
            row["result"] = rng.choice(words.FINDINGS)
            if rng.random() < 0.2:
                row["result_practice_id"] = rng.choice(practice_ids)
        rows.append(row)
        for theme in rng.sample(themes, min(len(themes), rng.randint(1, 3))):
            theme_rows.append({"supportrequest_id": pk, "theme_id": theme})
        if row["confidentiality"] == "named":
            for partner in rng.sample(member_pks, min(len(member_pks), rng.randint(1, 3))):
                if partner != member:
                    partner_rows.append({"supportrequest_id": pk, "memberorganisation_id": partner})

    offers = _offers(ctx, rng, rows, member_pks, member_of, users_by_organisation)
    counts = {"requests": copy_rows(SupportRequest, rows)}
    for model, batch, label in [
        (SupportRequest.themes.through, theme_rows, "themes"),
        (SupportRequest.named_partners.through, partner_rows, "named partners"),
        (RequestEvent, events, "events"),
        (Offer, offers, "offers"),
    ]:
        _with_ids(model, batch)
        counts[label] = copy_rows(model, batch)
    ctx.data.setdefault("notification_targets", {})["platform"] = [
        (row["title"][:120], reverse("platform:request-detail", args=[row["id"]]))
        for row in rows[:2000]
        if row["status"] in SupportRequest.PUBLISHED
    ]
    return counts


def _offers(
    ctx: Context,
    rng: random.Random,
    requests_: list[dict[str, Any]],
    member_pks: list[int],
    member_of: dict[int, int],
    users_by_organisation: dict[int, list[int]],
) -> list[dict[str, Any]]:
    """Offers on published requests: at least one on every open, in-progress or fulfilled
    request (in progress means one was accepted); first_offer_at set to match."""
    published = [row for row in requests_ if row["status"] in SupportRequest.PUBLISHED]
    total = ctx.sizes["offers"]
    base = 1 if total >= len(published) else 0
    extra = chunks(total - base * len(published), len(published), rng, spread=0.8)
    offers = []
    for row, more in zip(published, extra, strict=True):
        count = base + more
        if not count:
            continue
        when = row["opened_at"] + timedelta(days=rng.randint(1, 10))
        row["first_offer_at"] = when
        accepted_first = row["status"] in (Status.IN_PROGRESS, Status.FULFILLED)
        for index in range(count):
            member = rng.choice(member_pks)
            if member == row["organisation_id"]:
                member = member_pks[(member_pks.index(member) + 1) % len(member_pks)]
            if index == 0 and accepted_first:
                status = "accepted"
            elif row["status"] == Status.CLOSED:
                status = rng.choice(["declined", "withdrawn"])
            elif row["status"] in (Status.OPEN, Status.IN_PROGRESS):
                status = rng.choice(["pending", "pending", "pending", "withdrawn"])
            else:
                status = rng.choice(["declined", "withdrawn", "pending"])
            costed = row["kind"] in (Kind.FUNDING, Kind.EQUIPMENT) and rng.random() < 0.7
            created = when + timedelta(days=index * rng.randint(0, 5), hours=rng.randint(0, 23))
            offers.append(
                {
                    "request_id": row["id"],
                    "organisation_id": member,
                    "created_by_id": rng.choice(users_by_organisation[member_of[member]]),
                    "description": rng.choice(
                        [
                            "We can share our standard operating procedures and a trainer.",
                            "Two experienced team leaders for a three-week mentoring visit.",
                            "Equipment from our reserve stock, delivered within a month.",
                            "Co-funding for part of the request, subject to board approval.",
                            "Access to our training site and instructors.",
                        ]
                    ),
                    "quantity": rng.randint(1, 20) if row["kind"] == Kind.EQUIPMENT else None,
                    "amount": Decimal(rng.randint(1, 500) * 1000) if costed else None,
                    "currency": "USD" if costed else "",
                    "available_from": (created + timedelta(days=rng.randint(7, 90))).date(),
                    "status": status,
                    "created_at": created,
                    "decided_at": created + timedelta(days=rng.randint(1, 14))
                    if status in ("accepted", "declined")
                    else None,
                    "decision_reason": "Another offer covered the need."
                    if status == "declined"
                    else "",
                }
            )
    return offers


register_scale(
    Step(
        "platform memberships",
        order=10,
        run=memberships,
        models=(
            MemberOrganisation,
            MemberOrganisation.focal_areas.through,
            Membership,
            Subscription,
            NotificationPreference,
        ),
    )
)
register_scale(
    Step(
        "platform requests and offers",
        order=40,
        run=requests,
        models=(
            SupportRequest,
            SupportRequest.themes.through,
            SupportRequest.named_partners.through,
            RequestEvent,
            Offer,
        ),
    )
)
