from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformAfricaConfig(AppConfig):
    name = "platform_africa"
    verbose_name = _("Africa Mine Action Platform")

    def ready(self) -> None:
        from platform_africa import registrations  # noqa: F401
