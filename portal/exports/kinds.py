"""The portal's own reports: organisations as a table, and a summary by kind and country."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.countries import country_names
from portal.exports.charts import bar_chart_svg
from portal.exports.permissions import can_export_organisations
from portal.exports.registry import Document, ExportKind, Format, Rows, register
from portal.exports.writers import CHUNK_SIZE
from portal.models import Organisation
from portal.notifications.registry import Delivery, NotificationKind
from portal.notifications.registry import register as register_notification

TOP_COUNTRIES = 15


class OrganisationFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only countries that have organisations: a short list, and never an empty report.
        codes = (
            Organisation.objects.exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        choices = sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("All countries")), *choices]


def organisation_rows(parameters: dict[str, Any]) -> Rows:
    organisations = Organisation.objects.order_by("name", "pk")
    if parameters.get("country"):
        organisations = organisations.filter(country=parameters["country"])
    headers = [
        gettext("Name"),
        gettext("Acronym"),
        gettext("Country code"),
        gettext("Country"),
        gettext("Kind"),
        gettext("Website"),
        gettext("Created (UTC)"),
    ]
    values = organisations.values_list(
        "name", "acronym", "country", "kind", "website", "created_at"
    )
    return Rows(headers=headers, rows=_organisation_rows(values), count=organisations.count())


def _organisation_rows(values: Any) -> Iterator[tuple[Any, ...]]:
    kind_labels = {value: str(label) for value, label in Organisation.Kind.choices}
    names = country_names()
    for name, acronym, code, kind, website, created_at in values.iterator(chunk_size=CHUNK_SIZE):
        yield (
            name,
            acronym,
            code,
            names.get(code, code),
            kind_labels.get(kind, kind),
            website,
            created_at,
        )


def organisations_summary(parameters: dict[str, Any]) -> Document:
    kind_labels = {value: str(label) for value, label in Organisation.Kind.choices}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (
        Organisation.objects.order_by().values("country", "kind").annotate(total=Count("pk"))
    ):
        counts[row["country"]][row["kind"]] = row["total"]

    no_country = gettext("No country")
    table = sorted(
        (
            {
                "code": code,
                "name": str(countries.name(code)) if code else no_country,
                "counts": [by_kind.get(kind, 0) for kind in kind_labels],
                "total": sum(by_kind.values()),
            }
            for code, by_kind in counts.items()
        ),
        key=lambda row: (row["code"] == "", row["name"]),
    )
    kind_totals = [sum(row["counts"][i] for row in table) for i in range(len(kind_labels))]
    by_country = sorted(table, key=lambda row: (-row["total"], row["name"]))[:TOP_COUNTRIES]
    title = gettext("Organisations by kind and country")
    return Document(
        template="exports/pdf/organisations_summary.html",
        title=title,
        context={
            "title": title,
            "generated_at": timezone.now(),
            "kinds": list(kind_labels.values()),
            "table": table,
            "kind_totals": kind_totals,
            "total": sum(kind_totals),
            "country_count": sum(1 for row in table if row["code"]),
            "kind_chart": bar_chart_svg(
                list(zip(kind_labels.values(), kind_totals, strict=True)),
                title=gettext("Organisations by kind"),
            ),
            "country_chart": bar_chart_svg(
                [(row["name"], row["total"]) for row in by_country],
                title=gettext("Countries with the most organisations"),
            ),
            "top_countries": TOP_COUNTRIES,
        },
    )


ORGANISATIONS = register(
    ExportKind(
        name="portal.organisations",
        label=_("Organisations list"),
        description=_(
            "Every organisation on the portal with its acronym, country, kind, website and "
            "the date it joined."
        ),
        allowed=can_export_organisations,
        formats=(Format.CSV, Format.XLSX),
        filename="organisations",
        rows=organisation_rows,
        parameters_form=OrganisationFilterForm,
    )
)

ORGANISATIONS_SUMMARY = register(
    ExportKind(
        name="portal.organisations_summary",
        label=_("Organisations by kind and country"),
        description=_(
            "A printable summary: how many organisations of each kind every country has, "
            "with charts."
        ),
        allowed=can_export_organisations,
        formats=(Format.PDF,),
        filename="organisations-summary",
        document=organisations_summary,
    )
)

EXPORT_READY = register_notification(
    NotificationKind(
        name="exports.ready",
        label=_("Report ready"),
        description=_("A report you asked for is ready to download."),
        default_delivery=Delivery.IMMEDIATE,
    )
)

EXPORT_FAILED = register_notification(
    NotificationKind(
        name="exports.failed",
        label=_("Report failed"),
        description=_("A report you asked for could not be built."),
        default_delivery=Delivery.IMMEDIATE,
    )
)
