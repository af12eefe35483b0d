from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.countries import country_choices
from portal.models import Organisation, User


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth adds email and password)."""

    name = forms.CharField(label=_("Full name"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Leave empty if your organisation is not listed; an administrator can add it."),
    )
    # A callable: the names are read in the visitor's language when the form is drawn.
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "---------"), *country_choices()], required=False
    )

    field_order = ["name", "email", "organisation", "country", "password1", "password2"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.organisation = self.cleaned_data["organisation"]
        user.country = self.cleaned_data["country"]
        user.save(update_fields=["name", "organisation", "country"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "country", "preferred_language"]
