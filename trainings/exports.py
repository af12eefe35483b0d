"""Training reports for portal.exports: the participant list, the donor report and its tables.

All take the statistics filters (programme, period, country). The participant list is
personal data: coordinators only, like every page with people on it. What goes to donors (the
PDF report, its tables as CSV or XLSX) leaves the portal: it has small groups hidden like the
public page (trainings.disclosure), from the same protected statistics, so the report and the
tables hide the same cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.countries import country_names
from portal.exports.registry import Document, ExportKind, Format, Rows, register
from portal.exports.writers import CHUNK_SIZE
from portal.models import Organisation
from portal.permissions import is_training_coordinator
from trainings import statistics
from trainings.models import Enrolment, Person, Programme


def _filters(parameters: dict[str, Any]) -> statistics.Filters:
    return statistics.Filters.from_cleaned(parameters)


def participant_enrolments(filters: statistics.Filters) -> QuerySet[Enrolment]:
    """Every enrolment (any status) within the filters, in the order of the list."""
    return statistics.filtered_enrolments(filters).order_by(
        "session__start_date", "session__pk", "person__full_name", "pk"
    )


PARTICIPANT_FIELDS = (
    "session__programme__name",
    "session__title",
    "session__start_date",
    "session__end_date",
    "person_id",
    "person__full_name",
    "person__anonymised_at",
    "person__sex",
    "person__age_band",
    "person__nationality",
    "person__organisation__name",
    "person__position",
    "person__email",
    "status",
    "pre_score",
    "post_score",
    "certificate__number",
)


def participant_rows(parameters: dict[str, Any]) -> Rows:
    enrolments = participant_enrolments(_filters(parameters))
    headers = [
        gettext("Programme"),
        gettext("Session"),
        gettext("Start date"),
        gettext("End date"),
        gettext("Person ID"),
        gettext("Full name"),
        gettext("Sex"),
        gettext("Age band"),
        gettext("Nationality (code)"),
        gettext("Nationality"),
        gettext("Organisation"),
        gettext("Position"),
        gettext("Email"),
        gettext("Status"),
        gettext("Pre-test score"),
        gettext("Post-test score"),
        gettext("Certificate number"),
    ]
    return Rows(
        headers=headers,
        rows=_participant_rows(enrolments.values_list(*PARTICIPANT_FIELDS)),
        count=enrolments.count(),
    )


def _participant_rows(values: Any) -> Iterator[tuple[Any, ...]]:
    sexes = {value: str(label) for value, label in Person.Sex.choices}
    bands = {value: str(label) for value, label in Person.AgeBand.choices}
    statuses = {value: str(label) for value, label in Enrolment.Status.choices}
    anonymised = gettext("Anonymised participant")
    names = country_names()
    for (
        programme,
        session,
        start,
        end,
        person_id,
        name,
        anonymised_at,
        sex,
        band,
        nationality,
        organisation,
        position,
        email,
        status,
        pre,
        post,
        number,
    ) in values.iterator(chunk_size=CHUNK_SIZE):
        yield (
            programme,
            session,
            start,
            end,
            person_id,
            anonymised if anonymised_at else name,
            sexes.get(sex, sex),
            bands.get(band, band),
            nationality,
            names.get(nationality, nationality),
            organisation or "",
            "" if anonymised_at else position,
            "" if anonymised_at else email,
            statuses.get(status, status),
            pre,
            post,
            number or "",
        )


def donor_statistics(filters: statistics.Filters) -> statistics.Statistics:
    """The statistics as donors see them: small groups hidden."""
    return statistics.suppressed(statistics.training_statistics(filters))


def donor_report(parameters: dict[str, Any]) -> Document:
    filters = _filters(parameters)
    stats = statistics.with_charts(donor_statistics(filters))
    programme = (
        Programme.objects.select_related("host").filter(pk=filters.programme).first()
        if filters.programme
        else None
    )
    funders: list[Organisation] = list(programme.funders.order_by("name")) if programme else []
    title = gettext("Training report")
    if programme:
        title = gettext("Training report: %(programme)s") % {"programme": programme.name}
    return Document(
        template="trainings/pdf/donor_report.html",
        title=title,
        context={
            "title": title,
            "generated_at": timezone.now(),
            "programme": programme,
            "funders": funders,
            "funder_names": ", ".join(funder.name for funder in funders),
            "filters": filters,
            "country_name": str(countries.name(filters.country)) if filters.country else "",
            "stats": stats,
            "small_group": statistics.SMALL_GROUP,
            "hidden_mark": statistics.hidden_mark(),
        },
    )


def donor_table_rows(parameters: dict[str, Any]) -> Rows:
    """The donor report's tables, one line per group: a shown figure as a number, a hidden one
    as the mark the report uses."""
    stats = donor_statistics(_filters(parameters))
    headers = [
        gettext("Breakdown"),
        gettext("Group"),
        gettext("Total"),
        *(gettext("Sex: %(sex)s") % {"sex": label} for label in stats.sex_labels),
        *(gettext("Age band: %(band)s") % {"band": label} for label in stats.age_labels),
    ]
    rows = [
        (breakdown.title, row.label, *(_table_value(cell) for cell in row.cells))
        for breakdown in stats.breakdowns
        for row in [*breakdown.rows, breakdown.totals]
    ]
    return Rows(headers=headers, rows=iter(rows), count=len(rows))


def _table_value(cell: statistics.Cell) -> int | str:
    return cell.value if cell.shown else statistics.hidden_mark()


PARTICIPANTS = register(
    ExportKind(
        name="trainings.participants",
        label=_("Training participants"),
        description=_(
            "Everyone enrolled in the sessions you choose, with sex, age band, nationality, "
            "organisation, status, scores and certificate number. Personal data: keep it safe."
        ),
        allowed=is_training_coordinator,
        formats=(Format.CSV, Format.XLSX),
        filename="training-participants",
        rows=participant_rows,
        parameters_form=statistics.StatisticsFilterForm,
    )
)

DONOR_REPORT = register(
    ExportKind(
        name="trainings.donor_report",
        label=_("Training report for donors"),
        description=_(
            "A printable report for a programme and period: people trained by year, theme, "
            "country, kind of organisation and modality, each by sex and age band, with charts."
        ),
        allowed=is_training_coordinator,
        formats=(Format.PDF,),
        filename="training-report",
        document=donor_report,
        parameters_form=statistics.StatisticsFilterForm,
    )
)

DONOR_TABLES = register(
    ExportKind(
        name="trainings.donor_tables",
        label=_("Training tables for donors"),
        description=_(
            "The tables of the donor report as a spreadsheet: people trained by year, theme, "
            "country, kind of organisation and modality, each by sex and age band, small groups "
            "hidden as in the report."
        ),
        allowed=is_training_coordinator,
        formats=(Format.CSV, Format.XLSX),
        filename="training-tables",
        rows=donor_table_rows,
        parameters_form=statistics.StatisticsFilterForm,
    )
)
