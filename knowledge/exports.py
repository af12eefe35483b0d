"""The offline reading pack: a PDF of up to 50 practices from a filtered list, built by a worker.

Registered with portal's export registry, so it gets the job page, progress, notification and
download every report has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from knowledge.models import LANGUAGES, Practice, Theme
from knowledge.selectors import practices_search
from portal.exports.registry import Document, ExportKind, Format, register
from portal.models import Organisation
from portal.permissions import is_member

PACK = "knowledge.pack"
PACK_MAX_PRACTICES = 50
# Repeatable list filters are stored as comma-separated text: the export's options are shown
# on its page as plain values, and a value is one string.
LIST_FILTERS = ("theme", "country", "kind", "organisation", "year", "language")


class _SignedInReader:
    """Whose eyes the pack is built for.

    Only signed-in, active members may run this report (checked again when it is built), and
    every signed-in member may read every published practice, public or members-only.
    """

    is_authenticated = True
    is_active = True


class PackParametersForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    theme = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=1000,
        help_text=_("Theme codes separated by commas, for example land-release"),
    )
    country = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=500,
        help_text=_("Two-letter country codes separated by commas, for example KH, CO"),
    )
    kind = forms.CharField(
        label=_("Kinds"),
        required=False,
        max_length=200,
        help_text=_("For example good_practice, lesson_learned, case_study, guideline"),
    )
    organisation = forms.CharField(
        label=_("Organisations"),
        required=False,
        max_length=500,
        help_text=_("Organisation numbers separated by commas"),
    )
    year = forms.CharField(
        label=_("Years"),
        required=False,
        max_length=200,
        help_text=_("For example 2023, 2024"),
    )
    language = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=100,
        help_text=_("Language codes, for example en, fr, es"),
    )
    outcomes = forms.BooleanField(label=_("Only with measured outcomes"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("Default")),
            ("relevance", _("Best match")),
            ("newest", _("Newest first")),
            ("useful", _("Most useful")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in LIST_FILTERS:
            values = [value.strip() for value in cleaned.get(name, "").split(",")]
            if name == "country":
                values = [value.upper() for value in values]
            cleaned[name] = ",".join(dict.fromkeys(value for value in values if value))
        # A false box is no filter: leave it out of the stored options.
        if not cleaned.get("outcomes"):
            cleaned["outcomes"] = None
        return cleaned


def pack_parameters(data: Any) -> dict[str, Any]:
    """The pack's options from the list page's form (repeated fields become one value each)."""
    parameters: dict[str, Any] = {}
    for name in PackParametersForm.base_fields:
        values = [value for value in data.getlist(name) if value.strip()]
        if values:
            parameters[name] = ",".join(values) if name in LIST_FILTERS else values[0]
    return parameters


def _search_params(parameters: Mapping[str, Any]) -> dict[str, list[str]]:
    params = {
        name: [value for value in str(parameters[name]).split(",") if value]
        for name in LIST_FILTERS
        if parameters.get(name)
    }
    if parameters.get("q"):
        params["q"] = [parameters["q"]]
    if parameters.get("outcomes"):
        params["outcomes"] = ["1"]
    if parameters.get("sort"):
        params["sort"] = [parameters["sort"]]
    return params


def _filters_described(params: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    from django_countries import countries

    described = []
    if params.get("q"):
        described.append((gettext("Search"), params["q"][0]))
    if params.get("theme"):
        names = Theme.objects.filter(slug__in=params["theme"]).values_list("name", flat=True)
        described.append((gettext("Themes"), ", ".join(names)))
    if params.get("country"):
        described.append(
            (
                gettext("Countries"),
                ", ".join(str(countries.name(code.upper())) or code for code in params["country"]),
            )
        )
    if params.get("kind"):
        kinds = dict(Practice.Kind.choices)
        described.append(
            (gettext("Kinds"), ", ".join(str(kinds.get(kind, kind)) for kind in params["kind"]))
        )
    if params.get("organisation"):
        ids = [value for value in params["organisation"] if value.isdigit()]
        names = Organisation.objects.filter(pk__in=ids).values_list("name", flat=True)
        described.append((gettext("Organisations"), ", ".join(names)))
    if params.get("year"):
        described.append((gettext("Years"), ", ".join(params["year"])))
    if params.get("language"):
        names = dict(LANGUAGES)
        described.append(
            (
                gettext("Languages"),
                ", ".join(str(names.get(code, code)) for code in params["language"]),
            )
        )
    if params.get("outcomes"):
        described.append((gettext("Outcomes"), gettext("Only practices with measured outcomes")))
    return described


def pack_document(parameters: dict[str, Any]) -> Document:
    params = _search_params(parameters)
    practices = list(
        practices_search(params=params, user=_SignedInReader())
        .select_related("author", "author__organisation")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            "outcomes",
        )[:PACK_MAX_PRACTICES]
    )
    title = gettext("Reading pack: good practices and lessons learned")
    return Document(
        template="knowledge/pack_pdf.html",
        title=title,
        context={
            "title": title,
            "practices": practices,
            "filters": _filters_described(params),
            "limit": PACK_MAX_PRACTICES,
            "generated_at": timezone.now(),
            "site_url": settings.SITE_URL,
        },
    )


PACK_KIND = register(
    ExportKind(
        name=PACK,
        label=_("Offline reading pack"),
        description=_(
            "A PDF of up to 50 practices matching a search, with their summaries, outcomes and "
            "full text, to read without a connection. Easiest from the practices list: filter "
            "it, then choose “Download a reading pack”."
        ),
        allowed=is_member,
        formats=(Format.PDF,),
        filename="practices-reading-pack",
        document=pack_document,
        parameters_form=PackParametersForm,
        # Asked for from a filtered practices list, not from the reports page.
        listed=False,
    )
)
