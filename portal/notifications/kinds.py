from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, NotificationKind, register

WELCOME = register(
    NotificationKind(
        name="account.welcome",
        label=_("Welcome"),
        description=_("A welcome message once your email address is confirmed."),
        default_delivery=Delivery.IMMEDIATE,
    )
)
