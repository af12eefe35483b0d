"""The mine action thesaurus as search reads it: which concepts a query names, and where.

The concepts and their terms (knowledge/thesaurus.csv, editable in the admin) are read once per
version of the knowledge base's words (WORDS_TOPIC: its tables, the themes' and the titles') and
matched in Python: 47 concepts and about 500 terms, under a millisecond for a query of ten words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection

from knowledge.models import Theme, ThesaurusConcept, ThesaurusTerm, language_config
from knowledge.selectors.common import WORDS_TOPIC
from portal.datachanges import cached

_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalised(text: str) -> str:
    """Lower case without accents or other combining marks, as `unaccent` compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The words of `text`, normalised; hyphens and apostrophes split words, as PostgreSQL's
    parser does ("non-technical" is "non" "technical")."""
    return _TOKEN.findall(normalised(text))


def same_word(a: str, b: str) -> bool:
    """The same word or another form of it: a shared beginning of four letters or more that
    leaves at most three letters of either ("survey"/"surveys", "обстеження"/"обстеженням").

    A crude stemmer that works the same for every language, Ukrainian included, for which
    PostgreSQL has none; the database's stemmers still decide what a practice's text matches.
    """
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= 4 and shared >= max(len(a), len(b)) - 3


@dataclass(frozen=True)
class Term:
    language: str
    text: str
    words: tuple[str, ...]

    @property
    def config(self) -> str:
        return language_config(self.language)


@dataclass(frozen=True)
class Concept:
    slug: str
    themes: tuple[str, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Found:
    """A concept named by the words start..stop-1 of a query."""

    concept: Concept
    start: int
    stop: int


_LOAD_SQL = """
SELECT c.slug, c.themes, t.language, t.text
FROM {terms} t JOIN {concepts} c ON c.id = t.concept_id
UNION ALL
SELECT slug, NULL, NULL, name FROM {themes}
ORDER BY 1, 3, 4
"""


@dataclass(frozen=True)
class Thesaurus:
    concepts: tuple[Concept, ...]
    theme_names: tuple[tuple[str, tuple[str, ...]], ...]  # (slug, the words of its name)


def _load() -> Thesaurus:
    """The concepts with their terms, and the themes' names, in one query."""
    sql = _LOAD_SQL.format(
        terms=ThesaurusTerm._meta.db_table,
        concepts=ThesaurusConcept._meta.db_table,
        themes=Theme._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    concepts: dict[str, tuple[tuple[str, ...], list[Term]]] = {}
    theme_names = []
    for slug, themes, language, text in rows:
        if language is None:
            theme_names.append((slug, tuple(words(text))))
            continue
        split = tuple(words(text))
        if split:
            concepts.setdefault(slug, (tuple(themes), []))[1].append(Term(language, text, split))
    return Thesaurus(
        tuple(Concept(slug, themes, tuple(terms)) for slug, (themes, terms) in concepts.items()),
        tuple(theme_names),
    )


def thesaurus() -> Thesaurus:
    """Every concept with its terms, and the theme names; kept until one of them changes."""
    return cached(WORDS_TOPIC, "thesaurus", _load, local=True)


def _matches_at(query: list[str], position: int, term: Term) -> bool:
    end = position + len(term.words)
    return end <= len(query) and all(
        same_word(q, t) for q, t in zip(query[position:end], term.words, strict=True)
    )


def concepts_in(query_words: list[str], concepts: tuple[Concept, ...]) -> list[Found]:
    """The concepts the query names, left to right, each at its longest term
    ("non-technical survey" is one concept, not "technical survey" inside it)."""
    found: list[Found] = []
    position = 0
    while position < len(query_words):
        best: Found | None = None
        for concept in concepts:
            for term in concept.terms:
                length = len(term.words)
                if (best is None or length > best.stop - best.start) and _matches_at(
                    query_words, position, term
                ):
                    best = Found(concept, position, position + length)
        if best is None:
            position += 1
        else:
            found.append(best)
            position = best.stop
    return found


def known_words() -> frozenset[str]:
    """Every word of every term: never respelled by "did you mean"."""
    return frozenset(
        word for concept in thesaurus().concepts for term in concept.terms for word in term.words
    )
