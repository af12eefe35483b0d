"""Reads of the knowledge base: search, filters and their facet counts, a practice's page."""

from __future__ import annotations

import hashlib
import html
import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from knowledge.models import (
    LANGUAGES,
    SEARCH_CONFIG,
    Application,
    Comment,
    Practice,
    Theme,
    UsefulMark,
)
from portal.countries import country_names
from portal.datachanges import cached
from portal.models import Organisation

TOPIC = "knowledge"  # the cached reads below are kept until a table of it is written

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

    def search_query(self) -> SearchQuery | None:
        if not self.q:
            return None
        return SearchQuery(self.q, search_type="websearch", config=SEARCH_CONFIG)


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
        qs = qs.filter(search_vector=filters.search_query())
    for name, condition in _conditions(filters).items():
        if name != skip:
            qs = qs.filter(condition)
    return qs


def _sorted(qs: QuerySet[Practice], filters: Filters) -> QuerySet[Practice]:
    sort = filters.effective_sort
    if sort == "relevance":
        return qs.annotate(rank=SearchRank(F("search_vector"), filters.search_query())).order_by(
            "-rank", "-published_at", "-pk"
        )
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


# -- The list page -----------------------------------------------------------------------------


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
        matched = matched.filter(search_vector=filters.search_query())
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


def _compute_facets(filters: Filters, user: Any) -> Facets:
    rows = _facet_rows(filters, user)
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


def _reader(user: Any) -> str:
    """What a reader may see depends only on this (PracticeQuerySet.visible_to)."""
    return "member" if user is not None and user.is_authenticated else "public"


def _name(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _cached_facets(filters: Filters, user: Any) -> Facets:
    name = _name("facets", _reader(user), get_language(), filters.q, _facet_state(filters))
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
    """The ordered results of the list, for a Paginator: the count and each page's ids are kept
    until the knowledge base changes; a page's practices are then read by id."""

    def __init__(self, filters: Filters, user: Any) -> None:
        self.filters = filters
        self.user = user
        self._facets: Facets | None = None

    def facets(self) -> Facets:
        """Counts for each filter's options, each under all the other active filters, and the
        number of results (`total`); kept until the knowledge base changes, read once."""
        if self._facets is None:
            self._facets = _cached_facets(self.filters, self.user)
        return self._facets

    def count(self) -> int:
        return self.facets().total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Practice]:
        start, stop = index.start or 0, index.stop
        filters = self.filters
        name = _name("page", _reader(self.user), filters, start, stop)
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
        return page


def practice_results(*, params: Mapping[str, Any], user: Any) -> PracticeResults:
    """What practices_search finds, counted and paged through the cache."""
    return PracticeResults(Filters.from_params(params), user)


def _headline(filters: Filters) -> SearchHeadline:
    return SearchHeadline(
        # body_html, not the Markdown: ts_headline drops the tags, leaving clean text.
        Concat("summary", Value(" \u2026 "), "body_html", output_field=TextField()),
        filters.search_query(),
        config=SEARCH_CONFIG,
        start_sel=_MARK_START,
        stop_sel=_MARK_STOP,
        max_words=40,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" \u2026 ",
    )


def practices_for_list(
    qs: QuerySet[Practice], filters: Filters, *, snippet: bool = True
) -> QuerySet[Practice]:
    """What a result card shows: themes, organisations, and a highlighted snippet."""
    qs = qs.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
    ).defer("body", "body_html")
    if filters.q and snippet:
        qs = qs.annotate(headline=_headline(filters))
    return qs


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


# -- "Did you mean" ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w-]*[\w]|[^\W\d_]", re.UNICODE)
_OPERATORS = {"or", "and", "not"}

_VOCABULARY_SQL = """
SELECT DISTINCT trim(both '-' from word) AS word
FROM (
    SELECT regexp_split_to_table(lower(title), '[^[:alnum:]-]+') AS word
    FROM ({visible}) AS visible
    UNION ALL
    SELECT regexp_split_to_table(lower(name), '[^[:alnum:]-]+') FROM knowledge_theme
) AS words
WHERE length(word) > 2
ORDER BY 1
"""

_SUGGEST_SQL = """
WITH vocabulary AS (
    SELECT word FROM unnest(%s::text[]) AS word
),
terms AS (
    SELECT term FROM unnest(%s::text[]) AS term
)
SELECT terms.term, (
    SELECT vocabulary.word FROM vocabulary
    WHERE vocabulary.word = terms.term OR vocabulary.word %% terms.term
    ORDER BY vocabulary.word = terms.term DESC,
             similarity(vocabulary.word, terms.term) DESC,
             vocabulary.word
    LIMIT 1
)
FROM terms
"""


def _vocabulary(user: Any) -> list[str]:
    """The words of the titles `user` may read and of the theme names (a few thousand)."""
    visible_sql, visible_params = (
        Practice.objects.visible_to(user).order_by().values("title").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(_VOCABULARY_SQL.format(visible=visible_sql), visible_params)
        return [word for (word,) in cursor.fetchall()]


def _respellings(terms: list[str], user: Any) -> dict[str, str]:
    vocabulary = cached(TOPIC, _name("vocabulary", _reader(user)), lambda: _vocabulary(user))
    with connection.cursor() as cursor:
        cursor.execute(_SUGGEST_SQL, [vocabulary, terms])
        return {term: word for term, word in cursor.fetchall() if word}


def search_suggestion(*, q: str, user: Any) -> str:
    """A respelling of `q` from words in visible titles and theme names, or "" if none helps.

    The vocabulary is split out of the titles once per version of the knowledge base and kept;
    its words are matched with pg_trgm's similarity (`%` uses pg_trgm.similarity_threshold,
    0.3 by default).
    """
    words = [match.group(0) for match in _WORD.finditer(q)]
    terms = sorted({word.lower() for word in words if word.lower() not in _OPERATORS})
    if not terms:
        return ""
    terms = terms[:MAX_VALUES]
    best = cached(
        TOPIC, _name("respellings", _reader(user), terms), lambda: _respellings(terms, user)
    )
    if all(best.get(term, term) == term for term in terms):
        return ""

    def respell(match: re.Match) -> str:
        word = match.group(0)
        return best.get(word.lower(), word)

    return _WORD.sub(respell, q)


# -- A practice's page ---------------------------------------------------------------------------


def practice_for_detail(*, slug: str) -> Practice | None:
    """The practice with everything its page shows, whatever its status (the view decides)."""
    return (
        Practice.objects.select_related("author", "translation_of")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            "outcomes",
            "attachments",
        )
        .filter(slug=slug)
        .first()
    )


def practice_translations(*, practice: Practice, user: Any) -> list[Practice]:
    """The other-language versions of a practice that `user` may read."""
    root_id = practice.translation_of_id or practice.pk
    return list(
        Practice.objects.visible_to(user)
        .filter(Q(pk=root_id) | Q(translation_of_id=root_id) | Q(translation_of_id=practice.pk))
        .exclude(pk=practice.pk)
        .only("slug", "title", "language")
        .order_by("language", "pk")
    )


_RELATED_SQL = """
WITH shared AS (
    SELECT practice_id, count(*) AS n FROM {practice_themes}
    WHERE theme_id = ANY(%(themes)s) GROUP BY practice_id
),
candidates AS (
    SELECT id, countries, published_at, translation_of_id FROM {practices}
    WHERE status = %(published)s AND visibility = ANY(%(visibilities)s)
        AND id <> ALL(%(excluded)s)
        AND (translation_of_id IS NULL OR translation_of_id <> ALL(%(excluded)s))
)
(
    SELECT c.id, shared.n, c.countries && %(countries)s AS same_country, c.published_at
    FROM shared JOIN candidates c ON c.id = shared.practice_id
    ORDER BY 2 DESC, 3 DESC, 4 DESC, 1 DESC LIMIT %(limit)s
)
UNION ALL
(
    SELECT c.id, 0, TRUE, c.published_at FROM candidates c
    WHERE c.countries && %(countries)s
        AND NOT EXISTS (SELECT 1 FROM shared WHERE shared.practice_id = c.id)
    ORDER BY 4 DESC, 1 DESC LIMIT %(limit)s
)
"""


def _related_ids(practice: Practice, theme_ids: list[int], user: Any, limit: int) -> list[int]:
    # The practice in other languages is listed as a translation, not as related.
    root_id = practice.translation_of_id or practice.pk
    visibilities = [Practice.Visibility.PUBLIC]
    if _reader(user) == "member":
        visibilities.append(Practice.Visibility.MEMBERS)
    sql = _RELATED_SQL.format(
        practice_themes=Practice.themes.through._meta.db_table,
        practices=Practice._meta.db_table,
    )
    params = {
        "themes": theme_ids,
        "published": Practice.Status.PUBLISHED,
        "visibilities": visibilities,
        "excluded": sorted({practice.pk, root_id}),
        "countries": list(practice.countries),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Most themes in common, then the same country, then the newest.
    rows.sort(key=lambda row: (row[1], row[2], row[3], row[0]), reverse=True)
    return [row[0] for row in rows[:limit]]


def _related(practice: Practice, theme_ids: list[int], user: Any, limit: int) -> list[Practice]:
    ids = _related_ids(practice, theme_ids, user, limit)
    by_id = with_reader_translation(
        Practice.objects.filter(pk__in=ids).only(
            "slug",
            "title",
            "kind",
            "countries",
            "year_start",
            "year_end",
            "published_at",
            "language",
        ),
        user,
    ).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


def practices_related(*, practice: Practice, user: Any, limit: int = 5) -> list[Practice]:
    """Up to `limit` readable practices sharing themes or countries, most in common first;
    kept until the knowledge base changes."""
    theme_ids = sorted(theme.pk for theme in practice.themes.all())
    # Each card may link to its version in the reader's language: kept per language too.
    name = _name("related", _reader(user), reader_language(), practice.pk, limit)
    return cached(TOPIC, name, lambda: _related(practice, theme_ids, user, limit))


def practice_applied_countries(*, practice: Practice) -> int:
    return (
        Application.objects.filter(practice=practice)
        .aggregate(n=Count("country", distinct=True))
        .get("n")
        or 0
    )


def practice_marked_useful(*, practice: Practice, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return UsefulMark.objects.filter(practice=practice, user=user).exists()


def practice_comments(*, practice: Practice) -> list[Comment]:
    return list(Comment.objects.filter(practice=practice).select_related("author"))
