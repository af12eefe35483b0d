"""The admin writes through the services, like every page.

A record whose rules live in a service (a transition table, a notification, a history entry, a
cache version) is shown read-only (`ThroughServicesAdmin`), and what staff may change from the
admin is an action (`service_action`) that calls the service once per selected row: the checks,
the timeline and the notifications are the ones the pages give. A refusal (`ValidationError`,
`PermissionDenied`) is shown for its row and the other rows go on; each call is its own
transaction, so a refused row leaves nothing half done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# (row, the staff member, the reason given or "") -> whatever the service returns.
ServiceCall = Callable[[Any, Any, str], object]


class ReadOnly:
    """No add, change or delete from the admin, for a ModelAdmin or an inline."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ThroughServicesAdmin(ReadOnly, admin.ModelAdmin):
    """Shown, searched and filtered; changed only through the services (pages or actions)."""


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def service_action(
    *, name: str, description: Promise, call: ServiceCall, needs_reason: bool = False
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet], TemplateResponse | None]:
    """An admin action that calls `call(row, request.user, reason)` for each selected row.

    With `needs_reason`, a page asks for the reason first (one reason for every row), as the
    services refuse a decline or a close without one.
    """

    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Model]
    ) -> TemplateResponse | None:
        reason = ""
        if needs_reason:
            form = ReasonForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/service_action_reason.html",
                    {
                        **modeladmin.admin_site.each_context(request),
                        "title": description,
                        "action": name,
                        "form": form,
                        "rows": list(queryset),
                        "opts": modeladmin.model._meta,
                        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    },
                )
            reason = form.cleaned_data["reason"]
        done = 0
        for row in queryset:
            try:
                call(row, request.user, reason)
            except (ValidationError, PermissionDenied) as error:
                modeladmin.message_user(request, f"{row}: {_refusal(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(action)s: done for %(count)d row.",
                    "%(action)s: done for %(count)d rows.",
                    done,
                )
                % {"action": description, "count": done},
                messages.SUCCESS,
            )
        return None

    action.__name__ = name
    return admin.action(description=description)(action)
