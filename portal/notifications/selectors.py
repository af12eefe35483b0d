from django.db.models import QuerySet

from portal.models import User
from portal.notifications.models import Notification, NotificationPreference
from portal.notifications.registry import all_kinds


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


def preferences_for(user: User) -> dict[str, str]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.name: chosen.get(kind.name, kind.default_delivery) for kind in all_kinds()}
