from django.contrib import admin
from django.http import HttpRequest

from trainings.models import (
    Certificate,
    Enrolment,
    ImportBatch,
    Person,
    PersonMerge,
    PersonPairCandidate,
    PersonPairDecision,
    Programme,
    Session,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "host", "year_start", "year_end"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["host", "funders"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "start_date", "host_country", "modality"]
    list_filter = ["modality", "host_country"]
    list_select_related = ["programme"]
    search_fields = ["title"]


class ThroughServicesAdmin(admin.ModelAdmin):
    """Shown read-only: these records change only through the trainings pages and their services,
    which keep the rules a free edit would bypass (merges and their undo, anonymisation,
    certificate numbers and revocation, imports written all or nothing)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ThroughServicesAdmin):
    list_display = ["full_name", "nationality", "sex", "age_band", "organisation"]
    list_filter = ["sex", "age_band"]
    list_select_related = ["organisation"]
    search_fields = ["full_name"]
    raw_id_fields = ["organisation", "merged_into"]


@admin.register(Enrolment)
class EnrolmentAdmin(ThroughServicesAdmin):
    list_display = ["person", "session", "status", "pre_score", "post_score"]
    list_filter = ["status"]
    list_select_related = ["person", "session"]
    raw_id_fields = ["person", "session"]


@admin.register(Certificate)
class CertificateAdmin(ThroughServicesAdmin):
    list_display = ["number", "status", "issued_at"]
    list_filter = ["status"]
    raw_id_fields = ["enrolment"]


@admin.register(PersonMerge)
class PersonMergeAdmin(ThroughServicesAdmin):
    list_display = ["pk", "kept", "merged", "created_at", "undone_at"]
    raw_id_fields = ["kept", "merged", "merged_by", "undone_by"]


@admin.register(PersonPairCandidate)
class PersonPairCandidateAdmin(ThroughServicesAdmin):
    """Kept by person_pairs_refresh; a coordinator decides a pair on the duplicates page."""

    list_display = ["__str__", "score", "reasons", "found_at"]
    raw_id_fields = ["person_low", "person_high"]


@admin.register(PersonPairDecision)
class PersonPairDecisionAdmin(ThroughServicesAdmin):
    list_display = ["__str__", "decided_by", "decided_at"]
    raw_id_fields = ["person_low", "person_high", "decided_by"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ThroughServicesAdmin):
    list_display = ["filename", "session", "status", "total_rows", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["session", "uploaded_by"]
    exclude = ["file"]
