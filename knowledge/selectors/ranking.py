"""A query as PostgreSQL matches and ranks it (the rule is written out in docs/search.md).

Matching: the query in every language's configuration (OR), so a French query meets French
stems and an English one English stems whatever the practice's language; and, for each
thesaurus concept the query names, every term of that concept in every language as a phrase
(the rest of the query still required), so "NTS" finds "non-technical survey" and
"enquête non technique" finds the English and Spanish practices. One tsquery: the GIN index on
`search_vector` answers it (a Bitmap Index Scan on practice_search).

Ranking: a practice tagged with a theme the query names, then one whose title matches
(in its language, unstemmed, or through the thesaurus), then one that uses the query's own
words rather than a synonym, then PostgreSQL's ts_rank over the weighted vector (title A,
summary B, text C).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    CombinedSearchQuery,
    SearchQuery,
    SearchQueryField,
    SearchRank,
)
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression, RawSQL

from knowledge.models import SEARCH_CONFIGS, SIMPLE_CONFIG, Practice, Theme
from knowledge.selectors.thesaurus import Found, concepts_in, thesaurus, words

# Weights of the rank: a tagged theme outweighs any title, a title any text (ts_rank < 1).
THEME_WEIGHT = 2.0
TITLE_WEIGHT = 1.0
# The query's own words (stemmed in some language) above its thesaurus synonyms: "déminage"
# brings the French practice before the English ones that say "demining".
LITERAL_WEIGHT = 0.5

# websearch syntax: a quoted phrase, a word excluded with "-", "or" between words.
_OPERATOR = re.compile(r'"|(?:^|\s)-\S|\s+or\s+', re.IGNORECASE)

AnyQuery = SearchQuery | CombinedSearchQuery


@dataclass(frozen=True)
class Search:
    q: str
    query: AnyQuery
    literal: AnyQuery  # the query as written, in every language, without the thesaurus
    found: tuple[Found, ...]
    themes: tuple[str, ...]  # slugs of the themes the query names
    # The query only names themes (every word is part of a concept or a theme's name): the
    # practices tagged with them are found even when their text never says it.
    only_themes: bool = False

    def highlight_phrases(self, language: str) -> list[str]:
        """Besides the query, what to mark in a text in `language`: the terms of the concepts
        found in that language and in English (acronyms)."""
        return sorted(
            {
                term.text
                for item in self.found
                for term in item.concept.terms
                if term.language in (language, "en")
            }
        )

    def matches(self) -> Q:
        """The condition on a practice: its vector matches, or it is tagged as the query says.

        The tagged ids are an array from an InitPlan, so PostgreSQL ORs a bitmap of the primary
        key with the GIN index's bitmap (BitmapOr) instead of filtering every row.
        """
        condition = Q(search_vector=self.query)
        if self.only_themes and self.themes:
            # Table names from the models; the slugs are a parameter.
            tagged = RawSQL(  # noqa: S611
                f'"{Practice._meta.db_table}"."id" = ANY(ARRAY('  # noqa: S608
                f"SELECT pt.practice_id FROM {Practice.themes.through._meta.db_table} pt"
                f" JOIN {Theme._meta.db_table} t ON t.id = pt.theme_id WHERE t.slug = ANY(%s)))",
                [list(self.themes)],
                output_field=BooleanField(),
            )
            condition |= Q(tagged)
        return condition


def _any(queries: list[AnyQuery]) -> AnyQuery:
    combined = queries[0]
    for query in queries[1:]:
        combined = combined | query
    return combined


class _Parts(SearchQuery):
    """A tsquery from parts, built in the database by a function of migration 0009:
    `portal_tsquery_any` (OR of the distinct non-empty parts) or `portal_tsquery_all_or_none`.
    Immutable with constant arguments, so PostgreSQL computes it once, when planning."""

    def __init__(self, function: str, parts: list[SearchQuery]) -> None:
        Func.__init__(self, *parts, output_field=SearchQueryField())
        self.function = function
        self.config = None
        self.invert = False

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        template = "%(function)s(ARRAY[%(expressions)s]::tsquery[])"
        return Func.as_sql(self, compiler, connection, template=template, **extra)


def _every(queries: list[AnyQuery]) -> AnyQuery:
    combined = queries[0]
    for query in queries[1:]:
        combined = combined & query
    return combined


def _in_every_language(text: str) -> list[SearchQuery]:
    return [SearchQuery(text, search_type="websearch", config=config) for config in SEARCH_CONFIGS]


def _either(parts: list[SearchQuery]) -> _Parts:
    """OR of the distinct parts: what several configurations analyse alike is kept once."""
    return _Parts("portal_tsquery_any", parts)


def _concept_parts(found: Found) -> list[SearchQuery]:
    """Any term of the concept, as a phrase, stemmed in its language and unstemmed."""
    seen: set[tuple[str, str]] = set()
    parts = []
    for term in found.concept.terms:
        for config in (term.config, SIMPLE_CONFIG):
            if (config, term.text) not in seen:
                seen.add((config, term.text))
                parts.append(SearchQuery(term.text, search_type="phrase", config=config))
    return parts


def _themes_named(
    query_words: list[str], found: list[Found], theme_names: tuple
) -> tuple[tuple[str, ...], bool]:
    """The slugs of the themes the query names, and whether it names nothing else."""
    slugs = {slug for item in found for slug in item.concept.themes}
    whole = bool(found) and all(
        any(item.start <= i < item.stop and item.concept.themes for item in found)
        for i in range(len(query_words))
    )
    inside = {i for item in found for i in range(item.start + 1, item.stop)}
    for slug, name in theme_names:
        # A theme's name counts where it starts a word the thesaurus did not place inside a
        # longer concept ("technical survey" is not named by "non-technical survey").
        for start in range(len(query_words) - len(name) + 1):
            if (
                name
                and start not in inside
                and tuple(query_words[start : start + len(name)]) == name
            ):
                slugs.add(slug)
                whole = whole or list(name) == query_words
    return tuple(sorted(slugs)), whole and bool(slugs)


def search_for(q: str) -> Search:
    """The query in every language's configuration, OR each concept it names (any of its terms,
    as phrases) with the rest of the query required."""
    query_words = words(q)
    known = thesaurus()
    found: list[Found] = []
    # Expansion keeps websearch's operators exact: a query using them is matched as written.
    if not _OPERATOR.search(q):
        found = concepts_in(query_words, known.concepts)
    literal = _either(_in_every_language(q))
    query: AnyQuery = literal
    if found:
        expansion: AnyQuery = _every([_either(_concept_parts(item)) for item in found])
        named = {i for item in found for i in range(item.start, item.stop)}
        rest = " ".join(word for i, word in enumerate(query_words) if i not in named)
        if rest:
            # Empty when a configuration drops the rest as stop words ("in", "de"): the
            # concepts alone then (an empty operand of && leaves the other).
            rests = _in_every_language(rest)
            expansion = expansion & _Parts("portal_tsquery_all_or_none", rests)
        query = literal | expansion
    themes, only_themes = _themes_named(query_words, found, known.theme_names)
    return Search(q, query, literal, tuple(found), themes, only_themes)


class _TitleMatches(Func):
    """The query matched against the title's lexemes only (weight A)."""

    template = "(ts_filter(%(expressions)s))"
    arg_joiner = ", '{a}') @@ ("
    output_field = BooleanField()


class _Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def relevance(search: Search) -> CombinedExpression:
    """The rank of a practice for `search` (higher first)."""
    rank = SearchRank(F("search_vector"), search.query, normalization=Value(32))
    title = Case(
        When(_TitleMatches(F("search_vector"), search.query), then=Value(TITLE_WEIGHT)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    score = rank + title
    if search.found:
        literal = Case(
            When(_Matches(F("search_vector"), search.literal), then=Value(LITERAL_WEIGHT)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        score = score + literal
    if search.themes:
        tagged = Exists(
            Practice.themes.through.objects.filter(
                practice_id=OuterRef("pk"), theme__slug__in=search.themes
            )
        )
        score = score + Case(
            When(tagged, then=Value(THEME_WEIGHT)), default=Value(0.0), output_field=FloatField()
        )
    return score
