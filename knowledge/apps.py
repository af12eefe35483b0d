from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        # Notification kinds, export kinds, demo data: registered with portal's registries.
        # scale: seed_scale's generator.
        from knowledge import registrations, scale  # noqa: F401
