"""The platform's reports: requests and offers as tables, and a resource mobilisation summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platform_africa.models import Kind, Offer, SupportRequest
from platform_africa.selectors import dashboard
from portal.countries import country_names
from portal.exports.charts import bar_chart_svg
from portal.exports.registry import Document, ExportKind, Format, Rows, register
from portal.exports.writers import CHUNK_SIZE
from portal.permissions import is_platform_secretariat


def request_rows(parameters: dict[str, Any]) -> Rows:
    requests = SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT).order_by(
        "created_at", "pk"
    )
    headers = [
        gettext("Reference"),
        gettext("Title"),
        gettext("Organisation"),
        gettext("Kind"),
        gettext("Country"),
        gettext("Status"),
        gettext("Priority"),
        gettext("Estimated cost"),
        gettext("Currency"),
        gettext("Needed by"),
        gettext("Offers"),
        gettext("Opened (UTC)"),
        gettext("Fulfilled (UTC)"),
    ]
    values = requests.annotate(offer_total=Count("offers")).values_list(
        "pk",
        "title",
        "organisation__organisation__name",
        "kind",
        "country",
        "status",
        "priority",
        "estimated_cost",
        "currency",
        "needed_by",
        "offer_total",
        "opened_at",
        "fulfilled_at",
    )
    return Rows(headers=headers, rows=_request_rows(values), count=requests.count())


def _request_rows(values: Any) -> Iterator[tuple[Any, ...]]:
    kinds = {k: str(label) for k, label in Kind.choices}
    statuses = {k: str(label) for k, label in SupportRequest.Status.choices}
    priorities = {k: str(label) for k, label in SupportRequest.Priority.choices}
    names = country_names()
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        pk, title, organisation, kind, country, status, priority, *rest = row
        yield (
            pk,
            title,
            organisation,
            kinds.get(kind, kind),
            names.get(country, country),
            statuses.get(status, status),
            priorities.get(priority, priority),
            *rest,
        )


def offer_rows(parameters: dict[str, Any]) -> Rows:
    offers = Offer.objects.order_by("created_at", "pk")
    headers = [
        gettext("Request reference"),
        gettext("Request"),
        gettext("Offered by"),
        gettext("What"),
        gettext("Quantity"),
        gettext("Amount"),
        gettext("Currency"),
        gettext("Available from"),
        gettext("Status"),
        gettext("Offered (UTC)"),
    ]
    values = offers.values_list(
        "request_id",
        "request__title",
        "organisation__organisation__name",
        "description",
        "quantity",
        "amount",
        "currency",
        "available_from",
        "status",
        "created_at",
    )
    statuses = {k: str(label) for k, label in Offer.Status.choices}
    rows = (
        (*row[:8], statuses.get(row[8], row[8]), row[9])
        for row in values.iterator(chunk_size=CHUNK_SIZE)
    )
    return Rows(headers=headers, rows=rows, count=offers.count())


def mobilisation_summary(parameters: dict[str, Any]) -> Document:
    data = dashboard()
    title = gettext("Africa Mine Action Platform: resource mobilisation")
    return Document(
        template="platform_africa/pdf/summary.html",
        title=title,
        context={
            "title": title,
            "generated_at": timezone.now(),
            "data": data,
            "status_chart": bar_chart_svg(data.by_status, title=gettext("Requests by status")),
            "kind_chart": bar_chart_svg(data.by_kind, title=gettext("Requests by kind of support")),
            "country_chart": bar_chart_svg(data.by_country, title=gettext("Requests by country")),
        },
    )


REQUESTS = register(
    ExportKind(
        name="platform.requests",
        label=_("Platform requests"),
        description=_(
            "Every submitted request for support with its organisation, kind, country, status, "
            "cost and number of offers."
        ),
        allowed=is_platform_secretariat,
        formats=(Format.CSV, Format.XLSX),
        filename="platform-requests",
        rows=request_rows,
    )
)

OFFERS = register(
    ExportKind(
        name="platform.offers",
        label=_("Platform offers"),
        description=_("Every offer made on the platform: who offered what, for which request."),
        allowed=is_platform_secretariat,
        formats=(Format.CSV, Format.XLSX),
        filename="platform-offers",
        rows=offer_rows,
    )
)

SUMMARY = register(
    ExportKind(
        name="platform.summary",
        label=_("Platform resource mobilisation summary"),
        description=_(
            "A printable summary: requests by status, kind and country, and the amounts "
            "requested, offered, accepted and delivered, with charts."
        ),
        allowed=is_platform_secretariat,
        formats=(Format.PDF,),
        filename="platform-summary",
        document=mobilisation_summary,
    )
)
