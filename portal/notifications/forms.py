from django import forms

from portal.notifications.registry import Delivery, all_kinds


class PreferencesForm(forms.Form):
    """One choice of delivery for each kind of notification."""

    def __init__(self, data: object = None, *, current: dict[str, str], **kwargs: object) -> None:
        if data is not None:
            # A kind left out of the submission (say, one added since the page was loaded)
            # keeps its current setting.
            data = {**current, **data.dict()} if hasattr(data, "dict") else {**current, **data}
        super().__init__(data, **kwargs)
        for kind in all_kinds():
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                initial=current.get(kind.name, kind.default_delivery),
                widget=forms.RadioSelect,
            )
