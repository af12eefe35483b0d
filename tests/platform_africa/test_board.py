import pytest
from django.urls import reverse

from platform_africa.models import SupportRequest
from tests.knowledge.factories import ThemeFactory
from tests.platform_africa.factories import (
    MemberOrganisationFactory,
    OfferFactory,
    SupportRequestFactory,
    member,
)

pytestmark = pytest.mark.django_db


def _requests(count: int) -> None:
    theme = ThemeFactory(slug="land-release")
    organisation = MemberOrganisationFactory()
    for request in SupportRequestFactory.create_batch(count, organisation=organisation):
        request.themes.set([theme])
        OfferFactory(request=request, organisation=organisation)


@pytest.mark.parametrize("count", [10, 300])
def test_the_board_keeps_the_same_number_of_queries(client, django_assert_max_num_queries, count):
    _requests(count)
    client.force_login(member())
    with django_assert_max_num_queries(10):
        response = client.get(reverse("platform:request-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


def test_the_board_filters_by_kind_country_theme_nexus_and_search(client):
    theme = ThemeFactory(slug="mechanical-demining")
    wanted = SupportRequestFactory(
        title="Swing-type machine training", kind="cooperation", country="ZM", nexus="hdp"
    )
    wanted.themes.set([theme])
    SupportRequestFactory(title="Detectors for Somalia", kind="equipment", country="SO")
    response = client.get(
        reverse("platform:request-list"),
        {"kind": "cooperation", "country": "ZM", "theme": theme.slug, "nexus": "hdp", "q": "swing"},
    )
    assert list(response.context["page"].object_list) == [wanted]


def test_partners_see_requests_they_can_help_with_and_members_their_own(client):
    theme = ThemeFactory(slug="mechanical-demining")
    partner_org = MemberOrganisationFactory(role="partner")
    partner_org.focal_areas.set([theme])
    matching = SupportRequestFactory(title="Needs machines")
    matching.themes.set([theme])
    SupportRequestFactory(title="Needs funding")
    client.force_login(member(partner_org))
    response = client.get(reverse("platform:request-list"), {"scope": "help"})
    assert list(response.context["page"].object_list) == [matching]

    draft = SupportRequestFactory(status=SupportRequest.Status.DRAFT, opened_at=None)
    client.force_login(member(draft.organisation))
    response = client.get(reverse("platform:request-list"), {"scope": "mine"})
    assert list(response.context["page"].object_list) == [draft]


@pytest.mark.parametrize("count", [3, 40])
def test_the_member_directory_keeps_the_same_number_of_queries(
    client, django_assert_max_num_queries, count
):
    theme = ThemeFactory(slug="hdp-nexus")
    for organisation in MemberOrganisationFactory.create_batch(count):
        organisation.focal_areas.set([theme])
    client.force_login(member())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("platform:member-list"))
    assert response.content.decode().count("<tr>") == count + 2


@pytest.mark.parametrize("count", [3, 40])
def test_the_applications_queue_keeps_the_same_number_of_queries(
    client, django_assert_max_num_queries, secretariat, count
):
    MemberOrganisationFactory.create_batch(count, status="pending", decided_at=None)
    client.force_login(secretariat)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("platform:application-list"))
    assert response.content.decode().count('name="decision" value="approve"') == count
