""" "Did you mean": a respelling of the query in one language, offered only when it helps."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import connection

from knowledge.models import Practice, ThesaurusTerm
from knowledge.selectors.common import TOPIC, WORDS_TOPIC, cache_name, reader
from knowledge.selectors.listing import _planned, practice_results
from knowledge.selectors.search import MAX_VALUES, Filters, practices_search
from knowledge.selectors.thesaurus import normalised
from portal.datachanges import cached, cached_latest

_WORD = re.compile(r"[^\W\d_][\w-]*[\w]|[^\W\d_]", re.UNICODE)
_OPERATORS = {"or", "and", "not"}
# Words this short ("de", "la", "of") are never respelled: too many words are close to them.
MIN_RESPELLED = 3
# A query that finds something keeps it unless the respelling finds this many times as much.
FAR_MORE = 3
_VOCABULARY_SQL = """
SELECT DISTINCT trim(both '-' from word) AS word, language
FROM (
    SELECT regexp_split_to_table(lower(title), '[^[:alnum:]-]+') AS word, language
    FROM ({visible}) AS visible
    UNION ALL
    SELECT regexp_split_to_table(lower(name), '[^[:alnum:]-]+'), 'en' FROM knowledge_theme
    UNION ALL
    SELECT regexp_split_to_table(lower(text), '[^[:alnum:]-]+'), language FROM {terms}
) AS words
WHERE length(word) > 2
ORDER BY 1, 2
"""

# pg_trgm's `%` (the default pg_trgm.similarity_threshold): a respelling at least this similar.
SIMILARITY_THRESHOLD = 0.3


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of `text`: each word (letters, marks and digits) lower-cased, with two
    spaces before it and one after."""
    grams: set[str] = set()
    word: list[str] = []
    for char in f"{text.lower()} ":
        if char.isalnum() or unicodedata.category(char)[0] == "M":
            word.append(char)
        elif word:
            padded = f"  {''.join(word)} "
            grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
            word = []
    return frozenset(grams)


class Vocabulary:
    """The words respellings come from, each with its language, and their trigrams by language.

    pg_trgm's similarity, computed here: a query's unknown words against a few thousand words
    took PostgreSQL 85 ms (each word's trigrams recomputed for every pair); from these sets it
    takes about a millisecond.
    """

    def __init__(self, words: list[tuple[str, str]]) -> None:
        self.words = words  # (word, language)
        self.known = frozenset(normalised(word) for word, _language in words)
        self.grams: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self.postings: dict[str, dict[str, list[int]]] = {}
        for word, language in words:
            entries = self.grams.setdefault(language, [])
            postings = self.postings.setdefault(language, {})
            grams = trigrams(word)
            for gram in grams:
                postings.setdefault(gram, []).append(len(entries))
            entries.append((word, grams))

    def closest(self, term: str, language: str) -> tuple[str, float] | None:
        """The word of `language` most similar to `term` (then the first in code point order,
        as PostgreSQL orders them here), if any is similar enough."""
        grams = trigrams(term)
        shared: dict[int, int] = {}
        for gram in grams:
            for index in self.postings[language].get(gram, ()):
                shared[index] = shared.get(index, 0) + 1
        best: tuple[float, str] | None = None
        entries = self.grams[language]
        for index, common in shared.items():
            word, word_grams = entries[index]
            score = common / (len(grams) + len(word_grams) - common)
            if score >= SIMILARITY_THRESHOLD and (
                best is None or score > best[0] or (score == best[0] and word < best[1])
            ):
                best = (score, word)
        return (best[1], best[0]) if best else None


def _vocabulary(user: Any) -> Vocabulary:
    """The words of the titles `user` may read, of the theme names and of the thesaurus, each
    with its language (a few thousand)."""
    visible_sql, visible_params = (
        Practice.objects.visible_to(user)
        .order_by()
        .values("title", "language")
        .query.sql_with_params()
    )
    sql = _VOCABULARY_SQL.format(visible=visible_sql, terms=ThesaurusTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, visible_params)
        return Vocabulary(cursor.fetchall())


def _respellings(unknown: list[str], user: Any) -> dict[str, dict[str, tuple[str, float]]]:
    """For each language, the closest word of that language to each unknown word."""
    vocabulary = _cached_vocabulary(user)
    by_language: dict[str, dict[str, tuple[str, float]]] = {}
    for language in vocabulary.grams:
        for term in unknown:
            if (closest := vocabulary.closest(term, language)) is not None:
                by_language.setdefault(language, {})[term] = closest
    return by_language


def _cached_vocabulary(user: Any) -> Vocabulary:
    # 0.3 s to build at 100,000 practices: after a publication one reader rebuilds it while the
    # others respell with the words they had (a title's new word missing for a second or two).
    # "trigrams": a name of its own for the class with trigrams, so a value cached before it
    # (a tuple of words and known words) is never unpickled into it.
    name = cache_name("vocabulary-trigrams", reader(user))
    return cached_latest(WORDS_TOPIC, name, lambda: _vocabulary(user))


def _count(q: str, user: Any) -> int:
    found = practice_results(params={"q": q}, user=user)
    if found.search is not None:
        return found.count()

    def count() -> int:
        with _planned(Filters(q=q)):
            return practices_search(params={"q": q}, user=user).count()

    return cached(TOPIC, cache_name("count", reader(user), q), count)


def _best_language(
    unknown: list[str], by_language: dict[str, dict[str, tuple[str, float]]]
) -> dict[str, str]:
    """The respellings in the one language that has a word for every unknown word, the closest
    overall; {} if none has. Words are never taken from two languages ("libertação del terras")."""
    best: tuple[float, str] | None = None
    for language, words in by_language.items():
        if all(term in words for term in unknown):
            score = sum(words[term][1] for term in unknown)
            if best is None or score > best[0] or (score == best[0] and language < best[1]):
                best = (score, language)
    if best is None:
        return {}
    return {term: by_language[best[1]][term][0] for term in unknown}


def search_suggestion(*, q: str, user: Any, found: int | None = None) -> str:
    """A respelling of `q` from words in visible titles, theme names and the thesaurus, or "".

    Only words no practice title, theme or thesaurus term uses are respelled, all in the same
    language; the respelling is offered when `q` finds nothing, or finds far fewer practices
    (FAR_MORE times) than the respelling would. `found` is how many `q` finds, if the caller
    knows (else it is counted, through the cache).
    """
    words = [match.group(0) for match in _WORD.finditer(q)]
    terms = sorted({word.lower() for word in words if word.lower() not in _OPERATORS})
    known = _cached_vocabulary(user).known
    unknown = [
        term for term in terms if len(term) >= MIN_RESPELLED and normalised(term) not in known
    ][:MAX_VALUES]
    if not unknown:
        return ""
    by_language = _respellings(unknown, user)
    best = _best_language(unknown, by_language)
    if not best or all(best[term] == term for term in unknown):
        return ""

    def respell(match: re.Match) -> str:
        word = match.group(0)
        return best.get(word.lower(), word)

    suggestion = _WORD.sub(respell, q)
    if found is None:
        found = _count(q, user)
    if found and _count(suggestion, user) < FAR_MORE * found:
        return ""
    return suggestion
