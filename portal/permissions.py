"""Roles, and the predicates every app builds its permissions from.

Roles are groups (created by a migration); staff and admin are Django's own flags. Apps add
their own predicates and rules in their permissions.py, combining these.
"""

import rules
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    EDITOR = "Editors", _("Editor")
    TRAINING_COORDINATOR = "Training coordinators", _("Training coordinator")
    PLATFORM_SECRETARIAT = "Platform secretariat", _("Platform secretariat")


@rules.predicate
def is_admin(user) -> bool:  # noqa: ANN001 - rules passes Django's user or AnonymousUser
    return bool(user.is_active and user.is_superuser)


def _in_role(role: Role) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.name.lower()}")
    def predicate(user) -> bool:  # noqa: ANN001
        if not user.is_authenticated:
            return False
        # One query per request at most: the group names are cached on the user object.
        if not hasattr(user, "_role_names"):
            user._role_names = set(user.groups.values_list("name", flat=True))
        return role.value in user._role_names

    return predicate


is_editor = _in_role(Role.EDITOR) | is_admin
is_training_coordinator = _in_role(Role.TRAINING_COORDINATOR) | is_admin
is_platform_secretariat = _in_role(Role.PLATFORM_SECRETARIAT) | is_admin
is_member = rules.is_authenticated & rules.is_active
