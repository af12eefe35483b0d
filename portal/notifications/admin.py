from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_services import ThroughServicesAdmin
from portal.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ThroughServicesAdmin):
    """Written by portal.notifications.services.notify, read and marked read by their reader."""

    list_display = ["shown_title", "recipient", "kind", "delivery", "created_at", "read_at"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__email"]

    @admin.display(description=_("title"))
    def shown_title(self, notification: Notification) -> str:
        return notification.display_title


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ThroughServicesAdmin):
    """Set by their owner on the preferences page (notification_preferences_set)."""

    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
