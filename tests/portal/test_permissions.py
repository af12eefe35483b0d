import pytest
from django.contrib.auth.models import AnonymousUser, Group

from portal.permissions import Role, is_editor, is_member, is_training_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_comes_from_group_membership():
    user = UserFactory()
    assert not is_editor(user)
    user.groups.add(Group.objects.get(name=Role.EDITOR))
    fresh = type(user).objects.get(pk=user.pk)
    assert is_editor(fresh)
    assert not is_training_coordinator(fresh)


def test_admin_holds_every_role():
    admin = UserFactory(is_superuser=True)
    assert is_editor(admin) and is_training_coordinator(admin)


def test_anonymous_visitor_has_no_role_and_is_not_a_member():
    anonymous = AnonymousUser()
    assert not is_editor(anonymous)
    assert not is_member(anonymous)
