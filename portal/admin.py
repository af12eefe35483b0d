from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.admin_services import ThroughServicesAdmin
from portal.models import Email, Organisation, OrganisationAlias, User
from portal.organisations.services import organisation_aliases_delete


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    """Aliases are chosen on an import's preview (portal.organisations.services); here one
    mapped by mistake can only be deleted, through the service, so the next file asks again."""

    list_display = ["spelling", "organisation", "created_by", "created_at"]
    list_select_related = ["organisation", "created_by"]
    search_fields = ["spelling", "organisation__name", "organisation__acronym"]
    raw_id_fields = ["organisation", "created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: OrganisationAlias) -> None:
        organisation_aliases_delete(alias_ids=[obj.pk])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OrganisationAlias]) -> None:
        organisation_aliases_delete(alias_ids=list(queryset.values_list("pk", flat=True)))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "organisation", "country", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["name", "organisation", "country", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]


@admin.register(Email)
class EmailAdmin(ThroughServicesAdmin):
    """The outbox: rows move READY → SENDING → SENT/FAILED only through portal.services."""

    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
