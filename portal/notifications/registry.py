"""The kinds of notification the apps send. Each app registers its own in AppConfig.ready."""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Delivery(TextChoices):
    IMMEDIATE = "immediate", _("Email me immediately")
    DAILY = "daily", _("Email me a daily digest")
    IN_APP = "in_app", _("Only show it on the site")


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: str | Promise
    description: str | Promise
    default_delivery: Delivery = Delivery.IMMEDIATE


_kinds: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> NotificationKind:
    _kinds[kind.name] = kind
    return kind


def get_kind(name: str) -> NotificationKind:
    try:
        return _kinds[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind {name!r}; register it first.") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)
