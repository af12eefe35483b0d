"""The practice a fulfilled request led to is named only to those who may read it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Practice
from platform_africa.models import SupportRequest
from tests.knowledge.factories import PracticeFactory
from tests.platform_africa.factories import SupportRequestFactory, member

pytestmark = pytest.mark.django_db


def _fulfilled(practice: Practice) -> SupportRequest:
    return SupportRequestFactory(
        status=SupportRequest.Status.FULFILLED,
        fulfilled_at=timezone.now(),
        result="Two trainers came; the survey team now works faster.",
        result_practice=practice,
    )


def _page(client: object, support_request: SupportRequest) -> str:
    response = client.get(reverse("platform:request-detail", args=[support_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_is_not_told_the_title_of_a_members_only_practice(client):
    practice = PracticeFactory(title="Confidential survey method", visibility="members")
    page = _page(client, _fulfilled(practice))
    assert "the survey team now works faster" in page
    assert "Confidential survey method" not in page
    assert practice.get_absolute_url() not in page


def test_a_member_sees_the_members_only_practice_it_led_to(client):
    practice = PracticeFactory(title="Confidential survey method", visibility="members")
    client.force_login(member())
    page = _page(client, _fulfilled(practice))
    assert "Confidential survey method" in page
    assert practice.get_absolute_url() in page


def test_a_visitor_sees_a_public_practice_it_led_to(client):
    practice = PracticeFactory(title="Open survey method")
    assert "Open survey method" in _page(client, _fulfilled(practice))


def test_nobody_but_its_editors_sees_a_practice_archived_since(client):
    practice = PracticeFactory(title="Withdrawn method", status=Practice.Status.ARCHIVED)
    client.force_login(member())
    assert "Withdrawn method" not in _page(client, _fulfilled(practice))
