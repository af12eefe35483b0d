"""What the knowledge base plugs into portal: notification kinds, export kinds, demo data.

Each part of the app adds its registrations here (imported from KnowledgeConfig.ready).
"""

from django.utils.translation import gettext_lazy as _

from knowledge import exports, permissions  # noqa: F401 - report kinds and rules register on import
from portal.notifications.registry import Delivery, NotificationKind, register

register(
    NotificationKind(
        name="knowledge.review_requested",
        label=_("Practice submitted for review"),
        description=_("A practice is waiting for an editor's review (editors only)."),
        default_delivery=Delivery.IMMEDIATE,
    )
)
register(
    NotificationKind(
        name="knowledge.reviewed",
        label=_("Review of your practice"),
        description=_("An editor published your practice or asked for changes."),
        default_delivery=Delivery.IMMEDIATE,
    )
)
register(
    NotificationKind(
        name="knowledge.new_practice",
        label=_("New practice you follow"),
        description=_("A practice matching a theme, country or search you follow is published."),
        default_delivery=Delivery.DAILY,
    )
)
register(
    NotificationKind(
        name="knowledge.comment",
        label=_("Questions and answers"),
        description=_("Someone wrote under a practice you wrote or discussed."),
        default_delivery=Delivery.IMMEDIATE,
    )
)

from collections.abc import Callable  # noqa: E402

from portal import seeding  # noqa: E402


def _seed_knowledge(write: Callable[[str], None]) -> None:
    # Imported when seed_demo runs, not while apps load: demo.py imports the models.
    from knowledge.demo import seed

    seed(write)


seeding.register(_seed_knowledge)
