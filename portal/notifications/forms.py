from django import forms

from portal.notifications.registry import Delivery, all_kinds


class PreferencesForm(forms.Form):
    """One choice of delivery for each kind of notification."""

    def __init__(self, *args: object, current: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for kind in all_kinds():
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                initial=current.get(kind.name, kind.default_delivery),
                widget=forms.RadioSelect,
                # A kind left out of the submission keeps its current setting.
                required=False,
            )
