"""Reads of the knowledge base: search, filters and their facet counts, a practice's page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from knowledge.models import (
    LANGUAGES,
    SEARCH_CONFIG,
    Application,
    Comment,
    Practice,
    Theme,
    UsefulMark,
)
from portal.models import Organisation

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


def _filtered(qs: QuerySet[Practice], filters: Filters, *, skip: str = "") -> QuerySet[Practice]:
    """Apply every filter but `skip`: a facet's counts ignore its own selection."""
    through_themes = Practice.themes.through.objects
    through_orgs = Practice.organisations.through.objects
    if filters.q:
        qs = qs.filter(search_vector=filters.search_query())
    # Within one filter the values are alternatives (OR); different filters narrow (AND).
    if filters.theme and skip != "theme":
        qs = qs.filter(
            Exists(through_themes.filter(practice_id=OuterRef("pk"), theme__slug__in=filters.theme))
        )
    if filters.country and skip != "country":
        qs = qs.filter(countries__overlap=list(filters.country))
    if filters.kind and skip != "kind":
        qs = qs.filter(kind__in=filters.kind)
    if filters.organisation and skip != "organisation":
        qs = qs.filter(
            Exists(
                through_orgs.filter(
                    practice_id=OuterRef("pk"), organisation_id__in=filters.organisation
                )
            )
        )
    if filters.year and skip != "year":
        # A practice covers every year of its period.
        year_q = Q()
        for year in filters.year:
            year_q |= (
                Q(year_start__lte=year, year_end__gte=year)
                | Q(year_start=year, year_end__isnull=True)
                | Q(year_start__isnull=True, year_end=year)
            )
        qs = qs.filter(year_q)
    if filters.language and skip != "language":
        qs = qs.filter(language__in=filters.language)
    if filters.outcomes and skip != "outcomes":
        qs = qs.filter(has_outcomes=True)
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


class _GenerateSeries(Func):
    function = "generate_series"
    template = "%(function)s((%(expressions)s)::integer)"
    arg_joiner = ")::integer, ("
    output_field = IntegerField()


class _Unnest(Func):
    function = "unnest"


def _grouped(qs: QuerySet, expression: Any) -> dict[Any, int]:
    # One GROUP BY per facet; PostgreSQL groups a set-returning select item by its position.
    rows = (
        qs.order_by()
        .annotate(facet_value=expression)
        .values("facet_value")
        .annotate(n=Count("*"))
        .values_list("facet_value", "n")
    )
    return {value: n for value, n in rows if value is not None}


def practice_facets(*, params: Mapping[str, Any], user: Any) -> Facets:
    """Counts for each filter's options, each under all the other active filters."""
    from django_countries import countries as country_names

    filters = Filters.from_params(params)
    visible = Practice.objects.visible_to(user)

    def base(skip: str) -> QuerySet[Practice]:
        return _filtered(visible, filters, skip=skip)

    facets = Facets()

    theme_ids = base("theme").values("pk")
    themes = Theme.objects.annotate(
        n=Count("practices", filter=Q(practices__in=theme_ids))
    ).order_by("name")
    facets.theme = [
        FacetOption(theme.slug, theme.name, theme.n, theme.slug in filters.theme)
        for theme in themes
        if theme.n or theme.slug in filters.theme
    ]

    by_country = _grouped(base("country"), _Unnest(F("countries")))
    for code in filters.country:
        by_country.setdefault(code, 0)
    facets.country = sorted(
        (
            FacetOption(code, str(country_names.name(code) or code), n, code in filters.country)
            for code, n in by_country.items()
        ),
        key=lambda option: option.label,
    )

    by_kind = _grouped(base("kind"), F("kind"))
    facets.kind = [
        FacetOption(value, str(label), by_kind.get(value, 0), value in filters.kind)
        for value, label in Practice.Kind.choices
        if by_kind.get(value) or value in filters.kind
    ]

    org_ids = base("organisation").values("pk")
    organisations = (
        Organisation.objects.annotate(n=Count("practices", filter=Q(practices__in=org_ids)))
        .filter(Q(n__gt=0) | Q(pk__in=filters.organisation))
        .order_by("name")
    )
    facets.organisation = [
        FacetOption(str(org.pk), str(org), org.n, org.pk in filters.organisation)
        for org in organisations
    ]

    by_year = _grouped(
        base("year").filter(Q(year_start__isnull=False) | Q(year_end__isnull=False)),
        _GenerateSeries(Coalesce("year_start", "year_end"), Coalesce("year_end", "year_start")),
    )
    for year in filters.year:
        by_year.setdefault(year, 0)
    facets.year = [
        FacetOption(str(year), str(year), n, year in filters.year)
        for year, n in sorted(by_year.items(), reverse=True)
    ]

    by_language = _grouped(base("language"), F("language"))
    facets.language = [
        FacetOption(code, str(label), by_language[code], code in filters.language)
        for code, label in LANGUAGES
        if by_language.get(code) or code in filters.language
    ]

    facets.outcomes = FacetOption(
        "1",
        "",
        base("outcomes").filter(has_outcomes=True).count(),
        filters.outcomes,
    )
    return facets


def practices_for_list(qs: QuerySet[Practice], filters: Filters) -> QuerySet[Practice]:
    """What a result card shows: themes, organisations, and a highlighted snippet."""
    qs = qs.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
    ).defer("body", "body_html")
    if filters.q:
        qs = qs.annotate(
            headline=SearchHeadline(
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
        )
    return qs


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

_SUGGEST_SQL = """
WITH vocabulary AS (
    SELECT DISTINCT trim(both '-' from word) AS word
    FROM (
        SELECT regexp_split_to_table(lower(title), '[^[:alnum:]-]+') AS word
        FROM ({visible}) AS visible
        UNION ALL
        SELECT regexp_split_to_table(lower(name), '[^[:alnum:]-]+') FROM knowledge_theme
    ) AS words
    WHERE length(word) > 2
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


def search_suggestion(*, q: str, user: Any) -> str:
    """A respelling of `q` from words in visible titles and theme names, or "" if none helps.

    One query: the vocabulary is split out of the titles on the fly and matched with pg_trgm's
    similarity (`%` uses pg_trgm.similarity_threshold, 0.3 by default).
    """
    words = [match.group(0) for match in _WORD.finditer(q)]
    terms = sorted({word.lower() for word in words if word.lower() not in _OPERATORS})
    if not terms:
        return ""
    visible_sql, visible_params = (
        Practice.objects.visible_to(user).order_by().values("title").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _SUGGEST_SQL.format(visible=visible_sql), [*visible_params, terms[:MAX_VALUES]]
        )
        best = {term: word for term, word in cursor.fetchall() if word}
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


def practices_related(*, practice: Practice, user: Any, limit: int = 5) -> list[Practice]:
    """Up to `limit` readable practices sharing themes or countries, most in common first."""
    theme_ids = [theme.pk for theme in practice.themes.all()]
    shares_theme = Exists(
        Practice.themes.through.objects.filter(practice_id=OuterRef("pk"), theme_id__in=theme_ids)
    )
    # The practice in other languages is listed as a translation, not as related.
    root_id = practice.translation_of_id or practice.pk
    candidates = Practice.objects.visible_to(user).exclude(
        Q(pk=practice.pk)
        | Q(pk=root_id)
        | Q(translation_of_id=root_id)
        | Q(translation_of_id=practice.pk)
    )
    same_country = Q(countries__overlap=practice.countries) if practice.countries else Q(pk__in=[])
    match = same_country
    if theme_ids:
        match |= shares_theme
    return list(
        candidates.filter(match)
        .annotate(
            shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            same_country=Case(When(same_country, then=Value(1)), default=Value(0)),
        )
        .order_by("-shared_themes", "-same_country", "-published_at", "-pk")
        .only("slug", "title", "kind", "countries", "year_start", "year_end", "published_at")[
            :limit
        ]
    )


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
