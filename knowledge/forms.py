"""Forms for writing, reviewing and following practices. They check input; services write."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from knowledge.models import LANGUAGES, Practice, Theme
from knowledge.services.workflow import (
    IMAGE_MAX_BYTES,
    PDF_MAX_BYTES,
    YEAR_MIN,
    OutcomeData,
    PracticeContent,
    attachment_check,
    imas_reference_normalise,
)
from portal.models import Organisation

MAX_FILES_PER_SAVE = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content before anything is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if len(files) > MAX_FILES_PER_SAVE:
            raise ValidationError(
                ngettext(
                    "Attach at most %(max)s file at a time.",
                    "Attach at most %(max)s files at a time.",
                    MAX_FILES_PER_SAVE,
                ),
                params={"max": MAX_FILES_PER_SAVE},
            )
        errors = []
        for file in files:
            super().clean(file, initial)
            try:
                attachment_check(file)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return files


class PracticeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=250,
        error_messages={"required": _("Give the practice a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: the problem, what was done, what changed."),
        error_messages={"required": _("Write a short summary.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16, "class": "markdown-input"}),
        help_text=_(
            "Markdown: ## for headings, - for lists, [text](https://…) for links, "
            "| for tables. Press “Preview” to see it."
        ),
        error_messages={"required": _("Write the text of the practice.")},
        strip=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Practice.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of practice this is.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Where it was done. Hold Ctrl (or ⌘) to choose more than one."),
        error_messages={"invalid_choice": _("“%(value)s” is not a country in the list.")},
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    year_start = forms.IntegerField(
        label=_("From year"),
        required=False,
        min_value=YEAR_MIN,
        error_messages={
            "invalid": _("Give the year as four digits, like 2019."),
            "min_value": _("Give a year no earlier than %(limit_value)s."),
        },
    )
    year_end = forms.IntegerField(
        label=_("To year"),
        required=False,
        min_value=YEAR_MIN,
        error_messages={
            "invalid": _("Give the year as four digits, like 2023."),
            "min_value": _("Give a year no earlier than %(limit_value)s."),
        },
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
    hdp_pillars = forms.MultipleChoiceField(
        label=_("Humanitarian–development–peace nexus"),
        choices=Practice.Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    imas_references = forms.CharField(
        label=_("IMAS references"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, for example: IMAS 08.10, IMAS 09.10"),
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Practice.Visibility.choices,
        initial=Practice.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    # A text field, not a select: there can be thousands of published practices.
    translation_of = forms.CharField(
        label=_("Translation of"),
        required=False,
        max_length=500,
        help_text=_(
            "If this is a translation: the address of the published practice it translates, "
            "for example https://…/practices/land-release-in-cambodia/"
        ),
    )
    # The help text has numbers in it, so it is set per form, in the reader's language.
    attachments = MultipleFileField(label=_("Add files"), required=False)

    def __init__(self, *args: Any, practice: Practice | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        this_year = timezone.now().year
        for name in ("year_start", "year_end"):
            field = self.fields[name]
            field.validators.append(
                MaxValueValidator(
                    this_year + 1,
                    message=_("Give a year no later than %(limit_value)s."),
                )
            )
            field.widget.attrs.update({"min": YEAR_MIN, "max": this_year + 1})
        self.fields["countries"].choices = list(countries)
        self.fields["attachments"].help_text = gettext(
            "PDF documents up to %(pdf)s MB; JPEG, PNG or WebP images up to %(image)s MB. "
            "Choose them again after pressing “Preview”."
        ) % {"pdf": PDF_MAX_BYTES // 2**20, "image": IMAGE_MAX_BYTES // 2**20}

    def clean_translation_of(self) -> Practice | None:
        value = self.cleaned_data["translation_of"].strip()
        if not value:
            return None
        slug = urlsplit(value).path.rstrip("/").rsplit("/", 1)[-1]
        original = Practice.objects.published().filter(slug=slug).first()
        if original is None:
            raise ValidationError(
                _("There is no published practice at “%(value)s”."), params={"value": value}
            )
        if self.practice is not None and original.pk == self.practice.pk:
            raise ValidationError(_("A practice cannot be a translation of itself."))
        return original

    def clean_imas_references(self) -> list[str]:
        raw = self.cleaned_data["imas_references"]
        references, errors = [], []
        for part in raw.split(","):
            if not part.strip():
                continue
            try:
                references.append(imas_reference_normalise(part))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(references))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("year_start"), cleaned.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The end year cannot be before the start year."))
        return cleaned

    def content(self, outcomes: list[OutcomeData]) -> PracticeContent:
        data = self.cleaned_data
        return PracticeContent(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            kind=data["kind"],
            themes=list(data["themes"]),
            countries=data["countries"],
            organisations=list(data["organisations"]),
            year_start=data["year_start"],
            year_end=data["year_end"],
            language=data["language"],
            hdp_pillars=data["hdp_pillars"],
            imas_references=data["imas_references"],
            visibility=data["visibility"],
            translation_of=data["translation_of"],
            outcomes=outcomes,
        )

    @classmethod
    def initial_for(cls, practice: Practice) -> dict[str, Any]:
        return {
            "title": practice.title,
            "summary": practice.summary,
            "body": practice.body,
            "kind": practice.kind,
            "themes": list(practice.themes.all()),
            "countries": practice.countries,
            "organisations": list(practice.organisations.all()),
            "year_start": practice.year_start,
            "year_end": practice.year_end,
            "language": practice.language,
            "hdp_pillars": practice.hdp_pillars,
            "imas_references": ", ".join(practice.imas_references),
            "visibility": practice.visibility,
            "translation_of": practice.translation_of.slug if practice.translation_of else "",
        }


class OutcomeForm(forms.Form):
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        error_messages={"required": _("Name what was measured.")},
    )
    baseline = forms.DecimalField(
        label=_("Before"),
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Give the value before."), "invalid": _("Give a number.")},
    )
    result = forms.DecimalField(
        label=_("After"),
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Give the value after."), "invalid": _("Give a number.")},
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)


class BaseOutcomeFormSet(forms.BaseFormSet):
    def outcomes(self) -> list[OutcomeData]:
        """The filled-in rows, in order; empty and removed rows are left out."""
        return [
            OutcomeData(
                indicator=form.cleaned_data["indicator"],
                baseline=form.cleaned_data["baseline"],
                result=form.cleaned_data["result"],
                unit=form.cleaned_data.get("unit", ""),
            )
            for form in self.forms
            # Untouched extra rows clean to {}; existing rows keep their data even unchanged.
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]


OutcomeFormSet = forms.formset_factory(
    OutcomeForm, formset=BaseOutcomeFormSet, extra=2, can_delete=True, max_num=20, validate_max=True
)


def outcome_initial(practice: Practice) -> list[dict[str, Any]]:
    return [
        {
            "indicator": outcome.indicator,
            "baseline": outcome.baseline,
            "result": outcome.result,
            "unit": outcome.unit,
        }
        for outcome in practice.outcomes.all()
    ]


class ReviewForm(forms.Form):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Publish")), (REQUEST_CHANGES, _("Request changes"))],
        error_messages={"required": _("Choose whether to publish or to ask for changes.")},
    )
    comment = forms.CharField(
        label=_("Comment to the author"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when you ask for changes: it is emailed to the author."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.REQUEST_CHANGES
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Tell the author what to change."))
        return cleaned


class FollowForm(forms.Form):
    """Follow one thing: a theme (slug), a country (code) or a search (query string)."""

    theme = forms.SlugField(required=False)
    country = forms.CharField(required=False, max_length=2)
    query = forms.CharField(required=False, max_length=2000)
    name = forms.CharField(label=_("Name"), required=False, max_length=200)

    def clean_theme(self) -> Theme | None:
        slug = self.cleaned_data["theme"]
        if not slug:
            return None
        theme = Theme.objects.filter(slug=slug).first()
        if theme is None:
            raise ValidationError(_("There is no theme “%(slug)s”."), params={"slug": slug})
        return theme

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if code and code not in countries:
            raise ValidationError(_("“%(code)s” is not a country code."), params={"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        given = [
            name for name in ("theme", "country", "query") if cleaned.get(name) and not self.errors
        ]
        if not self.errors and len(given) != 1:
            raise ValidationError(_("Choose one theme, one country or one search to follow."))
        return cleaned
