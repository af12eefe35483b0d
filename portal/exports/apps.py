from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "portal.exports"
    label = "exports"
    verbose_name = _("Report exports")

    def ready(self) -> None:
        # The portal's own report kinds, and the notifications exports send.
        from portal.exports import kinds  # noqa: F401
