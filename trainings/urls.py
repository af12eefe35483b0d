from django.urls import include, path

from trainings.views import imports, people, records

app_name = "trainings"

urlpatterns = [
    path("", records.programme_list, name="programme-list"),
    path("programmes/new/", records.programme_create, name="programme-create"),
    path("programmes/<slug:slug>/", records.programme_detail, name="programme-detail"),
    path("programmes/<slug:slug>/sessions/new/", records.session_create, name="session-create"),
    path("sessions/<int:pk>/", records.session_detail, name="session-detail"),
    path("sessions/<int:pk>/enrolments/", records.enrolments_update, name="enrolments-update"),
    path(
        "sessions/<int:pk>/enrolments/status/",
        records.enrolments_status_set,
        name="enrolments-status",
    ),
    path("sessions/<int:pk>/participants/add/", records.participant_add, name="participant-add"),
    path(
        "sessions/<int:pk>/participants/search/",
        records.participant_search,
        name="participant-search",
    ),
    path("sessions/<int:pk>/import/", imports.import_start, name="import-start"),
    path("imports/template.<str:fmt>", imports.import_template, name="import-template"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import-status"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path(
        "imports/<int:pk>/organisations/",
        imports.import_organisations,
        name="import-organisations",
    ),
    path("imports/<int:pk>/discard/", imports.import_discard, name="import-discard"),
    path("people/", people.person_list, name="person-list"),
    path("people/<int:pk>/", people.person_detail, name="person-detail"),
    path("people/<int:pk>/anonymise/", people.person_anonymise, name="person-anonymise"),
    path("people/duplicates/", people.duplicate_list, name="duplicate-list"),
    path(
        "people/pairs/<int:first>/<int:second>/not-the-same/",
        people.pair_reject,
        name="pair-reject",
    ),
    path("people/merge/<int:kept>/<int:merged>/", people.merge_preview, name="merge-preview"),
    path("people/merges/", people.merge_list, name="merge-list"),
    path("people/merges/<int:pk>/undo/", people.merge_undo, name="merge-undo"),
    path("", include("trainings.urls_reports")),
]
