from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from portal.notifications import kinds  # noqa: F401 - registers the portal's own kinds
