"""Training statistics: who was trained, disaggregated by sex and age band. Read-only.

Everything is counted in PostgreSQL: one query for the headline figures and one per
breakdown, whatever the number of people, so the pages cost the same at any size. Counting
200,000 enrolments takes about a second, so the counts are cached until the data changes
(portal.datachanges: a database trigger moves the version on every write to what is
counted). A person counts once per group however many sessions they attended ("people
trained" means distinct people with an attended or completed enrolment; records merged into
another are left out, their enrolments having moved to the record kept).

The public page and the donor reports show the same tables with small groups hidden
(`suppressed`, which asks trainings.disclosure: the rule and why it is what it is are there and
in docs/disclosure.md). The coordinators' dashboard keeps the exact figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from portal.countries import country_names
from portal.datachanges import cached
from portal.models import Organisation
from trainings.disclosure import SMALL_GROUP, protect
from trainings.models import Enrolment, Person, Programme, Session

COUNTED_STATUSES = (Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED)
FIRST_YEAR = 1990
LAST_YEAR = 2100

SEXES = list(Person.Sex.choices)
AGE_BANDS = list(Person.AgeBand.choices)


def _participant_countries() -> list[str]:
    return list(
        Person.objects.exclude(nationality="")
        .order_by()
        .values_list("nationality", flat=True)
        .distinct()
    )


class StatisticsFilterForm(forms.Form):
    """Programme, period and country: the same options on the pages and in the reports.

    Plain values only (ids, years, codes): report options are stored as JSON.
    """

    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    country = forms.ChoiceField(label=_("Country of the participants"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [
            ("", _("All programmes")),
            *Programme.objects.order_by("name").values_list("pk", "name"),
        ]
        codes = cached("trainings", "countries", _participant_countries)
        names = country_names()
        self.fields["country"].choices = [
            ("", _("All countries")),
            *sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1]),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            raise ValidationError(
                gettext("The first year must not be after the last year."), code="period"
            )
        return cleaned


@dataclass(frozen=True)
class Filters:
    programme: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    country: str = ""

    @property
    def cache_key(self) -> str:
        return ":".join(str(value or "") for value in astuple(self))

    @classmethod
    def from_cleaned(cls, cleaned: dict[str, Any]) -> Filters:
        return cls(
            programme=cleaned.get("programme") or None,
            year_from=cleaned.get("year_from") or None,
            year_to=cleaned.get("year_to") or None,
            country=cleaned.get("country") or "",
        )


def _session_conditions(filters: Filters) -> Q:
    """The programme and period filters, on an enrolment's session."""
    conditions = Q()
    if filters.programme:
        conditions &= Q(session__programme_id=filters.programme)
    if filters.year_from:
        conditions &= Q(session__start_date__year__gte=filters.year_from)
    if filters.year_to:
        conditions &= Q(session__start_date__year__lte=filters.year_to)
    return conditions


def filtered_enrolments(filters: Filters) -> QuerySet[Enrolment]:
    """Every enrolment (any status) within the filters, records merged into another left out."""
    enrolments = Enrolment.objects.filter(
        _session_conditions(filters), person__merged_into__isnull=True
    )
    if filters.country:
        enrolments = enrolments.filter(person__nationality=filters.country)
    return enrolments


def counted_enrolments(filters: Filters) -> QuerySet[Enrolment]:
    """The enrolments that make someone "trained", within the filters."""
    return filtered_enrolments(filters).filter(status__in=COUNTED_STATUSES).order_by()


def trained_people(filters: Filters) -> QuerySet[Person]:
    """The people trained within the filters, each once: what is counted of the person alone
    (sex, age band, nationality, organisation) needs no DISTINCT over their enrolments.

    A semi-join on the enrolments of the filtered sessions (a hash of 154,000 ids at scale):
    counting people by nationality took 168 ms through their enrolments, 69 ms this way.
    """
    enrolments = Enrolment.objects.filter(
        _session_conditions(filters), status__in=COUNTED_STATUSES
    ).values("person_id")
    people = Person.objects.active().filter(pk__in=enrolments)
    if filters.country:
        people = people.filter(nationality=filters.country)
    return people.order_by()


def _split_counts(*, of_people: bool = False) -> dict[str, Count]:
    """People in total, per sex and per age band: columns of one aggregate query. Over
    enrolments each person is counted once (DISTINCT); over `trained_people` (`of_people`) each
    row is already one person."""
    counted, person = ("pk", "") if of_people else ("person", "person__")
    distinct = not of_people
    counts = {"total": Count(counted, distinct=distinct)}
    for value, _label in SEXES:
        condition = Q(**{f"{person}sex": value})
        counts[f"sex_{value}"] = Count(counted, distinct=distinct, filter=condition)
    for value, _label in AGE_BANDS:
        condition = Q(**{f"{person}age_band": value})
        counts[f"age_{value}"] = Count(counted, distinct=distinct, filter=condition)
    return counts


def _split_values(row: dict[str, Any]) -> list[int]:
    return [
        row["total"],
        *(row[f"sex_{value}"] for value, _label in SEXES),
        *(row[f"age_{value}"] for value, _label in AGE_BANDS),
    ]


@dataclass
class Cell:
    value: int
    # Withheld from the public and from donors (trainings.disclosure): too small a group, or
    # one that would give a small group away.
    hidden: bool = False

    @property
    def text(self) -> str:
        if self.hidden:
            return hidden_mark()
        return number_format(self.value, force_grouping=True)

    @property
    def shown(self) -> bool:
        return not self.hidden

    @property
    def count(self) -> int:
        """The number to choose a plural form by: a hidden count must not show through it
        ("1 woman trained" against "x women trained")."""
        return SMALL_GROUP if self.hidden else self.value


def hidden_mark() -> str:
    # Translators: the mark in a table for a figure withheld to protect a small group of
    # people, as statistical offices print it (one or two characters).
    return pgettext("hidden figure", "x")


@dataclass
class Row:
    label: str
    cells: list[Cell]

    @property
    def total(self) -> Cell:
        return self.cells[0]

    @property
    def sexes(self) -> list[Cell]:
        return self.cells[1 : 1 + len(SEXES)]

    @property
    def ages(self) -> list[Cell]:
        return self.cells[1 + len(SEXES) :]


@dataclass
class Breakdown:
    key: str
    title: str
    heading: str
    rows: list[Row]
    totals: Row
    # Whole sentences for the chart and the two tables (never built from `title` and `heading`).
    chart_title: str = ""
    sex_caption: str = ""
    age_caption: str = ""
    chart: Any = None
    # Rows the public chart leaves out because their total is suppressed.
    omitted: int = 0


@dataclass
class Statistics:
    people: Row
    countries: int
    organisations: int
    sessions: int
    breakdowns: list[Breakdown] = field(default_factory=list)
    sex_labels: list[str] = field(default_factory=list)
    age_labels: list[str] = field(default_factory=list)
    is_public: bool = False


def _row(label: str, row: dict[str, Any]) -> Row:
    return Row(label=label, cells=[Cell(value) for value in _split_values(row)])


@dataclass(frozen=True)
class BreakdownSpec:
    """One breakdown: what it groups by and every text shown with it, in the active language."""

    key: str
    expression: Any  # on the enrolment, or on the person (`of_people`)
    label: Callable[[Any], str]
    title: str
    heading: str
    chart_title: str
    sex_caption: str
    age_caption: str
    # What belongs to the person alone, counted on trained_people (no DISTINCT needed).
    of_people: bool = False


def _breakdown_specs() -> list[BreakdownSpec]:
    kinds = dict(Organisation.Kind.choices)
    modalities = dict(Session.Modality.choices)
    names = country_names()
    return [
        BreakdownSpec(
            key="year",
            expression=ExtractYear("session__start_date"),
            label=str,
            title=gettext("By year"),
            heading=gettext("Year"),
            chart_title=gettext("People trained by year"),
            sex_caption=gettext("People trained by year and sex"),
            age_caption=gettext("People trained by year and age band"),
        ),
        BreakdownSpec(
            key="theme",
            expression=F("session__themes__name"),
            # Theme names are in the catalogues (knowledge.models.Theme.__str__).
            label=lambda value: gettext(value) if value else gettext("No theme"),
            title=gettext("By theme"),
            heading=gettext("Theme"),
            chart_title=gettext("People trained by theme"),
            sex_caption=gettext("People trained by theme and sex"),
            age_caption=gettext("People trained by theme and age band"),
        ),
        BreakdownSpec(
            key="country",
            expression=F("nationality"),
            of_people=True,
            label=lambda value: (
                names.get(value, value) if value else pgettext("nationality", "Not recorded")
            ),
            title=gettext("By country"),
            heading=gettext("Country"),
            chart_title=gettext("People trained by country"),
            sex_caption=gettext("People trained by country and sex"),
            age_caption=gettext("People trained by country and age band"),
        ),
        BreakdownSpec(
            key="organisation_kind",
            expression=F("organisation__kind"),
            of_people=True,
            label=lambda value: (
                str(kinds.get(value, value)) if value else gettext("No organisation")
            ),
            title=gettext("By kind of organisation"),
            heading=gettext("Kind of organisation"),
            chart_title=gettext("People trained by kind of organisation"),
            sex_caption=gettext("People trained by kind of organisation and sex"),
            age_caption=gettext("People trained by kind of organisation and age band"),
        ),
        BreakdownSpec(
            key="modality",
            expression=F("session__modality"),
            label=lambda value: str(modalities.get(value, value)),
            title=gettext("By modality"),
            heading=gettext("Modality"),
            chart_title=gettext("People trained by modality"),
            sex_caption=gettext("People trained by modality and sex"),
            age_caption=gettext("People trained by modality and age band"),
        ),
    ]


def _counts(filters: Filters) -> dict[str, Any]:
    """The figures behind the statistics, as plain values (cached; labels come later)."""
    enrolments = counted_enrolments(filters)
    people = trained_people(filters)
    headline = people.aggregate(
        **_split_counts(of_people=True),
        countries=Count("nationality", distinct=True, filter=~Q(nationality="")),
        organisations=Count("organisation", distinct=True),
    )
    headline["sessions"] = enrolments.aggregate(n=Count("session", distinct=True))["n"]
    groups = {
        spec.key: list(
            (people if spec.of_people else enrolments)
            .values(group=spec.expression)
            .annotate(**_split_counts(of_people=spec.of_people))
        )
        for spec in _breakdown_specs()
    }
    return {"headline": headline, "groups": groups}


def training_statistics(filters: Filters) -> Statistics:
    """Headline figures and every breakdown, exact (for coordinators and donor reports)."""
    counts = cached("trainings", f"counts:{filters.cache_key}", lambda: _counts(filters))
    headline = counts["headline"]
    totals = _row(gettext("All participants"), headline)
    breakdowns = []
    for spec in _breakdown_specs():
        rows = [_row(spec.label(item["group"]), item) for item in counts["groups"][spec.key]]
        if spec.key == "year":
            rows.sort(key=lambda row: row.label)
        else:
            rows.sort(key=lambda row: (-row.total.value, row.label))
        breakdowns.append(
            Breakdown(
                key=spec.key,
                title=spec.title,
                heading=spec.heading,
                rows=rows,
                totals=totals,
                chart_title=spec.chart_title,
                sex_caption=spec.sex_caption,
                age_caption=spec.age_caption,
            )
        )
    return Statistics(
        people=totals,
        countries=headline["countries"],
        organisations=headline["organisations"],
        sessions=headline["sessions"],
        breakdowns=breakdowns,
        sex_labels=[str(label) for _value, label in SEXES],
        age_labels=[str(label) for _value, label in AGE_BANDS],
    )


def suppressed(statistics: Statistics) -> Statistics:
    """The statistics fit for the public and for donors: trainings.disclosure decides which
    cells to hide, over every breakdown and the shared totals row at once.

    Hidden rows go to the end of their table, in the order of their names: listed among the
    others by size, their place would bound them.
    """
    protection = protect(
        [[_values(row) for row in breakdown.rows] for breakdown in statistics.breakdowns],
        _values(statistics.people),
        splits=[
            range(1, 1 + len(SEXES)),
            range(1 + len(SEXES), 1 + len(SEXES) + len(AGE_BANDS)),
        ],
    )
    for cell, hidden in zip(statistics.people.cells, protection.totals, strict=True):
        cell.hidden = hidden
    for breakdown, masks in zip(statistics.breakdowns, protection.tables, strict=True):
        for row, mask in zip(breakdown.rows, masks, strict=True):
            for cell, hidden in zip(row.cells, mask, strict=True):
                cell.hidden = hidden
        if breakdown.key != "year":
            breakdown.rows.sort(
                key=lambda row: (
                    (0, -row.total.value, row.label) if row.total.shown else (1, 0, row.label)
                )
            )
        breakdown.omitted = sum(1 for row in breakdown.rows if not row.total.shown)
    statistics.is_public = True
    return statistics


def _values(row: Row) -> list[int]:
    return [cell.value for cell in row.cells]


CHART_ROWS = 15


def with_charts(statistics: Statistics) -> Statistics:
    """A bar chart of each breakdown's totals (the largest groups; public: shown groups only)."""
    from portal.exports.charts import bar_chart_svg

    for breakdown in statistics.breakdowns:
        rows = [row for row in breakdown.rows if row.total.shown]
        if breakdown.key != "year":
            rows = rows[:CHART_ROWS]
        breakdown.chart = bar_chart_svg(
            [(row.label, row.total.value) for row in rows], title=breakdown.chart_title
        )
    return statistics
