"""The list's search, count and facets answered by the derived index (knowledge/search_index.py).

The same rule as ranking.py, for Tantivy (docs/search.md): the query in every analyser (OR),
each concept the thesaurus finds as any of its terms (phrases, in the term's language and as
written) with the rest of the query required, practices tagged with the themes a query only
names; ranked in tiers - tagged theme, title match, the query's own words - then by the text.
"""

from __future__ import annotations

import re
from typing import Any

import tantivy

from knowledge import search_index as ix
from knowledge.selectors.common import reader
from knowledge.selectors.search import FILTERS, Filters
from knowledge.selectors.thesaurus import Found, words

Occur, Query = ix.Occur, ix.Query
ALL_PARTS = tuple(ix.PARTS)
TITLE = ("title",)

# websearch syntax, as PostgreSQL's websearch_to_tsquery reads it: "a phrase", -word, or.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _clauses(q: str) -> list[list[tuple[bool, list[str]]]]:
    """The query's alternatives (split by "or"), each a list of (excluded, words)."""
    alternatives: list[list[tuple[bool, list[str]]]] = []
    current: list[tuple[bool, list[str]]] = []
    for match in _TOKEN.finditer(q):
        minus, quoted, word = match.groups()
        if word is not None and word.lower() == "or" and current:
            alternatives.append(current)
            current = []
            continue
        excluded = bool(minus)
        if word is not None and word.startswith("-") and len(word) > 1:
            excluded, word = True, word[1:]
        found = ix.split(quoted if quoted is not None else word)
        if found:
            current.append((excluded, found))
    if current:
        alternatives.append(current)
    return alternatives


def _literal_in(name: str, alternatives: list, parts: tuple[str, ...]) -> Query | None:
    matched = []
    for alternative in alternatives:
        required = [ix.phrase(name, ws, parts) for excluded, ws in alternative if not excluded]
        required = [query for query in required if query is not None]  # stop words dropped
        if not required:
            continue
        excluded = [ix.phrase(name, ws, ALL_PARTS) for excluded, ws in alternative if excluded]
        clauses = [(Occur.Must, query) for query in required]
        clauses += [(Occur.MustNot, query) for query in excluded if query is not None]
        matched.append(ix._occur(clauses))
    return ix._any(matched)


def _literal(q: str, parts: tuple[str, ...]) -> Query | None:
    alternatives = _clauses(q)
    return ix._any([_literal_in(name, alternatives, parts) for name in ix.ANALYSERS])


def _concept(found: Found, parts: tuple[str, ...]) -> Query:
    """Any term of the concept: the practices that mention it (found when indexed)."""
    field = "title_concepts" if parts == TITLE else "concepts"
    return Query.term_query(ix.SCHEMA, field, found.concept.slug)


def _rest(rest: list[str], parts: tuple[str, ...]) -> Query | None:
    """The words no concept took, in every analyser; nothing when one drops them all (as
    portal_tsquery_all_or_none)."""
    per_analyser = []
    for name in ix.ANALYSERS:
        required = [ix.phrase(name, [word], parts) for word in rest]
        required = [query for query in required if query is not None]
        if not required:
            return None
        per_analyser.append(ix._all(required))
    return ix._any(per_analyser)


def _matching(filters: Filters, parts: tuple[str, ...], *, tagged: bool) -> Query | None:
    search = filters.search
    literal = _literal(filters.q, parts)
    queries = [literal]
    if search.found:
        query_words = words(filters.q)
        named = {i for item in search.found for i in range(item.start, item.stop)}
        rest = [word for i, word in enumerate(query_words) if i not in named]
        expansion = [_concept(item, parts) for item in search.found]
        if rest and (rest_query := _rest(rest, parts)) is not None:
            expansion.append(rest_query)
        queries.append(ix._all(expansion))
    if tagged and search.only_themes and search.themes:
        queries.append(ix.term_set("themes", search.themes))
    return ix._any(queries)


def _ranked(filters: Filters) -> Query | None:
    """What the query matches, scored in the tiers of docs/search.md."""
    match = _matching(filters, ALL_PARTS, tagged=True)
    if match is None:
        return None
    search = filters.search
    clauses = [(Occur.Must, Query.boost_query(match, ix.TEXT_SCALE))]
    if search.themes:
        tagged = ix.term_set("themes", search.themes)
        clauses.append((Occur.Should, Query.const_score_query(tagged, ix.THEME_SCORE)))
    title = _matching(filters, TITLE, tagged=False)
    if title is not None:
        clauses.append((Occur.Should, Query.const_score_query(title, ix.TITLE_SCORE)))
    if search.found:
        literal = _literal(filters.q, ALL_PARTS)
        if literal is not None:
            clauses.append((Occur.Should, Query.const_score_query(literal, ix.LITERAL_SCORE)))
    return ix._occur(clauses)


# Each list filter's field in the index (its values OR-ed; outcomes is a yes/no).
_FILTER_FIELDS = {
    "theme": "themes",
    "country": "countries",
    "kind": "kind",
    "organisation": "organisations",
    "year": "years",
    "language": "language",
}


def _conditions(filters: Filters) -> dict[str, Query]:
    """The active filters as conditions (values of one filter OR-ed, filters AND-ed)."""
    conditions = {
        name: ix.term_set(field, getattr(filters, name))
        for name, field in _FILTER_FIELDS.items()
        if getattr(filters, name)
    }
    if filters.outcomes:
        conditions["outcomes"] = Query.term_query(ix.SCHEMA, "outcomes", 1)
    return conditions


def _readable(user: Any) -> list[tuple[Occur, Query]]:
    """What a visitor may not read left out (PracticeQuerySet.visible_to: members-only needs a
    sign-in; the index holds published practices only)."""
    if reader(user) != "public":
        return []
    public = Query.term_query(ix.SCHEMA, "visibility", "public")
    return [(Occur.Must, Query.const_score_query(public, 0.0))]


def _narrowed(base: Query, filters: Filters, user: Any, *, skip: str = "") -> Query:
    clauses = [(Occur.Must, base), *_readable(user)]
    for name, condition in _conditions(filters).items():
        if name != skip:
            clauses.append((Occur.Must, Query.const_score_query(condition, 0.0)))
    return ix._occur(clauses)


def _edits(word: str) -> int:
    """The typing mistakes forgiven in a word: none under five letters, then one, then two."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def _near(name: str, word: str, parts: tuple[str, ...]) -> Query | None:
    lexeme = ix._analysed(name, word)
    if lexeme is None:
        return None
    fields = [f"{part}_{name}" for part in parts] + ["title_as_written"]
    distance = _edits(word)
    return ix._any(
        [
            Query.fuzzy_term_query(ix.SCHEMA, field, lexeme, distance=distance)
            if distance
            else Query.term_query(ix.SCHEMA, field, lexeme)
            for field in fields
        ]
    )


def _approximate(q: str, parts: tuple[str, ...]) -> Query | None:
    """Every word of the query, each allowed a typing mistake or two, in every analyser (what a
    query that matches nothing as written is answered with)."""
    per_analyser = []
    for name in ix.ANALYSERS:
        for alternative in _clauses(q):
            required = [
                _near(name, word, parts)
                for excluded, group in alternative
                if not excluded
                for word in group
            ]
            required = [query for query in required if query is not None]
            if required:
                per_analyser.append(ix._all(required))
    return ix._any(per_analyser)


def _approximated(filters: Filters) -> Query | None:
    """The query with a typing mistake or two allowed in each word ("techincal survey",
    "Okavngo"), what a query that finds nothing as written is answered with."""
    near = _approximate(filters.q, ALL_PARTS)
    if near is None:
        return None
    title = _approximate(filters.q, TITLE)
    clauses = [(Occur.Must, Query.boost_query(near, ix.TEXT_SCALE))]
    if title is not None:
        clauses.append((Occur.Should, Query.const_score_query(title, ix.TITLE_SCORE)))
    return ix._occur(clauses)


class Search:
    """The list's query matched once for its count and a window of its results.

    `base` is the scored query (every practice without a search; None when it can match
    nothing) and `approximate` says it allows typing mistakes: the query as written matches no
    practice at all. The count and the `window` (start, stop) the page will ask for come from
    one pass over the index; the facets are a second (facet_rows).
    """

    def __init__(
        self, searcher: tantivy.Searcher, filters: Filters, user: Any, window: tuple[int, int]
    ) -> None:
        self.searcher, self.filters, self.user = searcher, filters, user
        self.approximate = False
        self.base = Query.all_query() if not filters.q else _ranked(filters)
        self.total, self._window, self._ids = 0, window, []
        if self.base is not None:
            self.total, self._ids = self._top(*window)
        if self.total or not filters.q:
            return
        # Nothing passed the filters: does the query as written match any practice?
        if self.base is not None and searcher.search(self.base, 1, count=True).count:
            return
        near = _approximated(filters)
        if near is None or not searcher.search(near, 1, count=True).count:
            return
        self.base, self.approximate = near, True
        self.total, self._ids = self._top(*window)

    def _top(self, start: int, stop: int) -> tuple[int, list[int]]:
        query = _narrowed(self.base, self.filters, self.user)
        return _ordered_ids(self.searcher, query, self.filters.effective_sort, start, stop)

    def ids(self, start: int, stop: int) -> list[int]:
        """The ids of results start..stop-1, in the list's order (ties: newest, then highest
        id)."""
        if self.base is None or stop <= start:
            return []
        if (start, stop) == self._window:
            return self._ids
        return self._top(start, stop)[1]


# Each facet's field in the index and how many values it can have.
_FACET_FIELDS = {
    "theme": ("theme_ids", 2_000),
    "country": ("countries", 400),
    "kind": ("kind", 20),
    "organisation": ("organisations", 100_000),
    "year": ("years", 1_000),
    "language": ("language", 50),
    "outcomes": ("outcomes", 2),
}


def _key(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) else str(value)


def facet_rows(search: Search) -> dict[str, dict]:
    """Every facet's counts and the total, in the form listing._facet_rows gives them: each
    facet counted under all the other active filters."""
    rows: dict[str, dict[str, int]] = {name: {} for name in (*FILTERS, "total")}
    rows["total"][""] = search.total
    searcher, filters, user, base = search.searcher, search.filters, search.user, search.base
    if base is None:
        return rows
    active = set(_conditions(filters))
    groups: dict[str, list[str]] = {"": [name for name in FILTERS if name not in active]}
    groups.update({name: [name] for name in active})
    for skip, names in groups.items():
        query = _narrowed(base, filters, user, skip=skip)
        if not names:
            continue
        aggregations = {
            name: {"terms": {"field": _FACET_FIELDS[name][0], "size": _FACET_FIELDS[name][1]}}
            for name in names
        }
        result = searcher.aggregate(query, aggregations)
        for name in names:
            for bucket in result.get(name, {}).get("buckets", []):
                rows[name][_key(bucket["key"])] = bucket["doc_count"]
    rows["outcomes"] = {"1": rows["outcomes"].get("1", 0)} if rows["outcomes"].get("1") else {}
    return rows


def _ordered_ids(
    searcher: tantivy.Searcher, query: Query, sort: str, start: int, stop: int
) -> tuple[int, list[int]]:
    """How many the query matches, and ids start..stop-1 by score ("relevance"), "useful" or
    "newest", ties newest first: one pass over the index (two when ties cross the page end)."""
    if sort == "newest":
        result = searcher.search(
            query, stop - start, count=True, order_by_field="newest", offset=start
        )
        ids = searcher.fast_field_values("id", [address for _key, address in result.hits])
        return result.count, ids
    # By score or by usefulness, then newest: read past the page until the key changes.
    limit = stop + 20
    while True:
        if sort == "useful":
            result = searcher.search(query, limit, count=True, order_by_field="useful")
        else:
            result = searcher.search(query, limit, count=True)
        hits = result.hits
        if len(hits) < limit or hits[min(stop, len(hits)) - 1][0] != hits[-1][0]:
            break
        limit *= 4
    addresses = [address for _key, address in hits]
    items = zip(
        (key for key, _address in hits),
        searcher.fast_field_values("newest", addresses),
        searcher.fast_field_values("id", addresses),
        strict=True,
    )
    return result.count, [pk for _key, _newest, pk in sorted(items, reverse=True)][start:stop]


def related_ids(
    searcher: tantivy.Searcher,
    *,
    family: int,
    themes: list[str],
    countries: list[str],
    user: Any,
    limit: int,
) -> list[int]:
    """Practices sharing themes or a country with a practice (not its own translations): most
    themes in common, then the same country, then the newest (as detail._RELATED_SQL)."""
    shared = [
        (Occur.Should, Query.const_score_query(Query.term_query(ix.SCHEMA, "themes", slug), 10.0))
        for slug in themes
    ]
    if countries:
        same = ix.term_set("countries", countries)
        shared.append((Occur.Should, Query.const_score_query(same, 1.0)))
    if not shared:
        return []
    clauses = [
        (Occur.Must, ix._occur(shared)),
        (Occur.MustNot, Query.term_query(ix.SCHEMA, "family", family)),
        *_readable(user),
    ]
    return _ordered_ids(searcher, ix._occur(clauses), "relevance", 0, limit)[1]
