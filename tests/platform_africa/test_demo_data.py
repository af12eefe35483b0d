from io import StringIO

import pytest
from django.core.management import call_command

from platform_africa.models import (
    MemberOrganisation,
    Membership,
    Offer,
    RequestEvent,
    SupportRequest,
)
from portal.models import Email
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (MemberOrganisation, Membership, SupportRequest, Offer, RequestEvent)
    )


def test_seeding_twice_adds_nothing_and_notifies_nobody():
    call_command("seed_demo", stdout=StringIO())
    before = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == before
    assert before[2] == 12
    assert not Notification.objects.filter(kind__startswith="platform.").exists()
    assert not Email.objects.exists()


def test_the_demo_people_act_for_the_founding_members():
    call_command("seed_demo", stdout=StringIO())
    acting = dict(
        Membership.objects.values_list("user__email", "organisation__organisation__acronym")
    )
    assert acting["member@demo.mineaction.org"] == "EMAO"
    assert acting["zambia@demo.mineaction.org"] == "ZMAC"
    assert acting["partner@demo.mineaction.org"] == "JICA"
    assert acting["coordinator@demo.mineaction.org"] == "CMAC"
    statuses = set(SupportRequest.objects.values_list("status", flat=True))
    assert statuses == set(SupportRequest.Status.values)
