import time

import pytest
from django.urls import reverse

from platform_africa.models import SupportRequest
from platform_africa.services.requests import (
    subscribers_notify,
    subscription_set,
    support_request_transition,
)
from portal.notifications.models import Notification
from tests.knowledge.factories import ThemeFactory
from tests.platform_africa.factories import SupportRequestFactory, member

pytestmark = pytest.mark.django_db


def test_matching_subscribers_get_exactly_one_notification_and_others_none(secretariat):
    theme = ThemeFactory(slug="mechanical-demining")
    other_theme = ThemeFactory(slug="victim-assistance")
    by_kind = member()
    subscription_set(user=by_kind, kinds=["cooperation"], countries=[], themes=[])
    by_theme_and_country = member()
    subscription_set(user=by_theme_and_country, kinds=[], countries=["ZM"], themes=[theme])
    wrong_theme = member()
    subscription_set(user=wrong_theme, kinds=[], countries=[], themes=[other_theme])
    wrong_country = member()
    subscription_set(user=wrong_country, kinds=["cooperation"], countries=["NG"], themes=[])
    unsubscribed = member()

    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED, opened_at=None, kind="cooperation", country="ZM"
    )
    request.themes.set([theme])
    support_request_transition(request=request, user=secretariat, to="open")
    assert subscribers_notify(request_id=request.pk) == 2  # what the worker runs
    # Closing and any later run never notify again.
    support_request_transition(request=request, user=secretariat, to="closed", reason="Test")
    assert subscribers_notify(request_id=request.pk) == 0

    notified = Notification.objects.filter(kind="platform.new_request")
    assert sorted(notified.values_list("recipient_id", flat=True)) == sorted(
        [by_kind.pk, by_theme_and_country.pk]
    )
    assert not Notification.objects.filter(
        kind="platform.new_request", recipient__in=[wrong_theme, wrong_country, unsubscribed]
    ).exists()


def test_subscribers_outside_a_named_partners_request_are_not_told(secretariat):
    subscriber = member()
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED, opened_at=None, confidentiality="named"
    )
    support_request_transition(request=request, user=secretariat, to="open")
    subscribers_notify(request_id=request.pk)
    assert not Notification.objects.filter(kind="platform.new_request").exists()


def test_opening_a_request_hands_the_subscribers_to_a_worker(celery_worker, secretariat):
    """The secretariat's click does not wait for thousands of emails: a worker sends them."""
    subscriber = member()
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED, opened_at=None, kind="cooperation"
    )

    support_request_transition(request=request, user=secretariat, to="open")
    assert not Notification.objects.filter(kind="platform.new_request").exists()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if Notification.objects.filter(kind="platform.new_request", recipient=subscriber).exists():
            break
        time.sleep(0.1)
    assert (
        Notification.objects.filter(kind="platform.new_request", recipient=subscriber).count() == 1
    )


def test_a_member_saves_subscriptions_on_the_page(client):
    user = member()
    theme = ThemeFactory()
    client.force_login(user)
    client.post(
        reverse("platform:subscription"),
        {"kinds": ["equipment", "funding"], "countries": ["ZM"], "themes": [theme.pk]},
    )
    subscription = user.platform_subscription
    assert subscription.kinds == ["equipment", "funding"] and subscription.countries == ["ZM"]
    assert list(subscription.themes.all()) == [theme]


def test_a_request_whose_fan_out_never_reached_a_worker_is_found_again_within_a_minute(
    secretariat,
):
    """Here the opening's on-commit hand-over never runs (as when the broker was down or lost
    the message): the minute sweep hands it over again, once, and only for recent openings."""
    import json
    from datetime import timedelta

    import redis
    from django.conf import settings
    from django.utils import timezone

    from platform_africa.services.requests import subscribers_notify_missed
    from portal.celery import app as celery_app

    subscriber = member()
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED, opened_at=None, kind="cooperation"
    )
    support_request_transition(request=request, user=secretariat, to="open")
    long_ago = SupportRequestFactory(
        status=SupportRequest.Status.OPEN,
        opened_at=timezone.now() - timedelta(days=30),
        kind="cooperation",
    )
    celery_app.control.purge()

    assert subscribers_notify_missed() == 0  # opened a moment ago: its hand-over may be on its way
    assert subscribers_notify_missed(now=timezone.now() + timedelta(minutes=2)) == 1

    queued = redis.Redis.from_url(settings.CELERY_BROKER_URL).lrange("celery", 0, -1)
    handed = [json.loads(message)["headers"] for message in queued]
    assert [(h["task"], h["argsrepr"]) for h in handed] == [
        ("platform_africa.tasks.notify_subscribers", f"({request.pk},)")
    ]
    celery_app.control.purge()
    assert subscribers_notify(request_id=request.pk) == 1  # what the worker then runs
    assert subscribers_notify_missed(now=timezone.now() + timedelta(minutes=2)) == 0
    assert not Notification.objects.filter(
        kind="platform.new_request", url=long_ago.get_absolute_url()
    ).exists()


def test_with_the_broker_down_opening_a_request_answers_and_its_subscribers_are_told_later(
    client, secretariat, broker_down, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from platform_africa.services.requests import subscribers_notify_missed
    from portal.models import Email

    subscriber = member()
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED, opened_at=None, kind="cooperation"
    )
    requester = member(request.organisation)
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("platform:request-transition", args=[request.pk]), {"to": "open"}
        )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.OPEN
    # The requester's status email is kept in the outbox although no worker could be told.
    assert Email.objects.filter(to=requester.email, status=Email.Status.QUEUED).exists()
    assert request.subscribers_notified_at is None

    broker_down()  # back
    assert subscribers_notify_missed(now=timezone.now() + timedelta(minutes=2)) == 1
    assert subscribers_notify(request_id=request.pk) == 1  # what the worker then runs
    assert subscriber.notifications.filter(kind="platform.new_request").exists()
