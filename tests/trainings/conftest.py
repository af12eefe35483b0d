import pytest
from django.contrib.auth.models import Group
from django.test import Client

from portal.permissions import Role
from tests.factories import UserFactory


@pytest.fixture
def coordinator(db):  # noqa: ANN001, ANN201
    user = UserFactory(email="coordinator@example.org")
    user.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])
    return user


@pytest.fixture
def coordinator_client(client: Client, coordinator) -> Client:  # noqa: ANN001
    client.force_login(coordinator)
    return client


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> None:  # noqa: ANN001
    """Uploaded participant lists land in a folder of this test, not in var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
