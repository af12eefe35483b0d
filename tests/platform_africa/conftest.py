import pytest
from django.contrib.auth.models import Group

from portal.permissions import Role
from tests.factories import UserFactory


@pytest.fixture
def secretariat(db: None) -> object:
    user = UserFactory(name="Secretariat Person")
    # get_or_create: a transactional test earlier in the run flushes the migration's groups.
    user.groups.add(Group.objects.get_or_create(name=Role.PLATFORM_SECRETARIAT.value)[0])
    return user
