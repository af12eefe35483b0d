"""The secretariat's decisions in the admin are the platform's services: the applicant is told,
the request's timeline records who opened it, and a refusal changes nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from platform_africa.models import MemberOrganisation, Membership, RequestEvent, SupportRequest
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.platform_africa.factories import MemberOrganisationFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db

MEMBERS = reverse("admin:platform_africa_memberorganisation_changelist")
REQUESTS = reverse("admin:platform_africa_supportrequest_changelist")


def run_action(client, url: str, action: str, rows: list, **extra: str):  # noqa: ANN001, ANN201
    data = {"action": action, "index": "0", "_selected_action": [str(row.pk) for row in rows]}
    return client.post(url, {**data, **extra}, follow=True)


def pending(**kwargs: object) -> MemberOrganisation:
    return MemberOrganisationFactory(
        status=MemberOrganisation.Status.PENDING,
        decided_at=None,
        applied_by=UserFactory(),
        **kwargs,
    )


def test_approving_an_application_in_the_admin_makes_the_applicant_its_admin_and_tells_them(
    admin_client, admin_user
):
    member = pending()

    response = run_action(admin_client, MEMBERS, "approve", [member])

    member.refresh_from_db()
    assert response.status_code == 200
    assert member.status == MemberOrganisation.Status.APPROVED
    assert member.decided_by == admin_user
    assert Membership.objects.get(user=member.applied_by).is_admin
    assert Notification.objects.filter(
        recipient=member.applied_by, kind="platform.application_decided"
    ).exists()


def test_declining_in_the_admin_asks_for_the_reason_and_passes_it_on(admin_client):
    member = pending()

    asked = run_action(admin_client, MEMBERS, "decline", [member])
    member.refresh_from_db()
    assert member.status == MemberOrganisation.Status.PENDING
    assert 'name="reason"' in asked.content.decode()

    run_action(admin_client, MEMBERS, "decline", [member], apply="yes", reason="Not in Africa.")

    member.refresh_from_db()
    assert member.status == MemberOrganisation.Status.DECLINED
    assert member.decision_reason == "Not in Africa."
    notification = Notification.objects.get(recipient=member.applied_by)
    assert notification.body == "Not in Africa."


def test_an_application_already_decided_is_refused_and_the_others_go_through(admin_client):
    decided = MemberOrganisationFactory()
    waiting = pending()

    response = run_action(admin_client, MEMBERS, "approve", [decided, waiting])

    waiting.refresh_from_db()
    assert waiting.status == MemberOrganisation.Status.APPROVED
    assert "This application has already been decided." in response.content.decode()


def test_staff_outside_the_secretariat_cannot_approve_from_the_admin(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_memberorganisation"))
    client.force_login(staff)
    member = pending()

    response = run_action(client, MEMBERS, "approve", [member])

    member.refresh_from_db()
    assert member.status == MemberOrganisation.Status.PENDING
    assert "Only the platform secretariat decides on applications." in response.content.decode()
    assert not Notification.objects.exists()


def test_opening_a_request_in_the_admin_records_it_on_the_timeline(admin_client, admin_user):
    support_request = SupportRequestFactory(status=SupportRequest.Status.SUBMITTED, opened_at=None)

    run_action(admin_client, REQUESTS, "open", [support_request])

    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN
    assert support_request.opened_at is not None
    event = RequestEvent.objects.get(request=support_request)
    assert (event.actor, event.from_status, event.to_status) == (admin_user, "submitted", "open")


def test_a_request_cannot_be_closed_from_the_admin_without_a_reason(admin_client):
    support_request = SupportRequestFactory()

    run_action(admin_client, REQUESTS, "close", [support_request], apply="yes", reason="")

    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.OPEN
    assert not RequestEvent.objects.exists()
