import pytest
from django.core import mail

from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import Delivery
from portal.notifications.services import digests_send, notify
from tests.factories import UserFactory
from tests.portal.helpers import deliver_queued_emails

pytestmark = pytest.mark.django_db


def test_daily_digest_gathers_several_items_into_one_email(kind):
    user = UserFactory()
    other = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DAILY)
    for title in ["Offer from CMAC", "Offer from JICA", "Offer from UNMAS"]:
        notify([user], kind, title=title)
    assert not deliver_queued_emails(), "daily items are not emailed one by one"

    assert digests_send() == 1
    deliver_queued_emails()
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "3 new items" in message.subject
    for title in ["Offer from CMAC", "Offer from JICA", "Offer from UNMAS"]:
        assert title in message.body
    assert not Notification.objects.filter(recipient=other).exists()


def test_digest_run_twice_sends_once(kind):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DAILY)
    notify([user], kind, title="Only once")
    assert digests_send() == 1
    assert digests_send() == 0
    deliver_queued_emails()
    assert len(mail.outbox) == 1


def test_digested_items_stay_unread_on_the_site(kind):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DAILY)
    notify([user], kind, title="Still here")
    digests_send()
    assert Notification.objects.get(recipient=user).read_at is None
