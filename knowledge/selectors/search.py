"""The list's state and the search: what a query matches, in every language, and its rank.

See docs/search.md for the rule a mine action officer can check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.postgres.search import CombinedSearchQuery, SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet

from knowledge.models import LANGUAGES, Practice
from knowledge.selectors.ranking import Search, relevance, search_for

SORTS = ("relevance", "newest", "useful")
# The list's filters, in the order the form shows them; each is one GET parameter.
FILTERS = ("theme", "country", "kind", "organisation", "year", "language", "outcomes")
MAX_VALUES = 20  # per repeatable parameter: a URL can't make the database do unbounded work

# Private-use characters mark the highlighted words, so the text around them can be escaped
# before the marks become <mark> tags.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        value = params.get(name)
        raw = value if isinstance(value, list | tuple) else [value] if value is not None else []
    cleaned = []
    for value in raw:
        value = str(value).strip()
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned[:MAX_VALUES]


def _ints(values: Iterable[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit() and len(value) < 10]


@dataclass(frozen=True)
class Filters:
    """The list's state, read leniently from GET parameters (unknown values are dropped)."""

    q: str = ""
    theme: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    organisation: tuple[int, ...] = ()
    year: tuple[int, ...] = ()
    language: tuple[str, ...] = ()
    outcomes: bool = False
    sort: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        q = " ".join((_values(params, "q") or [""])[0].split())[:200]
        kinds = set(Practice.Kind.values)
        languages = {code for code, _label in LANGUAGES}
        sort = (_values(params, "sort") or [""])[0]
        return cls(
            q=q,
            theme=tuple(_values(params, "theme")),
            country=tuple(
                code.upper()
                for code in _values(params, "country")
                if len(code) == 2 and code.isalpha()
            ),
            kind=tuple(kind for kind in _values(params, "kind") if kind in kinds),
            organisation=tuple(_ints(_values(params, "organisation"))),
            year=tuple(year for year in _ints(_values(params, "year")) if 1900 <= year <= 2200),
            language=tuple(code for code in _values(params, "language") if code in languages),
            outcomes=(_values(params, "outcomes") or [""])[0] in ("1", "on", "true"),
            sort=sort if sort in SORTS else "",
        )

    @property
    def effective_sort(self) -> str:
        if self.sort == "useful":
            return "useful"
        if self.sort == "newest" or not self.q:
            return "newest"
        return "relevance"

    @property
    def active(self) -> bool:
        return bool(self.q or any(getattr(self, name) for name in FILTERS))

    @cached_property
    def search(self) -> Search | None:
        """What `q` asks for, in every language and through the thesaurus (None without q)."""
        return search_for(self.q) if self.q else None

    def search_query(self) -> SearchQuery | CombinedSearchQuery | None:
        return self.search.query if self.search else None


def _conditions(filters: Filters) -> dict[str, Q]:
    """The active filters but the search, each as a condition on a practice."""
    through_themes = Practice.themes.through.objects
    through_orgs = Practice.organisations.through.objects
    conditions = {}
    # Within one filter the values are alternatives (OR); different filters narrow (AND).
    if filters.theme:
        conditions["theme"] = Q(
            Exists(through_themes.filter(practice_id=OuterRef("pk"), theme__slug__in=filters.theme))
        )
    if filters.country:
        conditions["country"] = Q(countries__overlap=list(filters.country))
    if filters.kind:
        conditions["kind"] = Q(kind__in=filters.kind)
    if filters.organisation:
        conditions["organisation"] = Q(
            Exists(
                through_orgs.filter(
                    practice_id=OuterRef("pk"), organisation_id__in=filters.organisation
                )
            )
        )
    if filters.year:
        # A practice covers every year of its period.
        year_q = Q()
        for year in filters.year:
            year_q |= (
                Q(year_start__lte=year, year_end__gte=year)
                | Q(year_start=year, year_end__isnull=True)
                | Q(year_start__isnull=True, year_end=year)
            )
        conditions["year"] = year_q
    if filters.language:
        conditions["language"] = Q(language__in=filters.language)
    if filters.outcomes:
        conditions["outcomes"] = Q(has_outcomes=True)
    return conditions


def _filtered(qs: QuerySet[Practice], filters: Filters, *, skip: str = "") -> QuerySet[Practice]:
    """Apply every filter but `skip`: a facet's counts ignore its own selection."""
    if filters.q:
        qs = qs.filter(filters.search.matches())
    for name, condition in _conditions(filters).items():
        if name != skip:
            qs = qs.filter(condition)
    return qs


def _sorted(qs: QuerySet[Practice], filters: Filters) -> QuerySet[Practice]:
    sort = filters.effective_sort
    if sort == "relevance":
        return qs.annotate(rank=relevance(filters.search)).order_by("-rank", "-published_at", "-pk")
    if sort == "useful":
        return qs.order_by("-useful_count", "-published_at", "-pk")
    return qs.order_by("-published_at", "-pk")


def practices_search(*, params: Mapping[str, str | list[str]], user: Any) -> QuerySet[Practice]:
    """Published practices `user` may read (Practice.objects.visible_to(user)), filtered by the
    list's GET parameters (q, theme (slug, repeatable), country (ISO alpha-2, repeatable), kind,
    organisation (id), year, language, outcomes=1), ordered by `sort` (relevance when q is
    given, else newest; 'newest', 'useful')."""
    filters = Filters.from_params(params)
    return _sorted(_filtered(Practice.objects.visible_to(user), filters), filters)
