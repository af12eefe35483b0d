"""Telling people things: in-app notifications, immediate emails and daily digests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.i18n import Phrase
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import Delivery, get_kind
from portal.services import email_send_template

if TYPE_CHECKING:
    from portal.models import User

PREFERENCES_SALT = "notification-preferences"
# The link in an email opens the settings without a sign-in, so a forwarded or leaked email
# stops working after a month; every new email carries a fresh one.
PREFERENCES_MAX_AGE = timedelta(days=30)
TITLE_LENGTH = Notification._meta.get_field("title").max_length


def preferences_token(user: User) -> str:
    """A token that opens a person's notification settings (and nothing else) without signing
    in, for PREFERENCES_MAX_AGE: signing.dumps stamps the time it was made."""
    return signing.dumps(user.pk, salt=PREFERENCES_SALT)


def preferences_user(token: str) -> User | None:
    """The person the token was made for; None when it is tampered with or too old."""
    try:
        user_id = signing.loads(token, salt=PREFERENCES_SALT, max_age=PREFERENCES_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def preferences_url(user: User) -> str:
    path = reverse("notifications:preferences-token", args=[preferences_token(user)])
    return f"{settings.SITE_URL}{path}"


def absolute_url(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def delivery_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's chosen delivery for a kind, or the kind's default."""
    default = get_kind(kind).default_delivery
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def _stored(text: str | Phrase, *, limit: int | None = None) -> tuple[str, dict | None]:
    """(text column, phrase column): a Phrase is kept as JSON, with its English as the text."""
    if isinstance(text, Phrase):
        with translation.override(None):
            english = text.render()
        return english[:limit] if limit else english, text.to_json()
    return str(text)[:limit] if limit else str(text), None


@transaction.atomic
def notify(
    recipients: Iterable[User],
    kind: str,
    *,
    title: str | Phrase,
    body: str | Phrase = "",
    url: str = "",
) -> list[Notification]:
    """Notify people in the caller's transaction; their emails leave once it commits.

    A title or body the system writes is a Phrase, read later in each reader's language; a
    plain string (what a person wrote) is shown as it is.
    """
    users = {user.pk: user for user in recipients if user.is_active}
    deliveries = delivery_for(users, kind)
    title_text, title_phrase = _stored(title, limit=TITLE_LENGTH)
    body_text, body_phrase = _stored(body)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            title=title_text,
            title_phrase=title_phrase,
            body=body_text,
            body_phrase=body_phrase,
            url=url,
            delivery=deliveries[user.pk],
        )
        for user in users.values()
    )
    emailed = []
    for notification in notifications:
        user = users[notification.recipient_id]
        if notification.delivery != Delivery.IMMEDIATE or not user.email:
            continue
        notification.email = email_send_template(
            to=user.email,
            template="notification",
            language=user.preferred_language,
            context={
                "user": user,
                "notification": notification,
                "link": absolute_url(url) if url else "",
                "preferences_url": preferences_url(user),
            },
        )
        emailed.append(notification)
    Notification.objects.bulk_update(emailed, ["email"])
    return notifications


def notification_mark_read(*, user: User, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user: User, choices: Mapping[str, str]) -> None:
    for kind, delivery in choices.items():
        get_kind(kind)
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": Delivery(delivery)}
        )


def digest_send(*, user_id: int) -> bool:
    """Gather a person's undigested daily items into one email. Safe to run twice."""
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient_id=user_id, delivery=Delivery.DAILY, digested_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not items:
            return False
        user = items[0].recipient
        email = None
        if user.is_active and user.email:
            email = email_send_template(
                to=user.email,
                template="digest",
                language=user.preferred_language,
                context={
                    "user": user,
                    "items": [(item, absolute_url(item.url) if item.url else "") for item in items],
                    "notifications_url": absolute_url(reverse("notifications:list")),
                    "preferences_url": preferences_url(user),
                },
            )
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            digested_at=timezone.now(), email=email
        )
    return True


def digests_send() -> int:
    """Send today's digest to everyone with daily items waiting; returns how many were sent."""
    user_ids = (
        Notification.objects.filter(delivery=Delivery.DAILY, digested_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(digest_send(user_id=user_id) for user_id in list(user_ids))
