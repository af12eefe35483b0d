"""What the platform plugs into portal: notification kinds, export kinds, demo data.

Imported from PlatformAfricaConfig.ready.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from portal import seeding
from portal.notifications.registry import Delivery, NotificationKind, register

for name, label, description, delivery in [
    (
        "platform.application",
        _("Applications to the platform"),
        _("An organisation applied to join the platform (secretariat only)."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.application_decided",
        _("Decision on your organisation's application"),
        _("The secretariat approved or declined your organisation's application."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.request_status",
        _("Your organisation's requests"),
        _("A request you are involved in was submitted, opened, declined, fulfilled or closed."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.new_request",
        _("New requests you subscribed to"),
        _("A request matching the kinds, themes or countries you follow is open for offers."),
        Delivery.DAILY,
    ),
    (
        "platform.offer",
        _("Offers for your requests"),
        _("A member or partner offered support for your organisation's request."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.offer_decided",
        _("Answers to your offers"),
        _("A requester accepted or declined your organisation's offer."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.message",
        _("Request discussions"),
        _("Someone wrote in the discussion of a request you asked for or answered."),
        Delivery.IMMEDIATE,
    ),
    (
        "platform.reminder",
        _("Request reminders"),
        _("A request has had no offer for weeks, or is past its needed-by date."),
        Delivery.IMMEDIATE,
    ),
]:
    register(NotificationKind(name, label, description, delivery))


def _seed_platform(write: Callable[[str], None]) -> None:
    # Imported when seed_demo runs, not while apps load: demo.py imports the models.
    from platform_africa.demo import seed

    seed(write)


seeding.register(_seed_platform)

from platform_africa import exports  # noqa: E402, F401  (registers the export kinds)
