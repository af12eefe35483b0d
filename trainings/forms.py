"""Input checks for training records: programmes, sessions, people, bulk updates, imports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from trainings.models import (
    MAX_AGE,
    MIN_AGE,
    Enrolment,
    Person,
    Programme,
    Session,
    birth_year_range,
)
from trainings.services.imports import MAX_ROWS, MAX_UPLOAD_BYTES


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "host", "funders", "year_start", "year_end", "description"]
        help_texts = {"slug": _("Short name used in the address, e.g. jica-cmac-2010.")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The last year cannot be before the first year."))
        return data


class DateInput(forms.DateInput):
    input_type = "date"


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "themes",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "modality",
            "trainers",
            "capacity",
            "language",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "themes": forms.CheckboxSelectMultiple,
            "trainers": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data


class PersonForm(forms.ModelForm):
    # A label that reads as one phrase with the "(optional)" the form template adds.
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        help_text=_("Used for the age band when the year of birth is not known."),
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "local_name",
            "sex",
            "birth_year",
            "age",
            "nationality",
            "organisation",
            "position",
            "email",
            "phone",
            "consent_to_contact",
        ]

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        first, last = birth_year_range(timezone.localdate())
        if year is not None and not first <= year <= last:
            raise forms.ValidationError(
                gettext("Enter a year between %(first)s and %(last)s.")
                % {"first": first, "last": last}
            )
        return year


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)


class EnrolmentBulkForm(forms.Form):
    """Status and scores for every participant of a session, in one form (one POST)."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        score = {
            "required": False,
            "min_value": Decimal(0),
            "max_value": Decimal(100),
            "max_digits": 5,
            "decimal_places": 2,
        }
        for e in enrolments:
            self.fields[f"status-{e.pk}"] = forms.ChoiceField(
                label=_("Status"), choices=Enrolment.Status.choices, initial=e.status
            )
            self.fields[f"pre-{e.pk}"] = forms.DecimalField(
                label=_("Pre-test"), initial=e.pre_score, **score
            )
            self.fields[f"post-{e.pk}"] = forms.DecimalField(
                label=_("Post-test"), initial=e.post_score, **score
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "enrolment": e,
                "status": self[f"status-{e.pk}"],
                "pre": self[f"pre-{e.pk}"],
                "post": self[f"post-{e.pk}"],
                "has_errors": any(self.errors.get(f"{p}-{e.pk}") for p in ("status", "pre", "post"))
                if self.is_bound
                else False,
            }
            for e in self.enrolments
        ]


MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant list (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = ngettext(
            "At most %(size)s MB and %(rows)s row. Use the template's column names.",
            "At most %(size)s MB and %(rows)s rows. Use the template's column names.",
            MAX_ROWS,
        ) % {"size": MAX_UPLOAD_MB, "rows": number_format(MAX_ROWS, force_grouping=True)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB: split it.") % {"size": MAX_UPLOAD_MB}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file (use the template)."))
        return upload


class MergeForm(forms.Form):
    """For each field where the two records disagree, which value to keep."""

    def __init__(
        self, *args: Any, kept: Person, merged: Person, conflicts: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.conflicts = conflicts
        for name in conflicts:
            self.fields[name] = forms.ChoiceField(
                label=field_label(name),
                choices=[
                    ("kept", display_value(kept, name)),
                    ("merged", display_value(merged, name)),
                ],
                initial="kept",
                widget=forms.RadioSelect,
            )


def field_label(name: str) -> str:
    field_name = "organisation" if name == "organisation_id" else name
    return capfirst(str(Person._meta.get_field(field_name).verbose_name))


def display_value(person: Person, name: str) -> str:
    if name == "organisation_id":
        return str(person.organisation or "—")
    field = Person._meta.get_field(name)
    if field.choices:
        return str(getattr(person, f"get_{name}_display")())
    if name == "nationality":
        return str(person.nationality.name or "—")
    value = getattr(person, name)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return str(value) if value not in ("", None) else "—"
