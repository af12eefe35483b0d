from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from platform_africa.models import MemberOrganisation, Offer, SupportRequest
from platform_africa.services.offers import (
    message_post,
    offer_accept,
    offer_create,
    offer_decline,
)
from platform_africa.services.requests import support_request_fulfil
from tests.knowledge.factories import PracticeFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    OfferFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def _partner() -> object:
    return member(MemberOrganisationFactory(role=MemberOrganisation.Role.PARTNER))


def test_a_partner_offers_through_the_page_and_the_requester_is_told(client):
    request = SupportRequestFactory()
    requester = member(request.organisation)
    client.force_login(_partner())
    client.post(
        reverse("platform:offer-create", args=[request.pk]),
        {"description": "Two CMAC trainers", "amount": "20000", "currency": "usd"},
    )
    offer = Offer.objects.get()
    assert (offer.amount, offer.currency) == (Decimal("20000"), "USD")
    request.refresh_from_db()
    assert request.first_offer_at == offer.created_at
    assert requester.notifications.filter(kind="platform.offer").count() == 1


def test_an_amount_without_currency_is_refused(client):
    request = SupportRequestFactory()
    client.force_login(_partner())
    response = client.post(
        reverse("platform:offer-create", args=[request.pk]),
        {"description": "Money", "amount": "100"},
    )
    assert "Give the currency" in response.content.decode()
    assert not Offer.objects.exists()


def test_nobody_offers_on_their_own_or_an_unopened_request():
    request = SupportRequestFactory()
    with pytest.raises(ValidationError):
        offer_create(
            request=request, user=member(request.organisation), values={"description": "x"}
        )
    draft = SupportRequestFactory(status=Status.DRAFT, opened_at=None)
    with pytest.raises(ValidationError):
        offer_create(request=draft, user=_partner(), values={"description": "x"})


def test_accepting_offers_that_cover_the_request_moves_it_to_in_progress():
    request = SupportRequestFactory(estimated_cost=Decimal("45000"), currency="USD")
    requester = member(request.organisation)
    first = OfferFactory(request=request, amount=Decimal("20000"), currency="USD")
    second = OfferFactory(request=request, amount=Decimal("25000"), currency="USD")
    offerer = member(first.organisation)

    offer_accept(offer=first, user=requester)
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert offerer.notifications.filter(kind="platform.offer_decided").count() == 1

    offer_accept(offer=second, user=requester)
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    event = request.events.get()
    assert (event.actor, event.from_status, event.to_status) == (None, "open", "in_progress")


def test_without_a_cost_or_quantity_the_first_accepted_offer_starts_the_work(client):
    request = SupportRequestFactory()
    offer = OfferFactory(request=request)
    client.force_login(member(request.organisation))
    client.post(reverse("platform:offer-decide", args=[offer.pk, "accept"]))
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_the_requester_declines_through_the_page_and_a_mistyped_answer_changes_nothing(client):
    offer = OfferFactory()
    client.force_login(member(offer.request.organisation))
    assert (
        client.post(reverse("platform:offer-decide", args=[offer.pk, "acept"])).status_code == 404
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    client.post(reverse("platform:offer-decide", args=[offer.pk, "decline"]), {"reason": "Covered"})
    offer.refresh_from_db()
    assert (offer.status, offer.decision_reason) == (Offer.Status.DECLINED, "Covered")


def test_only_the_requester_answers_offers():
    offer = OfferFactory()
    with pytest.raises(ValidationError):
        offer_accept(offer=offer, user=member())
    offer_decline(offer=offer, user=member(offer.request.organisation), reason="Not needed")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    with pytest.raises(ValidationError):
        offer_accept(offer=offer, user=member(offer.request.organisation))


def test_the_requester_records_the_result_with_a_practice(client):
    request = SupportRequestFactory(status=Status.IN_PROGRESS)
    practice = PracticeFactory(title="Swing-type machines in Zambia")
    client.force_login(member(request.organisation))
    client.post(
        reverse("platform:request-fulfil", args=[request.pk]),
        {"result": "Twelve operators certified.", "practice": practice.pk},
    )
    request.refresh_from_db()
    assert request.status == Status.FULFILLED and request.result_practice == practice
    page = client.get(reverse("platform:request-detail", args=[request.pk])).content.decode()
    assert "Twelve operators certified." in page and "Swing-type machines in Zambia" in page


def test_a_result_is_required_to_fulfil():
    request = SupportRequestFactory(status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        support_request_fulfil(request=request, user=member(request.organisation), result=" ")


def test_the_discussion_is_for_members_and_tells_the_others(client):
    offer = OfferFactory()
    requester = member(offer.request.organisation)
    offerer = member(offer.organisation)
    message_post(request=offer.request, user=offerer, body="Can the training be in May?")
    assert requester.notifications.filter(kind="platform.message").count() == 1
    assert not offerer.notifications.filter(kind="platform.message").exists()
    url = reverse("platform:request-detail", args=[offer.request.pk])
    assert "Can the training be in May?" not in client.get(url).content.decode()
    client.force_login(member())
    assert "Can the training be in May?" in client.get(url).content.decode()


def test_members_write_in_the_discussion_through_the_page(client, django_user_model):
    request = SupportRequestFactory()
    url = reverse("platform:message-post", args=[request.pk])
    client.force_login(django_user_model.objects.create_user(email="out@example.org"))
    assert client.post(url, {"body": "Let me in"}).status_code == 404
    client.force_login(member())
    response = client.post(url, {"body": "  "}, follow=True)
    assert "Write a message." in response.content.decode()
    response = client.post(url, {"body": "We have two trainers free in May."}, follow=True)
    assert "We have two trainers free in May." in response.content.decode()
    assert request.messages.count() == 1
