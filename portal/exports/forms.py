from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.exports.registry import Format, get_kind


class ExportRequestForm(forms.Form):
    """Which report, in which format. Whether the person may run it, and its options, are
    checked by the service, so every way of asking for a report gets the same answer."""

    kind = forms.CharField(
        max_length=100, error_messages={"required": _("Choose a report to create.")}
    )
    format = forms.ChoiceField(
        choices=Format.choices,
        error_messages={
            "required": _("Choose a format for the report."),
            "invalid_choice": _("“%(value)s” is not a format reports come in."),
        },
    )

    def parameters(self) -> dict[str, Any]:
        """The report's own options, as submitted next to the report and format."""
        kind = get_kind(self.cleaned_data["kind"])
        if kind is None or kind.parameters_form is None:
            return {}
        return {
            name: self.data[name] for name in kind.parameters_form.base_fields if name in self.data
        }
