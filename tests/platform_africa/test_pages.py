import pytest
from django.urls import reverse

from platform_africa.models import SupportRequest
from tests.factories import UserFactory
from tests.platform_africa.factories import MembershipFactory, SupportRequestFactory, member

pytestmark = pytest.mark.django_db


def test_the_platform_home_invites_visitors_and_users_to_join(client):
    assert "Sign in to apply" in client.get(reverse("platform:home")).content.decode()
    client.force_login(UserFactory())
    assert "Apply to join" in client.get(reverse("platform:home")).content.decode()


def test_the_platform_home_offers_members_to_post_and_the_secretariat_its_queues(
    client, secretariat
):
    client.force_login(member())
    assert "Post a request" in client.get(reverse("platform:home")).content.decode()
    client.force_login(secretariat)
    page = client.get(reverse("platform:home")).content.decode()
    assert "Requests to review" in page and "0 applications waiting" in page


def test_an_admin_sees_the_organisations_people_and_the_invitation_form(client):
    admin = MembershipFactory(is_admin=True)
    colleague = MembershipFactory(organisation=admin.organisation)
    client.force_login(admin.user)
    page = client.get(reverse("platform:organisation")).content.decode()
    assert colleague.user.email in page and "Send the invitation" in page


def test_member_only_pages_are_404_or_redirect_for_others(client):
    request = SupportRequestFactory(status=SupportRequest.Status.IN_PROGRESS)
    client.force_login(UserFactory())
    assert client.get(reverse("platform:subscription")).status_code == 404
    assert client.get(reverse("platform:dashboard")).status_code == 404
    assert client.get(reverse("platform:request-fulfil", args=[request.pk])).status_code == 404
    assert client.get(reverse("platform:request-create")).status_code == 302


def test_the_drafting_and_fulfilment_forms_render_for_the_requester(client):
    request = SupportRequestFactory(status=SupportRequest.Status.IN_PROGRESS)
    client.force_login(member(request.organisation))
    assert (
        "Find related practices" in client.get(reverse("platform:request-create")).content.decode()
    )
    page = client.get(reverse("platform:request-fulfil", args=[request.pk])).content.decode()
    assert "What came of the support" in page
