from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Training records")

    def ready(self) -> None:
        # Rules, notification kinds, export kinds, demo data: registered with portal's registries.
        # scale: seed_scale's generator.
        from trainings import registrations, scale  # noqa: F401
