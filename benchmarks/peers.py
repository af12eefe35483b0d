"""What a team would use without the portal, measured by `make bench` on the same data.

- The Django admin: a changelist over practices with `search_fields` on title, summary and
  body (`icontains` on each word, OR-ed across the fields), mounted at /bench-admin/ by
  benchmarks/urls.py, against our /practices/?q= search.
- django-import-export: a Resource for the participant list (the same columns as our
  trainings.participants export) and one that imports a participant spreadsheet into a session,
  each used the way its documentation shows, against our export and import services.
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db.models import QuerySet
from import_export import fields, instance_loaders, resources, widgets

from knowledge.models import Practice
from portal.models import Organisation
from trainings.exports import participant_enrolments
from trainings.models import Enrolment, Person, Session
from trainings.services.records import person_age_band
from trainings.statistics import Filters


class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "language")
    search_fields = ("title", "summary", "body")


admin_site = admin.AdminSite(name="bench_admin")
admin_site.login = secure_admin_login(admin_site.login)
admin_site.register(Practice, PracticeAdmin)


class ParticipantExportResource(resources.ModelResource):
    """Every enrolment with its person and session, as our participant list has them."""

    programme = fields.Field(attribute="session__programme__name", column_name="Programme")
    session = fields.Field(attribute="session__title", column_name="Session")
    start_date = fields.Field(attribute="session__start_date", column_name="Start date")
    end_date = fields.Field(attribute="session__end_date", column_name="End date")
    person_id = fields.Field(attribute="person_id", column_name="Person ID")
    full_name = fields.Field(attribute="person__full_name", column_name="Full name")
    sex = fields.Field(attribute="person__sex", column_name="Sex")
    age_band = fields.Field(attribute="person__age_band", column_name="Age band")
    nationality = fields.Field(attribute="person__nationality", column_name="Nationality (code)")
    organisation = fields.Field(attribute="person__organisation__name", column_name="Organisation")
    position = fields.Field(attribute="person__position", column_name="Position")
    email = fields.Field(attribute="person__email", column_name="Email")
    status = fields.Field(attribute="status", column_name="Status")
    pre_score = fields.Field(attribute="pre_score", column_name="Pre-test score")
    post_score = fields.Field(attribute="post_score", column_name="Post-test score")
    certificate = fields.Field(attribute="certificate__number", column_name="Certificate number")

    class Meta:
        model = Enrolment
        fields = (
            "programme", "session", "start_date", "end_date", "person_id", "full_name", "sex",
            "age_band", "nationality", "organisation", "position", "email", "status",
            "pre_score", "post_score", "certificate",
        )  # fmt: skip

    def dehydrate_certificate(self, enrolment: Enrolment) -> str:
        # A reverse one-to-one raises when there is none; the documented way is a dehydrate hook.
        certificate = getattr(enrolment, "certificate", None)
        return certificate.number if certificate else ""


def participant_export_queryset() -> QuerySet[Enrolment]:
    """The same rows in the same order as our export, with the joins a careful team would add."""
    return participant_enrolments(Filters()).select_related(
        "session__programme", "person__organisation", "certificate"
    )


def _text(attribute: str, column: str) -> fields.Field:
    # An empty cell is an empty string, as the model's text fields (NOT NULL) want it.
    return fields.Field(attribute=attribute, column_name=column, widget=widgets.CharWidget())


class ParticipantImportResource(resources.ModelResource):
    """A participant spreadsheet (our template's columns) into people enrolled in one session.

    People are matched by email as our import does; each saved person is enrolled."""

    name = _text("full_name", "name")
    local_name = _text("local_name", "local_name")
    sex = _text("sex", "sex")
    birth_year = fields.Field(
        attribute="birth_year", column_name="birth_year", widget=widgets.IntegerWidget()
    )
    country = _text("nationality", "country")
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    position = _text("position", "position")
    email = _text("email", "email")
    phone = _text("phone", "phone")
    consent = fields.Field(
        attribute="consent_to_contact", column_name="consent", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = Person
        fields = (
            "name", "local_name", "sex", "birth_year", "country", "organisation", "position",
            "email", "phone", "consent",
        )  # fmt: skip
        import_id_fields = ("email",)
        # The documented loader for large files: existing people in one query, not one a row.
        instance_loader_class = instance_loaders.CachedInstanceLoader

    def __init__(self, *, session: Session) -> None:
        super().__init__()
        self.session = session

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        row["consent"] = "1" if str(row.get("consent", "")).lower() == "yes" else "0"
        row["birth_year"] = row.get("birth_year") or None

    def before_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
        age = row.get("age")
        instance.age_band = person_age_band(
            birth_year=instance.birth_year, age=int(age) if age else None
        )

    def after_save_instance(self, instance: Person, row: Any, **kwargs: Any) -> None:
        if not kwargs.get("dry_run"):
            Enrolment.objects.get_or_create(person=instance, session=self.session)
