"""Editors' decisions on practices in the admin go through the workflow's services: a review is
recorded, the author is told, and the admin edits no practice directly."""

import pytest
from django.urls import reverse

from knowledge.models import Practice, Review
from portal.notifications.models import Notification
from tests.knowledge.factories import PracticeFactory

pytestmark = pytest.mark.django_db

PRACTICES = reverse("admin:knowledge_practice_changelist")


def run_action(client, action: str, practices: list, **extra: str):  # noqa: ANN001, ANN201
    data = {"action": action, "index": "0", "_selected_action": [str(p.pk) for p in practices]}
    return client.post(PRACTICES, {**data, **extra}, follow=True)


def test_publishing_from_the_admin_records_the_review_and_tells_the_author(
    admin_client, admin_user
):
    practice = PracticeFactory(status=Practice.Status.IN_REVIEW, published_at=None)

    run_action(admin_client, "publish", [practice])

    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None
    assert Review.objects.get(practice=practice).reviewer == admin_user
    assert Notification.objects.filter(
        recipient=practice.author, kind="knowledge.reviewed"
    ).exists()


def test_a_draft_is_not_published_from_the_admin(admin_client):
    practice = PracticeFactory(status=Practice.Status.DRAFT, published_at=None)

    response = run_action(admin_client, "publish", [practice])

    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert "This practice is not waiting for review" in response.content.decode()


def test_sending_back_from_the_admin_passes_the_comment_to_the_author(admin_client):
    practice = PracticeFactory(status=Practice.Status.IN_REVIEW, published_at=None)

    run_action(admin_client, "request_changes", [practice], apply="yes", reason="Add figures.")

    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert Review.objects.get(practice=practice).comment == "Add figures."


def test_archiving_from_the_admin_takes_the_practice_off_the_site(admin_client):
    practice = PracticeFactory()

    run_action(admin_client, "archive", [practice])

    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED


def test_the_admin_does_not_edit_a_practice(admin_client):
    practice = PracticeFactory()
    url = reverse("admin:knowledge_practice_change", args=[practice.pk])

    shown = admin_client.get(url)
    posted = admin_client.post(url, {"title": "Changed", "_save": "Save"})

    practice.refresh_from_db()
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert posted.status_code == 403
    assert practice.title != "Changed"
