import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from platform_africa.models import MemberOrganisation, Membership
from platform_africa.services import membership as services
from portal.models import Email
from portal.notifications.models import Notification
from tests.factories import OrganisationFactory, UserFactory
from tests.knowledge.factories import ThemeFactory
from tests.platform_africa.factories import MemberOrganisationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _apply(user: object, organisation: object) -> MemberOrganisation:
    return services.member_apply(
        user=user,
        organisation=organisation,
        role="member",
        kind="national_authority",
        country="ZM",
        mandate="National coordination of mine action in Zambia.",
        focal_point_name="Mwila Banda",
        focal_point_email="focal@zmac.example",
        focal_areas=[ThemeFactory(slug="mechanical-demining")],
    )


def test_an_application_through_the_form_reaches_the_secretariat(client, secretariat):
    applicant = UserFactory()
    organisation = OrganisationFactory()
    theme = ThemeFactory()
    client.force_login(applicant)
    response = client.post(
        reverse("platform:apply"),
        {
            "organisation": organisation.pk,
            "role": "member",
            "kind": "national_authority",
            "country": "ZM",
            "mandate": "Coordinates mine action.",
            "focal_point_name": "Mwila Banda",
            "focal_point_email": "focal@zmac.example",
            "focal_areas": [theme.pk],
        },
    )
    assert response.status_code == 302
    member = MemberOrganisation.objects.get(organisation=organisation)
    assert member.status == "pending" and list(member.focal_areas.all()) == [theme]
    assert Notification.objects.filter(recipient=secretariat, kind="platform.application").exists()


def test_declining_needs_a_reason_which_reaches_the_applicant_by_email(secretariat):
    applicant = UserFactory()
    member = _apply(applicant, OrganisationFactory())
    with pytest.raises(ValidationError):
        services.member_decide(member=member, user=secretariat, approve=False, reason=" ")
    services.member_decide(
        member=member, user=secretariat, approve=False, reason="Mandate letter missing."
    )
    email = Email.objects.get(to=applicant.email)
    assert "declined" in email.subject
    assert "Mandate letter missing." in email.body_text
    assert not Membership.objects.filter(user=applicant).exists()


def test_approval_makes_the_applicant_the_organisations_admin(secretariat):
    applicant = UserFactory()
    member = _apply(applicant, OrganisationFactory())
    services.member_decide(member=member, user=secretariat, approve=True)
    membership = Membership.objects.get(user=applicant)
    assert membership.is_admin and membership.organisation == member
    assert Email.objects.filter(to=applicant.email, subject__contains="now a member").exists()


def test_only_the_secretariat_decides(client):
    applicant = UserFactory()
    member = _apply(applicant, OrganisationFactory())
    with pytest.raises(ValidationError):
        services.member_decide(member=member, user=UserFactory(), approve=True)
    client.force_login(UserFactory())
    assert client.get(reverse("platform:application-list")).status_code == 404


def test_secretariat_declines_through_the_page(client, secretariat):
    member = _apply(UserFactory(), OrganisationFactory())
    client.force_login(secretariat)
    client.post(
        reverse("platform:application-decide", args=[member.pk]),
        {"decision": "decline", "reason": "Not an African authority."},
    )
    member.refresh_from_db()
    assert member.status == "declined" and member.decision_reason == "Not an African authority."


def test_an_invited_colleague_joins_with_the_invited_address_only(client):
    admin = MembershipFactory(is_admin=True)
    client.force_login(admin.user)
    client.post(reverse("platform:organisation"), {"email": "colleague@zmac.example"})
    email = Email.objects.get(to="colleague@zmac.example")
    path = "/platform/invitations/" + email.body_text.split("/platform/invitations/")[1].split()[0]

    stranger = UserFactory(email="someone.else@example.org")
    client.force_login(stranger)
    assert "colleague@zmac.example" in client.get(path).content.decode()
    client.post(path)
    assert not Membership.objects.filter(user=stranger).exists()

    colleague = UserFactory(email="colleague@zmac.example")
    client.force_login(colleague)
    client.post(path)
    assert Membership.objects.get(user=colleague).organisation == admin.organisation
    assert client.get(path).status_code == 404


def test_only_admins_invite_and_remove(client):
    admin = MembershipFactory(is_admin=True)
    colleague = MembershipFactory(organisation=admin.organisation)
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=admin.organisation, user=colleague.user, email="x@example.org"
        )
    client.force_login(colleague.user)
    client.post(reverse("platform:membership-remove", args=[admin.pk]))
    assert Membership.objects.filter(pk=admin.pk).exists()
    client.force_login(admin.user)
    client.post(reverse("platform:membership-remove", args=[colleague.pk]))
    assert not Membership.objects.filter(pk=colleague.pk).exists()


def test_the_directory_shows_focal_points_to_members_only(client):
    shown = MemberOrganisationFactory(focal_point_email="focal@emao.example")
    MemberOrganisationFactory(
        status=MemberOrganisation.Status.PENDING, decided_at=None, mandate="Pending one"
    )
    page = client.get(reverse("platform:member-list")).content.decode()
    assert str(shown.organisation) in page
    assert "focal@emao.example" not in page
    client.force_login(MembershipFactory().user)
    assert "focal@emao.example" in client.get(reverse("platform:member-list")).content.decode()
