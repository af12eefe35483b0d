"""Input checks for training records: programmes, sessions, people, bulk updates, imports."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.models import Organisation
from portal.organisations.selectors import SPELLING_MAX
from trainings.models import (
    MAX_AGE,
    MIN_AGE,
    Enrolment,
    Person,
    Programme,
    Session,
    birth_year_range,
)
from trainings.services.import_organisations import OrganisationChoice, UnknownOrganisation
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


class ParticipantFilterForm(forms.Form):
    """Which participants of a session the list shows: by status, by name (GET, bookmarkable)."""

    who = forms.CharField(label=_("Name"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Enrolment.Status.choices]

    def filters(self) -> dict[str, str]:
        """The filters for selectors.session_enrolments; none when the form is not valid."""
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"], "name": self.cleaned_data["who"]}


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


class ImportOrganisationForm(forms.Form):
    """What one unknown organisation spelling of a participant list is: an organisation on the
    site, a new one (described below the select), or undecided for now."""

    NEW = "new"

    spelling = forms.CharField(widget=forms.HiddenInput, max_length=SPELLING_MAX)
    choice = forms.CharField(
        # Translators: label of a select under an organisation's name as a file wrote it:
        # "[NMAC Nigeria] This is: [National Mine Action Centre Nigeria]".
        label=_("This is"),
        required=False,
        widget=forms.Select,
        help_text=_("Suggestions first. Left undecided, its rows stay in error."),
    )
    organisation_name = forms.CharField(
        label=_("Or type its name or acronym as listed on the site"),
        required=False,
        max_length=SPELLING_MAX,
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    acronym = forms.CharField(label=_("Acronym"), required=False, max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(
        self,
        *args: Any,
        unknown: UnknownOrganisation | None = None,
        suggested: Sequence[Organisation] = (),
        listed: list[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unknown, self.suggested, self.listed = unknown, list(suggested), listed
        options: list[Any] = [("", gettext("— decide later —"))]
        if self.suggested:
            # Translators: heading of the suggested organisations in a select.
            suggested_label = gettext("Suggested")
            options.append((suggested_label, [(str(o.pk), str(o)) for o in self.suggested]))
        if listed:
            shown = {o.pk for o in self.suggested}
            others = [(str(o.pk), str(o)) for o in listed if o.pk not in shown]
            if others:
                options.append((gettext("All organisations"), others))
        options.append((self.NEW, gettext("A new organisation (below)")))
        self.fields["choice"].widget.choices = options
        if listed is not None:
            # Every organisation is in the select: no need to type one.
            del self.fields["organisation_name"]
        self.fields["kind"].choices = [("", "—"), *Organisation.Kind.choices]
        self.fields["country"].choices = [("", "—"), *((c.code, c.name) for c in countries)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("choice") or ""
        if choice == self.NEW:
            if not (data.get("name") or "").strip():
                self.add_error("name", gettext("Give the new organisation's name."))
            if not data.get("kind"):
                self.add_error("kind", gettext("Choose what kind of organisation it is."))
        elif choice and not re.fullmatch(r"[0-9]{1,18}", choice):
            self.add_error("choice", gettext("Choose an organisation from the list."))
        return data

    def to_choice(self) -> OrganisationChoice | None:
        """The choice for the service; None when left for later."""
        data = self.cleaned_data
        choice = data.get("choice") or ""
        typed = (data.get("organisation_name") or "").strip()
        if choice == self.NEW:
            return OrganisationChoice(
                spelling=data["spelling"],
                new_name=data["name"],
                new_acronym=data.get("acronym", ""),
                new_kind=data["kind"],
                new_country=data.get("country", ""),
            )
        if choice:
            return OrganisationChoice(spelling=data["spelling"], organisation_id=int(choice))
        if typed:
            return OrganisationChoice(spelling=data["spelling"], organisation_name=typed)
        return None


class BaseImportOrganisationFormSet(forms.BaseFormSet):
    """One form per unknown spelling of the batch, each with its own suggestions."""

    def __init__(
        self,
        *args: Any,
        unknown: list[UnknownOrganisation],
        suggestions: dict[str, list[Organisation]],
        listed: list[Organisation] | None,
        **kwargs: Any,
    ) -> None:
        self.unknown, self.suggestions, self.listed = unknown, suggestions, listed
        # A POST claiming more forms than the batch has spellings was not made by this page.
        self.max_num = self.absolute_max = len(unknown)
        kwargs.setdefault(
            "initial",
            [{"spelling": u.spelling, "name": u.spelling, "country": u.country} for u in unknown],
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.unknown):
            unknown = self.unknown[index]
            kwargs.update(
                unknown=unknown,
                suggested=self.suggestions.get(unknown.spelling, []),
                listed=self.listed,
            )
        return kwargs

    def choices(self) -> list[OrganisationChoice]:
        return [c for c in (form.to_choice() for form in self.forms) if c is not None]


ImportOrganisationFormSet = forms.formset_factory(
    ImportOrganisationForm,
    formset=BaseImportOrganisationFormSet,
    extra=0,
    validate_max=True,
)


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
