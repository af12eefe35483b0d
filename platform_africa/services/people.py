"""Who hears about what: the people behind an organisation, a request, the secretariat."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from platform_africa.models import SupportRequest
from portal.models import User
from portal.permissions import Role


def secretariat_users() -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(groups__name=Role.PLATFORM_SECRETARIAT.value, is_active=True)
        .distinct()
    )


def organisation_users(organisation_ids: Iterable[int]) -> QuerySet[User]:
    return get_user_model().objects.filter(
        platform_membership__organisation_id__in=list(organisation_ids), is_active=True
    )


def requester_users(request: SupportRequest) -> QuerySet[User]:
    return organisation_users([request.organisation_id])


def without(users: Iterable[User], actor: User | None) -> list[User]:
    """Nobody is told about what they did themselves."""
    return [user for user in users if actor is None or user.pk != actor.pk]
