"""The list page: facet counts, the cached ordered results, snippets and result cards."""

from __future__ import annotations

import html
import operator
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from knowledge import search_index
from knowledge.models import LANGUAGES, STEMMED_CONFIGS, Practice, Theme, language_config
from knowledge.selectors import indexed
from knowledge.selectors.common import TOPIC, cache_name, reader
from knowledge.selectors.search import FILTERS, Filters, _conditions, _filtered, _sorted
from portal.countries import country_names
from portal.datachanges import cached
from portal.models import Organisation
from portal.querysets import in_order

# Private-use characters mark the highlighted words, so the text around them can be escaped
# before the marks become <mark> tags.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    theme: list[FacetOption] = field(default_factory=list)
    country: list[FacetOption] = field(default_factory=list)
    kind: list[FacetOption] = field(default_factory=list)
    organisation: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)
    language: list[FacetOption] = field(default_factory=list)
    outcomes: FacetOption | None = None
    total: int = 0


PAGE_SIZE = 20  # results a page of the list shows
ORG_FACET_LIMIT = 50  # the organisations with most practices; a selected one is always shown
_FLAG_COLUMNS = {name: f"f_{name}" for name in FILTERS}
_MATCH_COLUMNS = ("id", "kind", "language", "countries", "year_start", "year_end", "has_outcomes")

_FACETS_SQL = """
WITH m ({columns}) AS MATERIALIZED ({matched})
SELECT 'theme', pt.theme_id::text, count(*) FROM m, LATERAL (
        SELECT theme_id FROM {practice_themes} WHERE practice_id = m.id OFFSET 0
    ) AS pt
    WHERE {theme} GROUP BY pt.theme_id
UNION ALL
SELECT 'country', c.code, count(*) FROM m, unnest(m.countries) AS c (code)
    WHERE {country} GROUP BY c.code
UNION ALL
SELECT 'kind', m.kind, count(*) FROM m WHERE {kind} GROUP BY m.kind
UNION ALL
SELECT 'organisation', po.organisation_id::text, count(*) FROM m, LATERAL (
        SELECT organisation_id FROM {practice_organisations} WHERE practice_id = m.id OFFSET 0
    ) AS po
    WHERE {organisation} GROUP BY po.organisation_id
UNION ALL
SELECT 'year', y.year::text, count(*) FROM m,
    generate_series(coalesce(m.year_start, m.year_end)::integer,
                    coalesce(m.year_end, m.year_start)::integer) AS y (year)
    WHERE {year} GROUP BY y.year
UNION ALL
SELECT 'language', m.language, count(*) FROM m WHERE {language} GROUP BY m.language
UNION ALL
SELECT 'outcomes', '1', count(*) FROM m WHERE m.has_outcomes AND {outcomes}
UNION ALL
SELECT 'total', '', count(*) FROM m WHERE {total}
"""


@contextmanager
def _planned(filters: Filters) -> Iterator[None]:
    """Run the list's heavy queries with the GIN index, for this transaction only.

    With a search, reading every row's TOASTed search vector in a sequential scan is slower
    than the GIN index even when most rows match. Without a search the planner's defaults
    stand. (JIT is off for every connection: settings.)
    """
    if not filters.q:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        yield


def _facet_rows(filters: Filters, user: Any) -> dict[str, dict[str, int]]:
    """Every facet's counts and the number of results, in one query.

    The search is matched once: the practices that pass all active filters but at most one are
    kept in a CTE with a column per filter saying whether they pass it, and each facet counts
    the rows passing all the other filters. A row's themes and organisations are looked up by
    index for the rows counted (OFFSET 0 keeps the planner from hashing the whole link table).
    """
    conditions = _conditions(filters)
    matched = Practice.objects.visible_to(user).order_by()
    if filters.q:
        matched = matched.filter(filters.search.matches())
    if len(conditions) > 1:
        # A row counts in some facet only if it fails at most one filter.
        names = list(conditions)
        matched = matched.filter(
            reduce(
                operator.or_,
                (
                    reduce(operator.and_, (conditions[n] for n in names if n != skip))
                    for skip in names
                ),
            )
        )
    flags = {
        _FLAG_COLUMNS[name]: ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    matched = matched.annotate(**flags).values(*_MATCH_COLUMNS, *flags)
    matched_sql, params = matched.query.sql_with_params()

    def passing(skip: str = "") -> str:
        return " AND ".join(
            [f"m.{_FLAG_COLUMNS[name]}" for name in conditions if name != skip] or ["TRUE"]
        )

    sql = _FACETS_SQL.format(
        columns=", ".join((*_MATCH_COLUMNS, *flags)),
        matched=matched_sql,
        practice_themes=Practice.themes.through._meta.db_table,
        practice_organisations=Practice.organisations.through._meta.db_table,
        total=passing(),
        **{name: passing(name) for name in FILTERS},
    )
    rows: dict[str, dict[str, int]] = {name: {} for name in (*FILTERS, "total")}
    with _planned(filters), connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, n in cursor.fetchall():
            if value is not None:
                rows[facet][value] = n
    return rows


def _compute_facets(filters: Filters, user: Any, rows: dict | None = None) -> Facets:
    rows = _facet_rows(filters, user) if rows is None else rows
    facets = Facets(total=rows["total"].get("", 0))

    by_theme = {int(pk): n for pk, n in rows["theme"].items()}
    facets.theme = [
        FacetOption(theme.slug, str(theme), by_theme.get(theme.pk, 0), theme.slug in filters.theme)
        for theme in Theme.objects.order_by("name")
        if by_theme.get(theme.pk) or theme.slug in filters.theme
    ]

    by_country = rows["country"]
    names = country_names()
    for code in filters.country:
        by_country.setdefault(code, 0)
    facets.country = sorted(
        (
            FacetOption(code, names.get(code, code), n, code in filters.country)
            for code, n in by_country.items()
        ),
        key=lambda option: option.label,
    )

    by_kind = rows["kind"]
    facets.kind = [
        FacetOption(value, str(label), by_kind.get(value, 0), value in filters.kind)
        for value, label in Practice.Kind.choices
        if by_kind.get(value) or value in filters.kind
    ]

    by_org = {int(pk): n for pk, n in rows["organisation"].items()}
    shown = sorted(by_org, key=lambda pk: (-by_org[pk], pk))[:ORG_FACET_LIMIT]
    organisations = Organisation.objects.filter(pk__in={*shown, *filters.organisation}).order_by(
        "name"
    )
    facets.organisation = [
        FacetOption(str(org.pk), str(org), by_org.get(org.pk, 0), org.pk in filters.organisation)
        for org in organisations
    ]

    by_year = {int(year): n for year, n in rows["year"].items()}
    for year in filters.year:
        by_year.setdefault(year, 0)
    facets.year = [
        FacetOption(str(year), str(year), n, year in filters.year)
        for year, n in sorted(by_year.items(), reverse=True)
    ]

    by_language = rows["language"]
    facets.language = [
        FacetOption(code, str(label), by_language[code], code in filters.language)
        for code, label in LANGUAGES
        if by_language.get(code) or code in filters.language
    ]

    facets.outcomes = FacetOption("1", "", rows["outcomes"].get("1", 0), filters.outcomes)
    return facets


def _cached_facets(filters: Filters, user: Any) -> Facets:
    name = cache_name("facets", reader(user), get_language(), filters.q, _facet_state(filters))
    return cached(TOPIC, name, lambda: _compute_facets(filters, user))


def _facet_state(filters: Filters) -> tuple:
    return tuple(getattr(filters, name) for name in FILTERS)


def _page_rows(filters: Filters, user: Any, start: int, stop: int) -> list[tuple[int, str]]:
    """The ids of results start..stop-1 in their order, each with its highlighted snippet."""
    found = _sorted(_filtered(Practice.objects.visible_to(user), filters), filters)
    if filters.q:
        found = found.annotate(headline=_headline(filters))
    else:
        found = found.annotate(headline=Value("", output_field=TextField()))
    with _planned(filters):
        return list(found.values_list("pk", "headline")[start:stop])


class PracticeResults:
    """The ordered results of the list, for a Paginator: from the derived index when it is in
    step with this connection, else from PostgreSQL through the cache. `window` is the slice
    the page will ask for, found in the same pass over the index as the count."""

    def __init__(
        self, filters: Filters, user: Any, window: tuple[int, int] = (0, PAGE_SIZE)
    ) -> None:
        self.filters = filters
        self.user = user
        self.window = window
        self._facets: Facets | None = None
        self._search: Any = _UNKNOWN

    @property
    def search(self) -> indexed.Search | None:
        """The index's answer, or None (PostgreSQL answers, through the cache)."""
        if self._search is _UNKNOWN:
            searcher = search_index.searcher()
            self._search = searcher and indexed.Search(
                searcher, self.filters, self.user, self.window
            )
        return self._search

    @property
    def approximate(self) -> bool:
        """The query found nothing as written: these results allow a typing mistake a word."""
        return bool(self.search and self.search.approximate)

    def facets(self) -> Facets:
        """Counts for each filter's options, each under all the other active filters, and the
        number of results (`total`); read once."""
        if self._facets is None:
            if self.search is not None:
                rows = indexed.facet_rows(self.search)
                self._facets = _compute_facets(self.filters, self.user, rows)
            else:
                self._facets = _cached_facets(self.filters, self.user)
        return self._facets

    def count(self) -> int:
        if self.search is not None:
            return self.search.total  # the facets are not needed for the count
        return self.facets().total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Practice]:
        start, stop = index.start or 0, index.stop
        filters = self.filters
        if self.search is not None:
            return self._indexed_page(start, stop)
        name = cache_name("page", reader(self.user), filters, start, stop)
        rows = cached(TOPIC, name, lambda: _page_rows(filters, self.user, start, stop))
        by_id = with_reader_translation(
            practices_for_list(
                Practice.objects.filter(pk__in=[pk for pk, _headline in rows]),
                filters,
                snippet=False,
            ),
            self.user,
        ).in_bulk()
        page = []
        for pk, headline in rows:
            practice = by_id.get(pk)
            if practice is not None:
                practice.headline = headline
                page.append(practice)
        return with_card_tags(page)

    def _indexed_page(self, start: int, stop: int) -> list[Practice]:
        """The page's ids from the index; the practices and their snippets from PostgreSQL
        (what the reader may not see, or no longer exists, is left out)."""
        ids = self.search.ids(start, stop)
        readable = Practice.objects.visible_to(self.user)
        if self.search.approximate:
            # No word as written is in these texts: ts_headline would mark nothing (and took
            # 20 ms a page looking); the cards show their summaries.
            found = practices_for_list(readable, self.filters, snippet=False).annotate(
                headline=Value("", output_field=TextField())
            )
        else:
            found = practices_for_list(readable, self.filters)
        return with_card_tags(in_order(with_reader_translation(found, self.user), ids))


_UNKNOWN = object()
MAX_GUESSED_PAGE = 50


def practice_results(*, params: Mapping[str, Any], user: Any) -> PracticeResults:
    """What practices_search finds, counted and paged; the page `params` asks for is looked
    for with the count (any other page is found when asked for)."""
    try:
        page = int(params.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    if not 1 <= page <= MAX_GUESSED_PAGE:
        page = 1  # the Paginator says what page it is; a far page is looked for when asked
    return PracticeResults(
        Filters.from_params(params), user, ((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    )


# Block elements end with a separator before ts_headline drops the tags, so a heading and the
# paragraph after it don't read as one sentence ("Lições · Rever os registos", not "Lições Rever").
_BLOCK_END = r"(</(?:h[1-6]|p|li|td|th|dt|dd|blockquote|pre)>)"
BLOCK_SEPARATOR = " \u00b7 "


# ts_headline's options: at most two fragments of 15 to 40 words, the matches between marks.
_HEADLINE_OPTIONS = {
    "StartSel": _MARK_START,
    "StopSel": _MARK_STOP,
    "MaxWords": 40,
    "MinWords": 15,
    "MaxFragments": 2,
    "FragmentDelimiter": " \u2026 ",
}


def _headline(filters: Filters) -> RawSQL:
    """The snippet of each practice, highlighted in its own language.

    Each language gets its own small query (the query in that language's configuration and the
    thesaurus terms found, in that language and English): ts_headline's cost grows with the
    query, and the whole search's tsquery (every language, every variant) took 0.1 to 3 s a
    row on long texts at scale (20,000 practices); the small one takes about a millisecond.
    Written as SQL: as Django expressions its six branches took 12 ms a page to compile.
    """
    table = connection.ops.quote_name(Practice._meta.db_table)
    # body_html, not the Markdown: ts_headline drops the tags, leaving clean text.
    text = f"{table}.summary || %s || regexp_replace({table}.body_html, %s, %s, 'gi')"
    text_params = [" \u2026 ", _BLOCK_END, BLOCK_SEPARATOR + r"\1"]
    options = ", ".join(
        connection.ops.compose_sql(f"{name}=%s", [value])
        for name, value in _HEADLINE_OPTIONS.items()
    )
    branches: list[str] = []
    params: list[Any] = []
    for code in (*STEMMED_CONFIGS, ""):
        config = language_config(code)
        phrases = filters.search.highlight_phrases(code)
        query = " || ".join(
            ["websearch_to_tsquery(%s::regconfig, %s)"]
            + ["phraseto_tsquery(%s::regconfig, %s)"] * len(phrases)
        )
        branches.append(
            ("WHEN %s THEN " if code else "ELSE ")
            + f"ts_headline(%s::regconfig, {text}, {query}, %s)"
        )
        params += [code] if code else []
        params += [config, *text_params, config, filters.q]
        params += [value for phrase in phrases for value in (config, phrase)]
        params.append(options)
    sql = f"CASE {table}.language {' '.join(branches)} END"
    return RawSQL(sql, params, output_field=TextField())  # noqa: S611 - names from the model


def practices_for_list(
    qs: QuerySet[Practice], filters: Filters, *, snippet: bool = True
) -> QuerySet[Practice]:
    """What a result card shows, but its tags (`with_card_tags`): a highlighted snippet."""
    qs = qs.defer("body", "body_html")
    if filters.q and snippet:
        qs = qs.annotate(headline=_headline(filters))
    return qs


def with_card_tags(practices: list[Practice]) -> list[Practice]:
    """Each card's tags: `theme_names` (translated) and `organisation_labels` (acronym, else
    name), each by name. Two narrow queries: prefetching the themes and organisations built
    some 80 model instances a page, 11 ms of a list page's 45 (benchmarks/NOTES.md)."""
    ids = [practice.pk for practice in practices]
    themes: dict[int, list[str]] = {pk: [] for pk in ids}
    organisations: dict[int, list[str]] = {pk: [] for pk in ids}
    tagged = Practice.themes.through.objects.filter(practice_id__in=ids)
    for pk, name in tagged.order_by("theme__name").values_list("practice_id", "theme__name"):
        themes[pk].append(gettext(name))
    named = Practice.organisations.through.objects.filter(practice_id__in=ids)
    rows = named.order_by("organisation__name").values_list(
        "practice_id", "organisation__acronym", "organisation__name"
    )
    for pk, acronym, name in rows:
        organisations[pk].append(acronym or name)
    for practice in practices:
        practice.theme_names = themes[practice.pk]
        practice.organisation_labels = organisations[practice.pk]
    return practices


def reader_language() -> str:
    """The interface language, as a content language code ("" when no content can be in it)."""
    code = (get_language() or "").split("-")[0]
    return code if code in {code for code, _label in LANGUAGES} else ""


def with_reader_translation(qs: QuerySet[Practice], user: Any) -> QuerySet[Practice]:
    """Each practice with `reader_translation_slug`: the slug of a version in the reader's
    language that `user` may read (the original or another translation), or None.

    A subquery in the same query, so a list shows "Read in Français" without a query per card.
    """
    language = reader_language()
    if not language:
        return qs.annotate(reader_translation_slug=Value(None, output_field=CharField()))
    versions = (
        Practice.objects.visible_to(user)
        .filter(language=language)
        .exclude(pk=OuterRef("pk"))
        .exclude(language=OuterRef("language"))
        .filter(
            Q(pk=OuterRef("translation_of_id"))
            | Q(translation_of_id=OuterRef("pk"))
            | Q(translation_of_id=OuterRef("translation_of_id"))
        )
        .order_by("-published_at", "pk")
        .values("slug")[:1]
    )
    return qs.annotate(reader_translation_slug=Subquery(versions))


def highlighted(headline: str) -> SafeString:
    """Escape a search headline, keeping only the <mark> tags PostgreSQL put around matches."""
    # Entities from body_html are decoded first, so everything is escaped exactly once.
    safe = escape(html.unescape(headline))
    parts = re.split(f"({_MARK_START}|{_MARK_STOP})", safe)
    out, open_mark = [], False
    for part in parts:
        if part == _MARK_START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif part == _MARK_STOP and open_mark:
            out.append("</mark>")
            open_mark = False
        elif part not in (_MARK_START, _MARK_STOP):
            out.append(part)
    if open_mark:
        out.append("</mark>")
    return mark_safe(  # noqa: S308 - every part was escaped above; only our tags are added
        "".join(out)
    )
