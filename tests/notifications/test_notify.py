import pytest
from django.core import mail

from portal.models import Email
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import Delivery
from portal.notifications.services import notify
from tests.factories import UserFactory
from tests.portal.helpers import deliver_queued_emails

pytestmark = pytest.mark.django_db


def test_notify_creates_in_app_notification_and_queues_email_for_immediate(kind):
    user = UserFactory()
    notify([user], kind, title="CMAC offered technical cooperation", url="/platform/")
    notification = Notification.objects.get(recipient=user)
    assert notification.title == "CMAC offered technical cooperation"
    assert notification.email.status == Email.Status.QUEUED
    deliver_queued_emails()
    [message] = mail.outbox
    assert message.subject == "CMAC offered technical cooperation"
    assert "http://127.0.0.1:8000/platform/" in message.body
    assert "/notifications/preferences/" in message.body, "every email links to its settings"
    assert message.alternatives[0][1] == "text/html"


def test_in_app_only_preference_sends_no_email(kind):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.IN_APP)
    notify([user], kind, title="Quiet")
    assert Notification.objects.filter(recipient=user).count() == 1
    assert not Email.objects.exists()


def test_inactive_people_are_not_notified(kind):
    notify([UserFactory(is_active=False)], kind, title="Nobody home")
    assert not Notification.objects.exists()


def test_unknown_kind_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify([UserFactory()], "no.such.kind", title="x")
    assert not Notification.objects.exists()


def test_notify_cost_does_not_grow_per_recipient_for_in_app(kind, django_assert_max_num_queries):
    users = UserFactory.create_batch(30)
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=u, kind=kind, delivery=Delivery.IN_APP) for u in users
    )
    with django_assert_max_num_queries(6):
        notify(users, kind, title="Fan-out")
    assert Notification.objects.count() == 30
