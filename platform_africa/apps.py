from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformAfricaConfig(AppConfig):
    name = "platform_africa"
    verbose_name = _("Africa Mine Action Platform")

    def ready(self) -> None:
        # scale: seed_scale's generator.
        from platform_africa import registrations, scale  # noqa: F401
