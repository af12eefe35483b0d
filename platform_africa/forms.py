"""Input validation for the platform's pages; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.models import Practice, Theme
from platform_africa.models import Kind, MemberOrganisation, Offer, SupportRequest
from portal.countries import country_choices
from portal.models import Organisation

CURRENCY_HELP = _("Three-letter ISO code, e.g. USD, EUR, JPY.")


def _currency(value: str) -> str:
    value = (value or "").strip().upper()
    if value and (len(value) != 3 or not value.isalpha()):
        raise forms.ValidationError(_("Use a three-letter ISO currency code, e.g. USD."))
    return value


class ApplicationForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        # Organisations that have not applied, or were declined and may apply again.
        queryset=Organisation.objects.exclude(
            platform_membership__status__in=["pending", "approved"]
        ),
    )
    focal_areas = forms.ModelMultipleChoiceField(
        label=_("Focal areas"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MemberOrganisation
        fields = [
            "organisation",
            "role",
            "kind",
            "country",
            "mandate",
            "focal_point_name",
            "focal_point_email",
            "focal_areas",
        ]
        widgets = {"role": forms.RadioSelect, "mandate": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining; the applicant receives it."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"))


class SupportRequestForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    named_partners = forms.ModelMultipleChoiceField(
        label=_("Named partners"),
        queryset=MemberOrganisation.objects.approved()
        .filter(role=MemberOrganisation.Role.PARTNER)
        .select_related("organisation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for “Named partners only”."),
    )

    class Meta:
        model = SupportRequest
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "themes",
            "nexus",
            "country",
            "quantity",
            "estimated_cost",
            "currency",
            "needed_by",
            "priority",
            "confidentiality",
            "named_partners",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "needed_by": forms.DateInput(attrs={"type": "date"}),
            "confidentiality": forms.RadioSelect,
            "nexus": forms.RadioSelect,
        }
        help_texts = {"currency": CURRENCY_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "---------" choice.
        self.fields["nexus"].choices = SupportRequest.Nexus.choices

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data.get("currency", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("estimated_cost") is not None and not data.get("currency"):
            self.add_error("currency", _("Give the currency of the estimated cost."))
        if data.get("confidentiality") == SupportRequest.Confidentiality.NAMED and not data.get(
            "named_partners"
        ):
            self.add_error("named_partners", _("Name at least one partner who may read it."))
        return data

    def values(self) -> dict[str, Any]:
        skip = {"themes", "named_partners"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


# Extension -> how such a file starts: the name alone is not trusted.
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document or photo"),
        help_text=_("PDF, Word, Excel, JPEG or PNG, up to 10 MB."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        if extension not in ATTACHMENT_TYPES:
            raise forms.ValidationError(_("Attach a PDF, Word, Excel, JPEG or PNG file."))
        if file.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = file.read(8)
        file.seek(0)
        if not head.startswith(ATTACHMENT_TYPES[extension]):
            raise forms.ValidationError(
                _("This file is not the kind its name says (.%(ext)s).") % {"ext": extension}
            )
        return file


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=SupportRequest.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FulfilForm(forms.Form):
    result = forms.CharField(
        label=_("What came of the support"), widget=forms.Textarea(attrs={"rows": 4})
    )
    practice = forms.ModelChoiceField(
        label=_("Practice in the knowledge base that came out of it"),
        queryset=Practice.objects.published().order_by("title"),
        required=False,
    )


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["description", "quantity", "amount", "currency", "available_from", "conditions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "available_from": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"currency": CURRENCY_HELP}

    def clean_currency(self) -> str:
        return _currency(self.cleaned_data.get("currency", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("amount") is not None and not data.get("currency"):
            self.add_error("currency", _("Give the currency of the amount."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any theme"),
    )
    nexus = forms.ChoiceField(
        label=_("Nexus"),
        required=False,
        choices=[("", _("Any")), *SupportRequest.Nexus.choices],
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All requests")),
            ("mine", _("My organisation's requests")),
            ("help", _("Requests I can help with")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *SupportRequest.Status.choices]
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]


class SubscriptionForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of support"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=country_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
