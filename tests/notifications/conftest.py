from collections.abc import Iterator

import pytest

from portal.notifications import registry
from portal.notifications.registry import Delivery, NotificationKind


@pytest.fixture
def kind() -> Iterator[str]:
    """A kind of notification registered for the test, as an app would in its ready()."""
    name = "tests.request_answered"
    registry.register(
        NotificationKind(
            name=name,
            label="Request answered",
            description="Someone offered help with your request.",
            default_delivery=Delivery.IMMEDIATE,
        )
    )
    yield name
    registry._kinds.pop(name)
