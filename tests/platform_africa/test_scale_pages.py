"""The board and the dashboard as they are built for large data: same rows, same figures.

The board counts offers with a subquery per shown row; the dashboard computes its medians
in SQL and keeps its figures in the cache until a request or an offer is written.
"""

import datetime
import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platform_africa.models import Offer, SupportRequest
from tests.knowledge.factories import ThemeFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    OfferFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def _figures(client) -> dict[str, object]:  # noqa: ANN001
    data = client.get(reverse("platform:dashboard")).context["data"]
    return {
        "total": data.total,
        "by_status": dict(data.by_status),
        "amounts": data.amounts,
        "first_offer": data.median_days_to_first_offer,
        "fulfilment": data.median_days_to_fulfilment,
    }


def test_the_board_counts_every_offer_of_each_request_once(client):
    """Even where a request matches twice (two of a partner's focal areas)."""
    demining, survey = ThemeFactory(), ThemeFactory()
    partner = MemberOrganisationFactory(role="partner")
    partner.focal_areas.set([demining, survey])
    busy = SupportRequestFactory(title="Busy request")
    busy.themes.set([demining, survey])
    quiet = SupportRequestFactory(title="Quiet request")
    quiet.themes.set([survey])
    for status in ("pending", "accepted", "withdrawn"):
        OfferFactory(request=busy, status=status)
    client.force_login(member(partner))

    for scope in ("", "help"):
        response = client.get(reverse("platform:request-list"), {"scope": scope})
        shown = {r.title: r.offer_count for r in response.context["page"].object_list}
        assert shown == {"Busy request": 3, "Quiet request": 0}
        assert response.context["page"].paginator.count == 2
    assert "3 offers" in response.content.decode()


def test_the_board_lists_newest_first_across_pages(client):
    created = SupportRequestFactory.create_batch(30)
    # Two requests created at the same instant: the later id first.
    same = timezone.now() + datetime.timedelta(days=1)
    SupportRequest.objects.filter(pk__in=[r.pk for r in created[:2]]).update(created_at=same)
    expected = [created[1], created[0]] + created[2:][::-1]

    first = client.get(reverse("platform:request-list")).context["page"]
    second = client.get(reverse("platform:request-list"), {"page": 2}).context["page"]

    assert list(first.object_list) + list(second.object_list) == expected
    assert first.paginator.count == 30


def test_the_board_search_finds_words_inside_titles_and_summaries_in_any_case(client):
    SupportRequestFactory(title="Mechanical DEMINING machines", summary="Two flails.")
    SupportRequestFactory(title="Survey exchange", summary="Visit to the deminers of CMAC.")
    SupportRequestFactory(title="Detectors", summary="For roads.")

    response = client.get(reverse("platform:request-list"), {"q": "Demin"})

    assert [r.title for r in response.context["page"].object_list] == [
        "Survey exchange",
        "Mechanical DEMINING machines",
    ]


def test_the_dashboard_medians_are_those_of_every_opened_request(client):
    opened = timezone.now() - datetime.timedelta(days=60)
    first_offer_days = [1, 2.5, 4, 10]  # an even number: the mean of the middle two
    fulfilment_days = [3, 7.25, 30]
    for n, days in enumerate(first_offer_days):
        fulfilled = n < len(fulfilment_days)
        SupportRequestFactory(
            opened_at=opened,
            first_offer_at=opened + datetime.timedelta(days=days),
            status=Status.FULFILLED if fulfilled else Status.OPEN,
            fulfilled_at=opened + datetime.timedelta(days=fulfilment_days[n])
            if fulfilled
            else None,
        )
    # Opened but no offer yet, and never opened: neither counts for the first median.
    SupportRequestFactory(opened_at=opened)
    SupportRequestFactory(
        status=Status.DRAFT, opened_at=None, first_offer_at=opened + datetime.timedelta(days=99)
    )
    client.force_login(member())

    figures = _figures(client)

    assert figures["first_offer"] == round(statistics.median(first_offer_days), 1) == 3.2
    assert figures["fulfilment"] == 7.2
    assert figures["total"] == 5


def test_the_dashboard_shows_a_dash_without_offers_or_fulfilments(client):
    SupportRequestFactory()
    client.force_login(member())

    figures = _figures(client)

    assert (figures["first_offer"], figures["fulfilment"], figures["amounts"]) == (None, None, {})


def test_the_dashboard_figures_change_as_soon_as_requests_or_offers_are_written(client):
    request = SupportRequestFactory(estimated_cost=Decimal("1000"), currency="USD")
    offer = OfferFactory(request=request, amount=Decimal("400"), currency="USD")
    client.force_login(member())
    assert _figures(client)["amounts"]["USD"]["offered"] == Decimal("400")

    # Each write by another path than the last: ORM save, queryset update, raw SQL, delete.
    OfferFactory(request=request, amount=Decimal("100"), currency="USD", status="accepted")
    assert _figures(client)["amounts"]["USD"] == {
        "requested": Decimal("1000"),
        "offered": Decimal("500"),
        "accepted": Decimal("100"),
        "delivered": Decimal("0.00"),
    }
    SupportRequest.objects.filter(pk=request.pk).update(
        status=Status.FULFILLED, fulfilled_at=timezone.now()
    )
    figures = _figures(client)
    assert figures["by_status"] == {"Fulfilled": 1}
    assert figures["amounts"]["USD"]["delivered"] == Decimal("100")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE platform_africa_offer SET status = 'withdrawn' WHERE id = %s", [offer.pk]
        )
    assert _figures(client)["amounts"]["USD"]["offered"] == Decimal("100")
    Offer.objects.all().delete()
    SupportRequestFactory(estimated_cost=Decimal("5"), currency="EUR")
    figures = _figures(client)
    assert figures["total"] == 2
    assert figures["amounts"] == {
        "EUR": dict.fromkeys(("offered", "accepted", "delivered"), Decimal("0.00"))
        | {"requested": Decimal("5")},
        "USD": dict.fromkeys(("offered", "accepted", "delivered"), Decimal("0.00"))
        | {"requested": Decimal("1000")},
    }


def test_the_dashboard_is_computed_once_between_writes(client):
    OfferFactory(amount=Decimal("10"), currency="USD")
    client.force_login(member())
    _figures(client)

    with CaptureQueriesContext(connection) as queries:
        _figures(client)

    assert not [q for q in queries.captured_queries if "platform_africa_offer" in q["sql"]]
