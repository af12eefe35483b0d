"""Input for what members do with a practice: applied it somewhere, questions to the author."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from knowledge.models import Application, Comment


def country_choices() -> list[tuple[str, str]]:
    # Called per form, so the names come in the reader's language.
    return [("", _("Choose a country")), *((code, name) for code, name in countries)]


class ApplicationForm(forms.Form):
    country = forms.ChoiceField(label=_("Country where you applied it"), choices=country_choices)
    outcome = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=Application._meta.get_field("outcome").max_length,
        help_text=_("For example: survey days fell from 20 to 7."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Application._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your question or answer"),
        max_length=Comment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a message first."))
        return body
