"""Who may do what on the platform. Membership is looked up once per request and cached."""

from __future__ import annotations

from typing import Any

import rules

from platform_africa.models import MemberOrganisation, Membership, SupportRequest
from portal.permissions import is_platform_secretariat

EDITABLE = (SupportRequest.Status.DRAFT, SupportRequest.Status.SUBMITTED)


def approved_membership(user: Any) -> Membership | None:
    """The person's membership of an approved organisation, read now (services use this)."""
    return (
        Membership.objects.select_related("organisation__organisation")
        .filter(user=user, organisation__status=MemberOrganisation.Status.APPROVED)
        .first()
    )


def membership_for(user: Any) -> Membership | None:
    """approved_membership, cached on the user for the rest of the request (pages use this)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_platform_membership"):
        user._platform_membership = approved_membership(user)
    return user._platform_membership


@rules.predicate
def is_platform_member(user: Any) -> bool:
    return membership_for(user) is not None


@rules.predicate
def is_partner(user: Any) -> bool:
    membership = membership_for(user)
    return bool(membership and membership.organisation.role == MemberOrganisation.Role.PARTNER)


@rules.predicate
def is_organisation_admin(user: Any, organisation: MemberOrganisation) -> bool:
    membership = membership_for(user)
    return bool(
        membership and membership.is_admin and membership.organisation_id == organisation.pk
    )


@rules.predicate
def is_requester(user: Any, request: SupportRequest) -> bool:
    membership = membership_for(user)
    return membership is not None and membership.organisation_id == request.organisation_id


def can_view_request(user: Any, request: SupportRequest) -> bool:
    return (
        SupportRequest.objects.visible_to(user, membership_for(user)).filter(pk=request.pk).exists()
    )


def can_read_details(user: Any) -> bool:
    """Anyone who may see a request reads its details, except outsiders reading a summary."""
    return bool(is_platform_secretariat(user) or membership_for(user))


def can_edit_request(user: Any, request: SupportRequest) -> bool:
    return request.status in EDITABLE and is_requester(user, request)


def can_offer(user: Any, request: SupportRequest) -> bool:
    membership = membership_for(user)
    return (
        membership is not None
        and membership.organisation_id != request.organisation_id
        and request.status in (SupportRequest.Status.OPEN, SupportRequest.Status.IN_PROGRESS)
    )


rules.add_perm("platform_africa.post_request", is_platform_member)
rules.add_perm("platform_africa.moderate", is_platform_secretariat)
