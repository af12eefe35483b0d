from decimal import Decimal

import pytest
from django.urls import reverse

from platform_africa.models import Offer, SupportRequest
from platform_africa.selectors import dashboard
from tests.platform_africa.factories import OfferFactory, SupportRequestFactory, member

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def _data() -> list[SupportRequest]:
    from django.utils import timezone

    open_usd = SupportRequestFactory(estimated_cost=Decimal("1000.50"), currency="USD")
    fulfilled = SupportRequestFactory(
        status=Status.FULFILLED,
        estimated_cost=Decimal("300"),
        currency="USD",
        fulfilled_at=timezone.now(),
        kind="equipment",
        country="ET",
    )
    yen = SupportRequestFactory(estimated_cost=Decimal("5000000"), currency="JPY")
    # Drafts never opened are left out.
    SupportRequestFactory(status=Status.DRAFT, opened_at=None, estimated_cost=9, currency="USD")
    OfferFactory(request=open_usd, amount=Decimal("400"), currency="USD")
    OfferFactory(request=open_usd, amount=Decimal("99"), currency="USD", status="accepted")
    OfferFactory(request=fulfilled, amount=Decimal("300"), currency="USD", status="accepted")
    OfferFactory(request=yen, amount=Decimal("1000000"), currency="JPY", status="withdrawn")
    OfferFactory(request=yen, amount=Decimal("2000000"), currency="JPY", status="accepted")
    return [open_usd, fulfilled, yen]


def test_dashboard_sums_equal_sums_computed_independently():
    opened = _data()
    data = dashboard()
    offers = [o for r in opened for o in Offer.objects.filter(request=r)]
    for currency in ("USD", "JPY"):
        expected = {
            "requested": sum(r.estimated_cost for r in opened if r.currency == currency),
            "offered": sum(
                o.amount for o in offers if o.currency == currency and o.status != "withdrawn"
            ),
            "accepted": sum(
                o.amount for o in offers if o.currency == currency and o.status == "accepted"
            ),
            "delivered": sum(
                o.amount
                for o in offers
                if o.currency == currency
                and o.status == "accepted"
                and o.request.status == Status.FULFILLED
            ),
        }
        assert data.amounts[currency] == expected
    assert data.total == 3
    assert dict(data.by_status) == {"Open": 2, "Fulfilled": 1}
    assert dict(data.by_country) == {"Zambia": 2, "Ethiopia": 1}


def test_the_dashboard_page_draws_charts_for_members_only(client):
    _data()
    client.force_login(member())
    page = client.get(reverse("platform:dashboard")).content.decode()
    assert "<svg" in page and "1,300.50" in page  # amounts grouped in thousands
    client.logout()
    assert client.get(reverse("platform:dashboard")).status_code == 302


def test_large_amounts_are_grouped_in_thousands_on_the_page(client):
    _data()
    client.force_login(member())
    page = client.get(reverse("platform:dashboard")).content.decode()
    assert "5,000,000.00" in page  # JPY requested
    assert "2,000,000.00" in page  # JPY accepted
