"""Email through the real worker, in each recipient's language, whatever language the sender
or the worker works in."""

import time

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext, ngettext

from platform_africa.models import SupportRequest
from platform_africa.services.requests import subscription_set, support_request_transition
from portal.i18n import Phrase
from portal.models import Email
from portal.notifications.services import notification_preferences_set, notify
from portal.notifications.tasks import send_daily_digests
from portal.permissions import Role
from tests.factories import UserFactory
from tests.platform_africa.factories import SupportRequestFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def sent_email_to(address: str, timeout: float = 30) -> Email:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email = Email.objects.filter(to=address, status=Email.Status.SENT).first()
        if email:
            return email
        time.sleep(0.1)
    raise AssertionError(f"no email was sent to {address} within {timeout}s")


def in_language(language: str, function, *args) -> str:
    with translation.override(language):
        return function(*args)


def test_a_portuguese_subscriber_gets_the_new_request_in_portuguese(celery_worker):
    secretariat = UserFactory(preferred_language="en")
    secretariat.groups.add(Group.objects.get_or_create(name=Role.PLATFORM_SECRETARIAT.value)[0])
    subscriber = member(user__preferred_language="pt", user__name="Ana Matola")
    subscription_set(user=subscriber, kinds=["cooperation"], countries=[], themes=[])
    notification_preferences_set(user=subscriber, choices={"platform.new_request": "immediate"})
    request = SupportRequestFactory(
        status=SupportRequest.Status.SUBMITTED,
        opened_at=None,
        kind="cooperation",
        title="Formação em desminagem mecânica",
    )
    with translation.override("en"):  # the secretariat works in English
        support_request_transition(request=request, user=secretariat, to="open")

    email = sent_email_to(subscriber.email)
    english = "New request: %(title)s"
    portuguese = in_language("pt", gettext, english)
    assert portuguese != english
    assert portuguese % {"title": request.title} in email.subject
    assert in_language("pt", gettext, "Hello %(name)s,") % {"name": "Ana"} in email.body_text
    assert "New request" not in email.body_text
    assert 'lang="pt"' in email.body_html


def test_a_digest_in_arabic_for_a_reader_of_arabic(celery_worker):
    reader = UserFactory(preferred_language="ar", name="محمد الجبوري")
    notification_preferences_set(user=reader, choices={"platform.new_request": "daily"})
    with translation.override("en"):
        for title in ["ALIS detectors for EOD teams", "Risk education in Hausa"]:
            notify(
                [reader],
                "platform.new_request",
                title=Phrase(translation.gettext_lazy("New request: %(title)s"), title=title),
            )
    send_daily_digests.delay()

    email = sent_email_to(reader.email)
    subject = in_language(
        "ar",
        ngettext,
        "Your daily summary: %(counter)s new item",
        "Your daily summary: %(counter)s new items",
        2,
    ) % {"counter": 2}
    assert "Your daily summary" not in subject
    assert subject in email.subject
    arabic_title = in_language("ar", gettext, "New request: %(title)s")
    assert arabic_title % {"title": "Risk education in Hausa"} in email.body_text
    assert 'dir="rtl"' in email.body_html
