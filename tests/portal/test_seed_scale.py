from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from knowledge.models import Outcome, Practice
from platform_africa.models import Offer, RequestEvent, SupportRequest
from platform_africa.services.requests import (
    subscribers_notify,
    support_request_create,
    support_request_transition,
)
from portal.models import Email, Organisation, User
from portal.notifications.models import Notification
from trainings.models import Enrolment, Person, Session

pytestmark = pytest.mark.django_db

SIZES = {
    "factor": 0.001,  # 100 practices, 200 enrolments, 500 notifications ...
    "organisations": 20,
    "subscribers": 30,
}


class Rollback(Exception):
    pass


def seed_scale(**options: object) -> str:
    out = StringIO()
    call_command("seed_scale", stdout=out, **{**SIZES, **options})
    return out.getvalue()


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", stdout=StringIO())


def scale_titles(seed: int) -> list[str]:
    """The practice titles a run makes, rolled back afterwards."""
    try:
        with transaction.atomic():
            seed_scale(seed=seed)
            titles = list(
                Practice.objects.filter(slug__startswith="scale-")
                .order_by("slug")
                .values_list("title", flat=True)
            )
            raise Rollback
    except Rollback:
        return titles


def test_seed_scale_loads_every_part_once_and_reports_each_step(demo):
    demo_practices = Practice.objects.count()
    out = seed_scale()

    assert Practice.objects.count() == demo_practices + 100
    scale = Practice.objects.filter(slug__startswith="scale-")
    assert scale.published().count() > 70
    assert Outcome.objects.filter(practice__in=scale).exists()
    assert scale.filter(themes__isnull=True).count() == 0
    assert Organisation.objects.filter(website__contains="scale.example").count() == 20
    assert User.objects.filter(email__endswith="@scale.example").count() == 30
    assert Session.objects.filter(programme__slug__startswith="scale-").count() == 5
    assert Person.objects.filter(email__endswith="scale.example").exists()
    assert Enrolment.objects.filter(session__programme__slug__startswith="scale-").count() == 200
    assert SupportRequest.objects.filter(created_by__email__endswith="@scale.example").count() == 20
    assert Offer.objects.filter(created_by__email__endswith="@scale.example").count() == 60
    assert RequestEvent.objects.filter(request__created_by__email__endswith="scale.example")
    assert Notification.objects.count() >= 500
    assert "practices" in out and "enrolments 200" in out and "Total" in out

    # New rows after the load get fresh ids: the sequences were moved past the copied ones.
    organisation = Organisation.objects.create(name="After the load", kind="ngo")
    assert organisation.pk > Organisation.objects.exclude(pk=organisation.pk).latest("pk").pk

    with pytest.raises(CommandError, match="already"):
        seed_scale()
    assert Practice.objects.count() == demo_practices + 100


def test_the_same_seed_gives_the_same_practices():
    first = scale_titles(seed=7)
    assert len(first) == 100
    assert scale_titles(seed=7) == first
    assert scale_titles(seed=8) != first


def test_scale_practices_are_found_by_the_sites_search_and_pages_render(client, demo):
    seed_scale()
    response = client.get(reverse("knowledge:practice-list"), {"q": "clearance"})
    assert response.status_code == 200
    found = [p.slug for p in response.context["page_obj"]]
    assert any(slug.startswith("scale-") for slug in found)

    client.force_login(User.objects.get(email="coordinator@demo.mineaction.org"))
    assert client.get(reverse("trainings:dashboard")).status_code == 200
    client.force_login(User.objects.get(email="secretariat@demo.mineaction.org"))
    response = client.get(reverse("platform:request-list"))
    assert response.status_code == 200
    client.force_login(User.objects.get(email="member@demo.mineaction.org"))
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.context["user"].notifications.count() > 0


def test_a_new_request_reaches_every_scale_subscriber_by_email(demo):
    seed_scale()
    member = User.objects.get(email="member@demo.mineaction.org")
    secretariat = User.objects.get(email="secretariat@demo.mineaction.org")
    request = support_request_create(
        user=member,
        values={
            "kind": "equipment",
            "title": "Detectors for a new survey team",
            "summary": "Ten detectors.",
            "description": "Ten dual-sensor detectors for a new team.",
            "nexus": "operational",
            "country": "ET",
            "confidentiality": "summary",
        },
    )
    support_request_transition(request=request, user=member, to="submitted")
    support_request_transition(request=request, user=secretariat, to="open")
    subscribers_notify(request_id=request.pk)  # what the worker runs once the opening commits

    subscribers = User.objects.filter(email__endswith="@scale.example")
    notified = Notification.objects.filter(kind="platform.new_request", url__contains=request.pk)
    assert notified.filter(recipient__in=subscribers).count() == 30
    assert Email.objects.filter(to__endswith="@scale.example").count() == 30
