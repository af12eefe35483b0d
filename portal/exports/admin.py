from django.contrib import admin
from django.http import HttpRequest

from portal.exports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through their services and workers."""

    list_display = [
        "pk",
        "kind",
        "format",
        "owner",
        "status",
        "progress",
        "row_count",
        "created_at",
    ]
    list_filter = ["status", "format", "kind"]
    search_fields = ["owner__email", "kind"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ExportJob._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ExportJob | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ExportJob | None = None) -> bool:
        # Files are removed by the expiry sweep; deleting a row here would orphan its file.
        return False
