"""The platform in the admin: every record shown read-only; the secretariat's decisions are
actions that call the same services as the platform's pages (portal/admin_services.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from platform_africa.models import (
    Invitation,
    MemberOrganisation,
    Membership,
    Message,
    Offer,
    RequestAttachment,
    RequestEvent,
    Subscription,
    SupportRequest,
)
from platform_africa.services.membership import member_decide
from platform_africa.services.requests import support_request_transition
from portal.admin_services import (
    ReadOnlyInline,
    ServiceCall,
    ThroughServicesAdmin,
    service_action,
)

Status = SupportRequest.Status


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "is_admin", "joined_at"]
    readonly_fields = fields


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(ThroughServicesAdmin):
    list_display = ["organisation", "role", "kind", "country", "status", "applied_at"]
    list_filter = ["status", "role", "kind", "country"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "organisation__acronym", "focal_point_email"]
    date_hierarchy = "applied_at"
    inlines = [MembershipInline]
    actions = [
        service_action(
            name="approve",
            description=_("Approve the selected applications"),
            call=lambda member, user, reason: member_decide(member=member, user=user, approve=True),
        ),
        service_action(
            name="decline",
            description=_("Decline the selected applications"),
            call=lambda member, user, reason: member_decide(
                member=member, user=user, approve=False, reason=reason
            ),
            needs_reason=True,
        ),
    ]


@admin.register(Membership)
class MembershipAdmin(ThroughServicesAdmin):
    list_display = ["user", "organisation", "is_admin", "joined_at"]
    list_filter = ["is_admin"]
    list_select_related = ["user", "organisation__organisation"]
    search_fields = ["user__email", "user__name", "organisation__organisation__name"]


@admin.register(Invitation)
class InvitationAdmin(ThroughServicesAdmin):
    list_display = ["email", "organisation", "created_at", "accepted_at", "revoked_at"]
    list_select_related = ["organisation__organisation"]
    search_fields = ["email", "organisation__organisation__name"]


def _transition(to: str) -> ServiceCall:
    return lambda support_request, user, reason: support_request_transition(
        request=support_request, user=user, to=to, reason=reason
    )


class RequestEventInline(ReadOnlyInline):
    model = RequestEvent
    fields = ["created_at", "actor", "from_status", "to_status", "reason"]
    readonly_fields = fields


@admin.register(SupportRequest)
class SupportRequestAdmin(ThroughServicesAdmin):
    list_display = ["title", "organisation", "kind", "country", "status", "priority", "created_at"]
    list_filter = ["status", "kind", "priority", "confidentiality", "country"]
    list_select_related = ["organisation__organisation"]
    search_fields = ["title", "summary", "organisation__organisation__name"]
    date_hierarchy = "created_at"
    inlines = [RequestEventInline]
    actions = [
        service_action(
            name="open",
            description=_("Open the selected requests"),
            call=_transition(Status.OPEN),
        ),
        service_action(
            name="decline",
            description=_("Decline the selected requests"),
            call=_transition(Status.DECLINED),
            needs_reason=True,
        ),
        service_action(
            name="close",
            description=_("Close the selected requests"),
            call=_transition(Status.CLOSED),
            needs_reason=True,
        ),
    ]


@admin.register(RequestEvent)
class RequestEventAdmin(ThroughServicesAdmin):
    list_display = ["request", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["request", "actor"]
    search_fields = ["request__title", "reason"]


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(ThroughServicesAdmin):
    list_display = ["name", "request", "size", "uploaded_by", "created_at"]
    list_select_related = ["request", "uploaded_by"]
    search_fields = ["name", "request__title"]


@admin.register(Offer)
class OfferAdmin(ThroughServicesAdmin):
    list_display = ["request", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["request", "organisation__organisation"]
    search_fields = ["request__title", "organisation__organisation__name", "description"]


@admin.register(Message)
class MessageAdmin(ThroughServicesAdmin):
    list_display = ["__str__", "request", "author", "created_at"]
    list_select_related = ["request", "author"]
    search_fields = ["body", "request__title"]


@admin.register(Subscription)
class SubscriptionAdmin(ThroughServicesAdmin):
    list_display = ["user", "kinds", "countries", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
