"""Every list page of the platform costs the same number of queries at 2 and 12 rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_africa.models import (
    Invitation,
    Kind,
    MemberOrganisation,
    Message,
    Offer,
    RequestAttachment,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import ThemeFactory
from tests.query_counts import assert_flat_queries

from .factories import (
    MemberOrganisationFactory,
    MembershipFactory,
    OfferFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db

COUNTRIES = ["ZM", "AO", "ET", "NG", "SO", "SS", "UG", "ZW", "SN", "ML", "TD", "SD"]
KINDS = list(Kind.values)
STATUSES = list(SupportRequest.PUBLISHED)
CURRENCIES = ["USD", "EUR", "JPY"]


def _organisation(n: int, **fields: object) -> MemberOrganisation:
    return MemberOrganisationFactory(
        **{
            "organisation": OrganisationFactory(name=f"Authority {n:03d}"),
            "country": COUNTRIES[n % 12],
            **fields,
        }
    )


def _requests(start: int, stop: int, **fields: object) -> list[SupportRequest]:
    """Requests each from their own organisation, with their own themes, offers, country, kind."""
    made = []
    for n in range(start, stop):
        organisation = fields.get("organisation") or _organisation(n)
        request = SupportRequestFactory(
            **{
                "title": f"Request {n:03d}",
                "organisation": organisation,
                "kind": KINDS[n % len(KINDS)],
                "country": COUNTRIES[n % 12],
                "status": STATUSES[n % len(STATUSES)],
                "estimated_cost": Decimal(1000 * (n + 1)),
                "currency": CURRENCIES[n % 3],
                "needed_by": datetime.date(2027, 1 + n % 12, 1),
                "fulfilled_at": timezone.now(),
                **fields,
            }
        )
        request.themes.set([ThemeFactory(name=f"Need {n:03d}"), ThemeFactory()])
        for m in range(n % 3 + 1):
            OfferFactory(
                request=request,
                amount=Decimal(100 * (m + 1)),
                currency=request.currency,
                status=list(Offer.Status.values)[m % len(Offer.Status.values)],
            )
        made.append(request)
    return made


def _shown(requests: list[SupportRequest]) -> list[str]:
    return [text for r in requests for text in (r.title, r.themes.order_by("pk")[0].name)]


@pytest.mark.parametrize("as_member", [False, True], ids=["visitor", "member"])
def test_request_board(client, django_assert_max_num_queries, as_member):
    if as_member:
        client.force_login(member())
    assert_flat_queries(
        client,
        reverse("platform:request-list"),
        lambda start, stop: _shown(_requests(start, stop)),
        budget=10 if as_member else 5,
        max_queries=django_assert_max_num_queries,
    )


def test_request_board_for_the_secretariat(client, django_assert_max_num_queries, secretariat):
    client.force_login(secretariat)
    # Submitted ones are for the secretariat only, not yet on the public board.
    statuses = ["submitted", "open", "in_progress", "closed"]

    def build(start: int, stop: int) -> list[str]:
        requests = _requests(start, stop, confidentiality="named")
        for n, request in enumerate(requests, start):
            SupportRequest.objects.filter(pk=request.pk).update(status=statuses[n % 4])
        return _shown(requests)

    assert_flat_queries(
        client,
        reverse("platform:request-list"),
        build,
        budget=10,
        max_queries=django_assert_max_num_queries,
    )


def test_my_organisations_requests(client, django_assert_max_num_queries):
    organisation = _organisation(0)
    client.force_login(member(organisation))
    assert_flat_queries(
        client,
        reverse("platform:request-list") + "?scope=mine",
        lambda start, stop: _shown(
            _requests(start, stop, organisation=organisation, status="draft", opened_at=None)
        ),
        budget=10,
        max_queries=django_assert_max_num_queries,
    )


def test_request_board_filtered(client, django_assert_max_num_queries):
    client.force_login(member())
    theme = ThemeFactory(name="Mechanical demining", slug="mechanical")

    def build(start: int, stop: int) -> list[str]:
        requests = _requests(
            start, stop, kind="equipment", country="ZM", nexus="hdp", status="open"
        )
        for request in requests:
            request.themes.add(theme)
        return _shown(requests)

    url = reverse("platform:request-list") + (
        "?q=request&status=open&kind=equipment&country=ZM&theme=mechanical&nexus=hdp"
    )
    assert_flat_queries(client, url, build, budget=11, max_queries=django_assert_max_num_queries)


def test_requests_a_partner_can_help_with(client, django_assert_max_num_queries):
    theme = ThemeFactory(name="Victim assistance", slug="victim-assistance")
    partner = _organisation(99, role=MemberOrganisation.Role.PARTNER)
    partner.focal_areas.set([theme])
    client.force_login(member(partner))

    def build(start: int, stop: int) -> list[str]:
        requests = _requests(start, stop, status="open")
        for request in requests:
            request.themes.add(theme)
        return _shown(requests)

    assert_flat_queries(
        client,
        reverse("platform:request-list") + "?scope=help",
        build,
        budget=10,
        max_queries=django_assert_max_num_queries,
    )


@pytest.mark.parametrize("viewer", ["requester", "secretariat"])
def test_request_page_with_offers_messages_events_and_documents(
    client, django_assert_max_num_queries, secretariat, viewer
):
    request = _requests(0, 1, status="open")[0]
    client.force_login(member(request.organisation) if viewer == "requester" else secretariat)
    statuses = list(SupportRequest.Status.values)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            partner = _organisation(100 + n, role=MemberOrganisation.Role.PARTNER)
            request.named_partners.add(partner)
            Offer.objects.create(
                request=request,
                organisation=partner,
                created_by=UserFactory(),
                description=f"Offer {n:03d}",
                amount=Decimal(10 * n),
                currency="USD",
                available_from=datetime.date(2027, 1, 1),
            )
            Message.objects.create(
                request=request, author=member(partner, user__name=f"Writer {n:03d}"), body="Hi"
            )
            RequestEvent.objects.create(
                request=request,
                actor=UserFactory(name=f"Actor {n:03d}"),
                from_status=statuses[n % 8],
                to_status=statuses[(n + 1) % 8],
                reason=f"Reason {n:03d}",
            )
            RequestAttachment.objects.create(
                request=request,
                file=f"platform/{n}.pdf",
                name=f"Document {n:03d}.pdf",
                size=10,
                uploaded_by=UserFactory(),
            )
        return [
            text
            for n in range(start, stop)
            for text in (
                f"Authority {100 + n:03d}",
                f"Offer {n:03d}",
                f"Writer {n:03d}",
                f"Actor {n:03d}",
                f"Reason {n:03d}",
                f"Document {n:03d}.pdf",
            )
        ]

    assert_flat_queries(
        client,
        reverse("platform:request-detail", args=[request.pk]),
        build,
        budget=18,
        max_queries=django_assert_max_num_queries,
    )


def test_member_directory(client, django_assert_max_num_queries):
    client.force_login(member())

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            _organisation(n).focal_areas.set([ThemeFactory(name=f"Area {n:03d}"), ThemeFactory()])
        return [
            text for n in range(start, stop) for text in (f"Authority {n:03d}", f"Area {n:03d}")
        ]

    assert_flat_queries(
        client,
        reverse("platform:member-list"),
        build,
        budget=8,
        max_queries=django_assert_max_num_queries,
    )


def test_applications(client, django_assert_max_num_queries, secretariat):
    client.force_login(secretariat)
    statuses = list(MemberOrganisation.Status.values)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            application = _organisation(
                n,
                status=statuses[n % len(statuses)],
                decision_reason=f"Decided {n:03d}",
                applied_by=UserFactory(name=f"Applicant {n:03d}"),
                decided_by=UserFactory() if n % 2 else None,
            )
            application.focal_areas.set([ThemeFactory(), ThemeFactory()])
        return [
            text
            for n in range(start, stop)
            for text in (f"Authority {n:03d}", f"Applicant {n:03d}")
        ]

    assert_flat_queries(
        client,
        reverse("platform:application-list"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_platform_home_for_the_secretariat(client, django_assert_max_num_queries, secretariat):
    client.force_login(secretariat)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            _organisation(n, status=MemberOrganisation.Status.PENDING, decided_at=None)
        return [f"{stop} applications waiting"]

    assert_flat_queries(
        client,
        reverse("platform:home"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_my_organisation_with_its_people_and_invitations(client, django_assert_max_num_queries):
    organisation = _organisation(0)
    admin = MembershipFactory(organisation=organisation, is_admin=True).user
    client.force_login(admin)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            MembershipFactory(organisation=organisation, user__email=f"colleague{n}@example.org")
            Invitation.objects.create(
                organisation=organisation, email=f"invited{n}@example.org", invited_by=admin
            )
        return [
            text
            for n in range(start, stop)
            for text in (f"colleague{n}@example.org", f"invited{n}@example.org")
        ]

    assert_flat_queries(
        client,
        reverse("platform:organisation"),
        build,
        budget=9,
        max_queries=django_assert_max_num_queries,
    )


def test_dashboard(client, django_assert_max_num_queries, secretariat):
    client.force_login(secretariat)

    def build(start: int, stop: int) -> list[str]:
        for request in _requests(start, stop):
            SupportRequest.objects.filter(pk=request.pk).update(
                first_offer_at=request.opened_at + datetime.timedelta(days=3)
            )
        return CURRENCIES[: min(stop, 3)]

    assert_flat_queries(
        client,
        reverse("platform:dashboard"),
        build,
        budget=14,
        max_queries=django_assert_max_num_queries,
        cold=True,  # the figures worked out, not read from the cache
    )


def test_subscriptions(client, django_assert_max_num_queries):
    user = member()
    subscription = Subscription.objects.create(user=user, kinds=KINDS[:2], countries=["ZM"])
    client.force_login(user)

    def build(start: int, stop: int) -> list[str]:
        themes = [ThemeFactory(name=f"Topic {n:03d}") for n in range(start, stop)]
        subscription.themes.add(*themes[::2])
        return [theme.name for theme in themes]

    assert_flat_queries(
        client,
        reverse("platform:subscription"),
        build,
        budget=9,
        max_queries=django_assert_max_num_queries,
    )
