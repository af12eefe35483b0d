"""The platform's demo data for `manage.py seed_demo`: founding members, people, requests.

Idempotent: member organisations and memberships are found by organisation and user; requests
by title, and a request already there is left as it is (its offers and events with it).
Written straight to the models, not through the services, so seeding notifies nobody.

Demo people: member@ acts for EMAO (Ethiopia, member, admin); zambia@ (added here) for ZMAC
(Zambia, member, admin); partner@ for JICA and coordinator@ for CMAC (partners, admins);
secretariat@ moderates and belongs to no member organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from knowledge.models import Practice, Theme
from platform_africa.models import (
    MemberOrganisation,
    Membership,
    Message,
    Offer,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from portal.models import Organisation, User

DOMAIN = "demo.mineaction.org"
Role = MemberOrganisation.Role
Status = SupportRequest.Status

# acronym, role, focal point, focal areas (theme slugs), mandate
FOUNDERS = [
    (
        "EMAO",
        Role.MEMBER,
        "Abebe Tesfaye",
        ["land-release", "non-technical-survey"],
        "Coordinates humanitarian mine action in Ethiopia.",
    ),
    (
        "NMAC",
        Role.MEMBER,
        "Musa Ibrahim",
        ["explosive-ordnance-risk-education", "victim-assistance"],
        "Coordinates the response to explosive ordnance in north-east Nigeria.",
    ),
    (
        "SEMA",
        Role.MEMBER,
        "Hodan Ali",
        ["detection-equipment", "information-management"],
        "Regulates and coordinates explosive hazard management in Somalia.",
    ),
    (
        "NMAA",
        Role.MEMBER,
        "Deng Garang",
        ["manual-clearance", "quality-management"],
        "Leads mine action in South Sudan.",
    ),
    (
        "ZMAC",
        Role.MEMBER,
        "Chanda Mulenga",
        ["mechanical-demining", "strategic-planning"],
        "Keeps Zambia mine-impact free and shares its experience with the region.",
    ),
    (
        "JICA",
        Role.PARTNER,
        "Yuki Tanaka",
        ["south-south-and-triangular-cooperation", "national-capacity-and-ownership"],
        "Funds and facilitates South-South cooperation in mine action.",
    ),
    (
        "CMAC",
        Role.PARTNER,
        "Dara Keo",
        ["mechanical-demining", "detection-equipment", "land-release", "non-technical-survey"],
        "Trains mine action staff from Africa, Asia and Latin America in Cambodia.",
    ),
    (
        "UNMAS",
        Role.PARTNER,
        "Amina Yusuf",
        ["hdp-nexus", "quality-management"],
        "Coordinates the United Nations' mine action work.",
    ),
]
# email local part, organisation acronym (admins of their organisation)
PEOPLE = [("member", "EMAO"), ("zambia", "ZMAC"), ("partner", "JICA"), ("coordinator", "CMAC")]


@dataclass
class DemoOffer:
    by: str
    description: str
    status: str = Offer.Status.PENDING
    amount: Decimal | None = None
    currency: str = ""
    quantity: int | None = None
    after_days: int = 5


@dataclass
class DemoRequest:
    org: str
    title: str
    kind: str
    status: str
    themes: list[str]
    summary: str
    description: str
    country: str
    days_ago: int
    nexus: str = SupportRequest.Nexus.OPERATIONAL
    cost: Decimal | None = None
    currency: str = ""
    quantity: int | None = None
    needed_in_days: int | None = 120
    priority: str = SupportRequest.Priority.MEDIUM
    confidentiality: str = SupportRequest.Confidentiality.SUMMARY
    offers: list[DemoOffer] = field(default_factory=list)
    result: str = ""
    result_practice: str = ""
    reason: str = ""
    messages: list[tuple[str, str]] = field(default_factory=list)


REQUESTS = [
    DemoRequest(
        "ZMAC",
        "Mechanical demining training for ZMAC machine operators",
        "cooperation",
        Status.FULFILLED,
        ["mechanical-demining"],
        "Training for eight operators on swing-type demining machines.",
        "ZMAC is taking over two swing-type machines and needs eight operators and two "
        "mechanics trained, ideally at CMAC's training centre in Kampong Chhnang.",
        "ZM",
        200,
        cost=Decimal("60000"),
        currency="USD",
        quantity=8,
        offers=[
            DemoOffer(
                "CMAC",
                "A three-week course for eight operators at CMAC's centre.",
                Offer.Status.ACCEPTED,
                Decimal("35000"),
                "USD",
                8,
                6,
            ),
            DemoOffer(
                "JICA",
                "Travel and subsistence for the eight trainees.",
                Offer.Status.ACCEPTED,
                Decimal("25000"),
                "USD",
                None,
                9,
            ),
        ],
        result="Eight operators and two mechanics certified; the machines cleared 14 ha "
        "in their first season.",
        result_practice="cmac-trains-sesu-swing-type-machines-alis",
        messages=[
            ("coordinator", "We can host the course in March or May — which suits?"),
            ("zambia", "March, before the rains end upcountry."),
        ],
    ),
    DemoRequest(
        "EMAO",
        "Non-technical survey exchange with CMAC",
        "knowledge",
        Status.IN_PROGRESS,
        ["non-technical-survey", "land-release"],
        "A study visit on evidence-based non-technical survey, as Colombia did with CMAC.",
        "EMAO wants to cut survey days the way Colombia did (65% fewer non-technical survey "
        "days after exchanging with CMAC): a study visit for four survey team leaders.",
        "ET",
        90,
        nexus=SupportRequest.Nexus.HDP,
        quantity=4,
        offers=[
            DemoOffer(
                "CMAC",
                "Host four team leaders for a two-week study visit.",
                Offer.Status.ACCEPTED,
                None,
                "",
                4,
                12,
            )
        ],
    ),
    DemoRequest(
        "SEMA",
        "ALIS dual-sensor detectors for Somali EOD teams",
        "equipment",
        Status.OPEN,
        ["detection-equipment"],
        "Twenty dual-sensor detectors for teams working on roads in the south.",
        "SEMA's teams clear roadside hazards with single-sensor detectors; twenty ALIS "
        "dual-sensor detectors with training would halve false alarms.",
        "SO",
        40,
        cost=Decimal("240000"),
        currency="USD",
        quantity=20,
        priority=SupportRequest.Priority.HIGH,
        offers=[
            DemoOffer(
                "JICA",
                "Ten detectors through the grant aid programme.",
                Offer.Status.PENDING,
                Decimal("120000"),
                "USD",
                10,
                20,
            )
        ],
    ),
    DemoRequest(
        "NMAA",
        "Quality management adviser for South Sudan",
        "experts",
        Status.OPEN,
        ["quality-management"],
        "A quality management adviser for six months.",
        "NMAA needs an adviser to set up external quality control of clearance in Central "
        "Equatoria and to train four national QM officers.",
        "SS",
        45,
        needed_in_days=40,
        confidentiality=SupportRequest.Confidentiality.MEMBERS,
    ),
    DemoRequest(
        "NMAC",
        "Explosive ordnance risk education materials in Hausa and Kanuri",
        "knowledge",
        Status.OPEN,
        ["explosive-ordnance-risk-education"],
        "Tested risk education materials for communities around Lake Chad.",
        "NMAC would like materials other authorities have tested with displaced communities, "
        "to adapt into Hausa and Kanuri.",
        "NG",
        10,
        nexus=SupportRequest.Nexus.HDP,
    ),
    DemoRequest(
        "EMAO",
        "Funding for community liaison in Somali Region",
        "funding",
        Status.SUBMITTED,
        ["hdp-nexus"],
        "Two years of community liaison officers in Somali Region.",
        "Funding for twelve community liaison officers for two years.",
        "ET",
        3,
        nexus=SupportRequest.Nexus.HDP,
        cost=Decimal("180000"),
        currency="USD",
    ),
    DemoRequest(
        "ZMAC",
        "Site visit to CMAC's information management unit",
        "site_visit",
        Status.DRAFT,
        ["information-management"],
        "A week with CMAC's IMSMA team.",
        "Two ZMAC staff to spend a week with CMAC's information management unit.",
        "ZM",
        1,
    ),
    DemoRequest(
        "SEMA",
        "Storage facility for recovered ordnance in Baidoa",
        "facilities",
        Status.DECLINED,
        ["quality-management"],
        "A temporary storage facility.",
        "A temporary storage facility for recovered ordnance awaiting demolition.",
        "SO",
        60,
        reason="Better placed with the national EOD programme; please resubmit there.",
    ),
    DemoRequest(
        "NMAC",
        "Mine detection dogs assessment",
        "experts",
        Status.CLOSED,
        ["mine-detection-animals"],
        "An assessment of whether detection dogs suit the north-east.",
        "An expert assessment of mine detection dogs for the north-east.",
        "NG",
        120,
        reason="No offer came within 14 days of the reminder.",
    ),
    DemoRequest(
        "NMAA",
        "Strategic planning workshop for NMAA",
        "cooperation",
        Status.OPEN,
        ["strategic-planning", "national-capacity-and-ownership"],
        "Facilitation of the 2027–2031 strategy workshop.",
        "Facilitation of a five-day workshop to draft the next national strategy, drawing on "
        "UXO Lao's 2025 strategic plan update.",
        "SS",
        20,
        confidentiality=SupportRequest.Confidentiality.NAMED,
        offers=[
            DemoOffer(
                "UNMAS",
                "A facilitator and a strategic planning expert.",
                Offer.Status.PENDING,
                Decimal("15000"),
                "USD",
                None,
                4,
            )
        ],
    ),
    DemoRequest(
        "ZMAC",
        "Victim assistance case management system",
        "equipment",
        Status.WITHDRAWN,
        ["victim-assistance"],
        "A case management database for survivors.",
        "A case management database for survivors.",
        "ZM",
        80,
    ),
    DemoRequest(
        "EMAO",
        "Technical survey equipment for the Afar region",
        "equipment",
        Status.IN_PROGRESS,
        ["technical-survey", "detection-equipment"],
        "Large-loop detectors and GPS for technical survey teams.",
        "Four large-loop detectors and handheld GPS units for two technical survey teams.",
        "ET",
        150,
        cost=Decimal("9000000"),
        currency="JPY",
        offers=[
            DemoOffer(
                "JICA",
                "All four detectors and the GPS units.",
                Offer.Status.ACCEPTED,
                Decimal("9000000"),
                "JPY",
                4,
                15,
            ),
            DemoOffer(
                "UNMAS",
                "Two detectors from stock.",
                Offer.Status.DECLINED,
                Decimal("3000000"),
                "JPY",
                2,
                18,
            ),
        ],
    ),
]

# The path each status is reached by, for the timeline.
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.OPEN: [Status.SUBMITTED, Status.OPEN],
    Status.IN_PROGRESS: [Status.SUBMITTED, Status.OPEN, Status.IN_PROGRESS],
    Status.FULFILLED: [Status.SUBMITTED, Status.OPEN, Status.IN_PROGRESS, Status.FULFILLED],
    Status.DECLINED: [Status.SUBMITTED, Status.DECLINED],
    Status.WITHDRAWN: [Status.SUBMITTED, Status.OPEN, Status.WITHDRAWN],
    Status.CLOSED: [Status.SUBMITTED, Status.OPEN, Status.CLOSED],
}


def seed(write: Callable[[str], None]) -> None:
    organisations = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    themes = {t.slug: t for t in Theme.objects.all()}
    members = _members(organisations, themes)
    users = _people(members, organisations)
    created = sum(_request(item, members, users, themes) for item in REQUESTS)
    write(f"Platform: {len(members)} member organisations, {created} new requests")


def _members(
    organisations: dict[str, Organisation], themes: dict[str, Theme]
) -> dict[str, MemberOrganisation]:
    members = {}
    for acronym, role, focal, areas, mandate in FOUNDERS:
        organisation = organisations.get(acronym)
        if organisation is None:
            continue
        member, _created = MemberOrganisation.objects.get_or_create(
            organisation=organisation,
            defaults={
                "role": role,
                "kind": organisation.kind,
                "country": organisation.country,
                "mandate": mandate,
                "focal_point_name": focal,
                "focal_point_email": f"platform@{acronym.lower()}.example.org",
                "status": MemberOrganisation.Status.APPROVED,
                "decided_at": timezone.now() - timedelta(days=300),
            },
        )
        member.focal_areas.set([themes[slug] for slug in areas if slug in themes])
        members[acronym] = member
    return members


def _people(
    members: dict[str, MemberOrganisation], organisations: dict[str, Organisation]
) -> dict[str, User]:
    from portal.management.commands.seed_demo import demo_password

    zambia, created = User.objects.get_or_create(
        email=f"zambia@{DOMAIN}",
        defaults={
            "name": "Chanda Mulenga",
            "organisation": organisations.get("ZMAC"),
            "country": "ZM",
        },
    )
    if created or not zambia.check_password(demo_password()):
        zambia.set_password(demo_password())
        zambia.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=zambia, email=zambia.email, defaults={"verified": True, "primary": True}
    )
    users = {}
    for local, acronym in PEOPLE:
        user = User.objects.filter(email=f"{local}@{DOMAIN}").first()
        if user is None or acronym not in members:
            continue
        Membership.objects.get_or_create(
            user=user, defaults={"organisation": members[acronym], "is_admin": True}
        )
        users[acronym] = user
    partner = users.get("JICA")
    if partner and not Subscription.objects.filter(user=partner).exists():
        subscription = Subscription.objects.create(user=partner, kinds=["equipment", "funding"])
        subscription.themes.set(Theme.objects.filter(slug="detection-equipment"))
    return users


def _request(
    item: DemoRequest,
    members: dict[str, MemberOrganisation],
    users: dict[str, User],
    themes: dict[str, Theme],
) -> bool:
    member = members.get(item.org)
    if member is None or SupportRequest.objects.filter(title=item.title).exists():
        return False
    now = timezone.now()
    start = now - timedelta(days=item.days_ago)
    path = PATHS[item.status]
    # Each step a few days after the last; work is done well before today.
    step = timedelta(days=max(item.days_ago // (len(path) + 1), 1) if path else 1)
    when = {status: start + step * (i + 1) for i, status in enumerate(path)}
    requester = users.get(item.org)
    request = SupportRequest.objects.create(
        organisation=member,
        created_by=requester,
        kind=item.kind,
        nexus=item.nexus,
        title=item.title,
        summary=item.summary,
        description=item.description,
        country=item.country,
        quantity=item.quantity,
        estimated_cost=item.cost,
        currency=item.currency,
        needed_by=(start.date() + timedelta(days=item.needed_in_days))
        if item.needed_in_days is not None
        else None,
        priority=item.priority,
        confidentiality=item.confidentiality,
        status=item.status,
        opened_at=when.get(Status.OPEN),
        fulfilled_at=when.get(Status.FULFILLED),
        subscribers_notified_at=when.get(Status.OPEN),
        result=item.result,
        result_practice=Practice.objects.filter(slug=item.result_practice).first()
        if item.result_practice
        else None,
    )
    SupportRequest.objects.filter(pk=request.pk).update(created_at=start)
    request.themes.set([themes[slug] for slug in item.themes if slug in themes])
    if item.confidentiality == SupportRequest.Confidentiality.NAMED:
        request.named_partners.set([m for m in members.values() if m.role == Role.PARTNER])
    secretariat = User.objects.filter(email=f"secretariat@{DOMAIN}").first()
    previous = Status.DRAFT
    for status in path:
        actor = (
            secretariat if status in (Status.OPEN, Status.DECLINED, Status.CLOSED) else requester
        )
        if status == Status.IN_PROGRESS:
            actor = None
        event = RequestEvent.objects.create(
            request=request,
            actor=actor,
            from_status=previous,
            to_status=status,
            reason=item.reason if status in (Status.DECLINED, Status.CLOSED) else "",
        )
        RequestEvent.objects.filter(pk=event.pk).update(created_at=when[status])
        previous = status
    first_offer = None
    for offer_item in item.offers:
        offered_at = (when.get(Status.OPEN) or start) + timedelta(days=offer_item.after_days)
        offer = Offer.objects.create(
            request=request,
            organisation=members[offer_item.by],
            created_by=users.get(offer_item.by),
            description=offer_item.description,
            quantity=offer_item.quantity,
            amount=offer_item.amount,
            currency=offer_item.currency,
            status=offer_item.status,
            decided_at=offered_at + timedelta(days=2)
            if offer_item.status != Offer.Status.PENDING
            else None,
        )
        Offer.objects.filter(pk=offer.pk).update(created_at=offered_at)
        first_offer = min(first_offer or offered_at, offered_at)
    if first_offer:
        SupportRequest.objects.filter(pk=request.pk).update(first_offer_at=first_offer)
    for author, body in item.messages:
        by = next((u for u in users.values() if u.email.startswith(f"{author}@")), None)
        message = Message.objects.create(request=request, author=by, body=body)
        Message.objects.filter(pk=message.pk).update(created_at=first_offer or start)
    return True
