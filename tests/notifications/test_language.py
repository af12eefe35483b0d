"""Notifications are stored as message ids and read in each reader's own language."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from portal.i18n import Phrase
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import Delivery
from portal.notifications.services import digests_send, notify
from tests.factories import UserFactory
from tests.portal.helpers import deliver_queued_emails, use_catalogue

pytestmark = pytest.mark.django_db

OFFER = "%(organisation)s offered technical cooperation"
DETAILS = "Open the request to accept or decline the offer."


@pytest.fixture
def french(settings, tmp_path: Path) -> None:
    use_catalogue(
        settings,
        tmp_path,
        "fr",
        {
            OFFER: "%(organisation)s a proposé une coopération technique",
            DETAILS: "Ouvrez la demande pour accepter ou refuser l’offre.",
        },
    )


def offer_title() -> Phrase:
    return Phrase(gettext_lazy(OFFER), organisation="CMAC")


def test_a_phrase_is_stored_as_its_message_id_with_english_text_beside_it(kind):
    user = UserFactory()
    with translation.override("fr"):
        notify([user], kind, title=offer_title(), body=Phrase(gettext_lazy(DETAILS)))
    notification = Notification.objects.get(recipient=user)
    assert notification.title_phrase == {"message": OFFER, "params": {"organisation": "CMAC"}}
    assert notification.body_phrase == {"message": DETAILS, "params": {}}
    assert notification.title == "CMAC offered technical cooperation"
    assert notification.body == DETAILS


def test_a_notification_written_in_english_reads_in_french(kind, french):
    user = UserFactory()
    with translation.override("en"):
        notify([user], kind, title=offer_title(), body=Phrase(gettext_lazy(DETAILS)))
    notification = Notification.objects.get(recipient=user)
    with translation.override("fr"):
        assert notification.display_title == "CMAC a proposé une coopération technique"
        assert notification.display_body == "Ouvrez la demande pour accepter ou refuser l’offre."
    with translation.override("en"):
        assert notification.display_title == "CMAC offered technical cooperation"


def test_text_a_person_wrote_is_shown_as_written_in_every_language(kind, french):
    user = UserFactory()
    notify([user], kind, title=OFFER % {"organisation": "JICA"}, body=DETAILS)
    notification = Notification.objects.get(recipient=user)
    assert notification.title_phrase is None
    with translation.override("fr"):
        assert notification.display_title == "JICA offered technical cooperation"
        assert notification.display_body == DETAILS


def test_the_notification_page_shows_titles_in_the_readers_language(client, kind, french):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.IN_APP)
    with translation.override("en"):
        notify([user], kind, title=offer_title())
    client.force_login(user)
    page = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "CMAC a proposé une coopération technique" in page
    assert "CMAC offered" not in page


def test_the_email_is_written_in_the_recipients_language_not_the_senders(kind, french):
    user = UserFactory(preferred_language="fr")
    with translation.override("en"):
        notify([user], kind, title=offer_title(), body=Phrase(gettext_lazy(DETAILS)))
    deliver_queued_emails()
    [message] = mail.outbox
    assert message.subject == "CMAC a proposé une coopération technique"
    assert "Ouvrez la demande pour accepter ou refuser l’offre." in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr" dir="ltr">' in html
    assert "CMAC a proposé une coopération technique" in html


def test_an_arabic_email_is_marked_right_to_left(kind):
    user = UserFactory(preferred_language="ar")
    notify([user], kind, title=offer_title())
    deliver_queued_emails()
    [message] = mail.outbox
    assert '<html lang="ar" dir="rtl">' in message.alternatives[0][0]


def test_the_digest_is_written_in_the_recipients_language(kind, french):
    user = UserFactory(preferred_language="fr")
    NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DAILY)
    with translation.override("en"):
        notify([user], kind, title=offer_title())
        notify([user], kind, title=Phrase(gettext_lazy(OFFER), organisation="UNMAS"))
        digests_send()
    deliver_queued_emails()
    [message] = mail.outbox
    assert "CMAC a proposé une coopération technique" in message.body
    assert "UNMAS a proposé une coopération technique" in message.body
    assert '<html lang="fr"' in message.alternatives[0][0]


def test_a_title_longer_than_its_column_is_cut_in_the_text_but_kept_whole_in_the_phrase(kind):
    user = UserFactory()
    notify([user], kind, title=Phrase(gettext_lazy(OFFER), organisation="A" * 400))
    notification = Notification.objects.get(recipient=user)
    assert len(notification.title) == 300
    assert notification.display_title.startswith("A" * 400)
