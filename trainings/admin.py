from django.contrib import admin

from trainings.models import (
    Certificate,
    Enrolment,
    ImportBatch,
    Person,
    PersonMerge,
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


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "nationality", "sex", "age_band", "organisation"]
    list_filter = ["sex", "age_band"]
    list_select_related = ["organisation"]
    search_fields = ["full_name"]
    raw_id_fields = ["organisation", "merged_into"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "status", "pre_score", "post_score"]
    list_filter = ["status"]
    list_select_related = ["person", "session"]
    raw_id_fields = ["person", "session"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "issued_at"]
    list_filter = ["status"]
    raw_id_fields = ["enrolment"]


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    list_display = ["pk", "kept", "merged", "created_at", "undone_at"]
    raw_id_fields = ["kept", "merged", "merged_by", "undone_by"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "session", "status", "total_rows", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["session", "uploaded_by"]
    exclude = ["file"]
