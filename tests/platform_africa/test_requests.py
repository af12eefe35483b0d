import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from platform_africa.models import MemberOrganisation, RequestEvent, SupportRequest
from platform_africa.services.requests import (
    support_request_create,
    support_request_transition,
    support_request_update,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import PracticeFactory, ThemeFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    MembershipFactory,
    SupportRequestFactory,
    member,
)
from trainings.models import Programme, Session

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status

FORM = {
    "kind": "cooperation",
    "title": "Mechanical demining training for ZMAC operators",
    "summary": "Training on swing-type machines.",
    "description": "Twelve operators need two weeks of training.",
    "nexus": "operational",
    "country": "ZM",
    "quantity": "12",
    "estimated_cost": "45000.00",
    "currency": "usd",
    "needed_by": "2027-03-01",
    "priority": "high",
    "confidentiality": "summary",
}


def test_a_member_drafts_and_submits_a_request_through_the_form(client, secretariat):
    user = member()
    client.force_login(user)
    response = client.post(reverse("platform:request-create"), {**FORM, "action": "submit"})
    request = SupportRequest.objects.get()
    assert response.url == reverse("platform:request-detail", args=[request.pk])
    assert request.status == Status.SUBMITTED and request.currency == "USD"
    assert request.events.get().to_status == Status.SUBMITTED
    assert secretariat.notifications.filter(kind="platform.request_status").exists()


def test_a_cost_without_a_currency_is_refused_with_a_message(client):
    client.force_login(member())
    response = client.post(reverse("platform:request-create"), {**FORM, "currency": ""})
    assert "Give the currency" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_non_member_cannot_post(client):
    outsider = UserFactory()
    pending = MembershipFactory(
        organisation=MemberOrganisationFactory(status="pending", decided_at=None)
    ).user
    for user in (outsider, pending):
        client.force_login(user)
        client.post(reverse("platform:request-create"), FORM)
        with pytest.raises(ValidationError):
            support_request_create(user=user, values={**FORM, "currency": "USD"})
    assert not SupportRequest.objects.exists()


def test_a_member_of_one_organisation_cannot_edit_anothers_request(client):
    request = SupportRequestFactory(status=Status.DRAFT, opened_at=None)
    other = member()
    client.force_login(other)
    assert client.get(reverse("platform:request-edit", args=[request.pk])).status_code == 404
    client.post(reverse("platform:request-edit", args=[request.pk]), {**FORM, "title": "Mine"})
    with pytest.raises(ValidationError):
        support_request_update(request=request, user=other, values={"title": "Mine"})
    request.refresh_from_db()
    assert request.title != "Mine"


def test_the_requesting_organisation_edits_its_draft(client):
    request = SupportRequestFactory(status=Status.DRAFT, opened_at=None)
    client.force_login(member(request.organisation))
    client.post(reverse("platform:request-edit", args=[request.pk]), {**FORM, "title": "Better"})
    request.refresh_from_db()
    assert request.title == "Better"


def test_a_members_only_request_is_invisible_to_anonymous_visitors(client):
    hidden = SupportRequestFactory(confidentiality="members", title="Hidden detector request")
    summary = SupportRequestFactory(title="Visible summary request")
    assert client.get(reverse("platform:request-detail", args=[hidden.pk])).status_code == 404
    board = client.get(reverse("platform:request-list")).content.decode()
    assert "Hidden detector request" not in board and "Visible summary request" in board
    page = client.get(reverse("platform:request-detail", args=[summary.pk])).content.decode()
    assert "A short public summary." in page
    assert "members-only details" not in page
    client.force_login(member())
    assert client.get(reverse("platform:request-detail", args=[hidden.pk])).status_code == 200


def test_a_named_partners_request_is_invisible_to_other_members(client):
    named = MemberOrganisationFactory(role=MemberOrganisation.Role.PARTNER)
    request = SupportRequestFactory(confidentiality="named", title="Only for JICA")
    request.named_partners.set([named])
    client.force_login(member())
    assert client.get(reverse("platform:request-detail", args=[request.pk])).status_code == 404
    assert "Only for JICA" not in client.get(reverse("platform:request-list")).content.decode()
    client.force_login(member(named))
    assert client.get(reverse("platform:request-detail", args=[request.pk])).status_code == 200
    client.force_login(member(request.organisation))
    assert client.get(reverse("platform:request-detail", args=[request.pk])).status_code == 200


def test_drafts_stay_with_their_organisation_and_the_secretariat(client, secretariat):
    request = SupportRequestFactory(status=Status.DRAFT, opened_at=None)
    client.force_login(member())
    assert client.get(reverse("platform:request-detail", args=[request.pk])).status_code == 404
    client.force_login(secretariat)
    assert client.get(reverse("platform:request-detail", args=[request.pk])).status_code == 200


def test_an_illegal_transition_is_refused_with_a_clear_message(secretariat):
    request = SupportRequestFactory(status=Status.FULFILLED, fulfilled_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        support_request_transition(request=request, user=secretariat, to=Status.DRAFT)
    assert "“Fulfilled” cannot become “Draft”" in error.value.messages[0]
    request.refresh_from_db()
    assert request.status == Status.FULFILLED and not RequestEvent.objects.exists()


def test_only_the_secretariat_opens_a_submitted_request(client, secretariat):
    request = SupportRequestFactory(status=Status.SUBMITTED, opened_at=None)
    requester = member(request.organisation)
    with pytest.raises(ValidationError):
        support_request_transition(request=request, user=requester, to=Status.OPEN)
    client.force_login(secretariat)
    client.post(reverse("platform:request-transition", args=[request.pk]), {"to": "open"})
    request.refresh_from_db()
    assert request.status == Status.OPEN and request.opened_at
    event = request.events.get()
    assert (event.actor, event.from_status, event.to_status) == (secretariat, "submitted", "open")
    assert requester.notifications.filter(kind="platform.request_status").exists()


def test_declining_a_request_needs_a_reason_and_shows_it_in_the_timeline(client, secretariat):
    request = SupportRequestFactory(status=Status.SUBMITTED, opened_at=None)
    with pytest.raises(ValidationError):
        support_request_transition(request=request, user=secretariat, to=Status.DECLINED)
    support_request_transition(
        request=request, user=secretariat, to=Status.DECLINED, reason="Duplicate of another."
    )
    client.force_login(member(request.organisation))
    page = client.get(reverse("platform:request-detail", args=[request.pk])).content.decode()
    assert "Duplicate of another." in page


def test_the_form_suggests_related_practices(client):
    theme = ThemeFactory(slug="mechanical-demining", name="Mechanical demining")
    PracticeFactory(title="Mechanical demining with swing-type machines", themes=[theme])
    PracticeFactory(title="Victim assistance case management")
    programme = Programme.objects.create(
        name="JICA-CMAC third-country training",
        slug="jica-cmac",
        host=OrganisationFactory(),
        year_start=2010,
    )
    past = Session.objects.create(
        programme=programme,
        title="Swing-type machine operators course",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 14),
        host_country="KH",
    )
    past.themes.set([theme])
    Session.objects.create(
        programme=programme,
        title="Unrelated detector course",
        start_date=datetime.date(2025, 4, 1),
        end_date=datetime.date(2025, 4, 14),
        host_country="KH",
    )
    client.force_login(member())
    response = client.post(
        reverse("platform:request-create"),
        {"title": "Mechanical demining training", "themes": [theme.pk], "action": "suggest"},
    )
    page = response.content.decode()
    assert "Mechanical demining with swing-type machines" in page
    assert "Victim assistance case management" not in page
    assert "Swing-type machine operators course" in page
    assert "Unrelated detector course" not in page
    assert not SupportRequest.objects.exists()
