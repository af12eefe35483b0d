"""The derived search index: the published practices in Tantivy, in-process, on local disk.

PostgreSQL stays the source of truth (decision 0007). This index answers the practice list's
matching, ranking, count and facets - the part that cost a second at 100,000 practices - and
PostgreSQL then reads the page's twenty practices by id and writes their snippets. It is the
same search as `knowledge/selectors/ranking.py`, written for another engine (docs/search.md):
each practice analysed in its own language, the query in every language, the thesaurus, the
same weights.

Kept in step through the queue `knowledge_searchindexchange`, which database triggers fill for
every write to a practice, its links or the themes (migration 0010). Before it answers, a
process compares the queue's version (count and highest id) with the one the index was last
brought to; if they differ it applies the queued practices itself (under a lock), so a reader
sees a change as soon as it is committed - but for useful marks alone (lazy rows), which wait
up to LAZY_LAG seconds for the next update. A reader inside a transaction that wrote (tests, a
view's atomic block) sees what no other connection sees yet: it is answered by PostgreSQL.
Each host keeps its own index (`SEARCH_INDEX_DIR`); `manage.py search_index` rebuilds it.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.db import connection
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 3
# The analysers: PostgreSQL's configurations of migration 0006 (unaccent, then the stemmer).
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese", "ar": "arabic"}
_STOP_WORDS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}
PLAIN = "plain"  # lower case, no accents, no stemmer (uk, km, lo, vi, ja; titles as written)
ANALYSERS = (*STEMMERS, PLAIN)
# A field per analyser and part: the title weighs as PostgreSQL's A against the rest.
PARTS = {"title": 5.0, "text": 1.0}
# The rank's tiers (docs/search.md): a tagged theme, then a title match, then the query's own
# words, each above everything below it; the text's BM25 (scaled down) orders within a tier.
THEME_SCORE, TITLE_SCORE, LITERAL_SCORE, TEXT_SCALE = 2000.0, 1000.0, 500.0, 0.01
_NEWEST_ID_BITS = 24  # "newest" sorts on published seconds then id, packed in one integer
_WRITER_HEAP = 50_000_000
MAX_LAG = datetime.timedelta(minutes=10)  # a late commit is looked for this far back
PRUNE_AFTER = datetime.timedelta(hours=1)  # queue rows older than this are deleted
# A reader that finds another thread or process updating the index does not wait for it: it
# reads the index as it is, behind by what that update applies (a useful mark: about 30 ms of
# lag; a rebuild: its whole duration). Waiting stalled every search of the host at each write.
READER_WAIT = 0.0
# Useful marks alone (lazy queue rows) do not stop a reader for this many seconds: only the
# "most useful" order can be behind, by at most this; it cost a search 30 ms every second.
LAZY_LAG = 10.0


def analyser_of(language: str) -> str:
    return language.split("-")[0] if language.split("-")[0] in STEMMERS else PLAIN


@cache
def analyser(name: str) -> tantivy.TextAnalyzer:
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.lowercase())
    builder = builder.filter(Filter.ascii_fold())
    if name in _STOP_WORDS:
        builder = builder.filter(Filter.stopword(_STOP_WORDS[name]))
    if name in STEMMERS:
        builder = builder.filter(Filter.stemmer(STEMMERS[name]))
    return builder.build()


@lru_cache(maxsize=50_000)
def _analysed(name: str, word: str) -> str | None:
    """One word as analyser `name` indexes it, or None for a stop word."""
    tokens = analyser(name).analyze(word)
    return tokens[0] if tokens else None


def split(text: str) -> list[str]:
    """The words of `text` as the engine sees them (lower case, no accents)."""
    return analyser(PLAIN).analyze(text)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("visibility", tokenizer_name="raw")
    for name in ("kind", "language", "countries", "themes"):
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    # family: the practice a translation is of (else itself), so related practices skip them.
    # theme_ids: what the theme facet counts (the list filters and ranks by slug).
    fields = ("theme_ids", "organisations", "years", "outcomes", "newest", "useful", "family")
    for name in fields:
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ANALYSERS:
        for part in PARTS:
            builder.add_text_field(f"{part}_{name}", tokenizer_name=f"portal_{name}")
    builder.add_text_field("title_as_written", tokenizer_name=f"portal_{PLAIN}")
    # The thesaurus concepts the text and the title name, once per mention (found when the
    # practice is indexed, so a query naming a concept reads one term, not its 500 phrases).
    builder.add_text_field("concepts", tokenizer_name="whitespace")
    builder.add_text_field("title_concepts", tokenizer_name="whitespace")
    return builder.build()


SCHEMA = _schema()


# --- The index on disk ---------------------------------------------------------------------------


def _seen() -> tuple[Path, tuple[int, int, str], tuple[int, int, str]]:
    """This database's index folder, the queue as this connection sees it (its count, highest
    id and that row's time move with every committed write) and the same of its rows that are
    not lazy, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()),"
            " count(*), coalesce(max(id), 0),"
            " (SELECT queued_at FROM knowledge_searchindexchange ORDER BY id DESC LIMIT 1),"
            " count(*) FILTER (WHERE NOT lazy), coalesce(max(id) FILTER (WHERE NOT lazy), 0),"
            " (SELECT queued_at FROM knowledge_searchindexchange WHERE NOT lazy"
            "  ORDER BY id DESC LIMIT 1)"
            " FROM knowledge_searchindexchange"
        )
        oid, count, top, last, urgent_count, urgent_top, urgent_last = cursor.fetchone()
    folder = Path(settings.SEARCH_INDEX_DIR) / f"{connection.settings_dict['NAME']}-{oid}"
    return (
        folder,
        (count, top, last.isoformat() if last else ""),
        (urgent_count, urgent_top, urgent_last.isoformat() if urgent_last else ""),
    )


def _folder() -> Path:
    return _seen()[0]


def queue_version() -> tuple[int, int, str, tuple[int, int, str]]:
    """The queue's version and that of its rows that are not lazy."""
    _folder_, version, urgent = _seen()
    return (*version, urgent)


def _open(path: Path) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    for name in ANALYSERS:
        index.register_tokenizer(f"portal_{name}", analyser(name))
    return index


@dataclass(frozen=True)
class State:
    """What the index holds: the queue's version it was brought to, and when."""

    generation: str
    count: int
    top: int
    last: str
    urgent: tuple[int, int, str]  # the version of the rows that are not lazy
    synced_at: str
    schema: int = SCHEMA_VERSION

    @property
    def version(self) -> tuple[int, int, str]:
        return (self.count, self.top, self.last)

    @property
    def age(self) -> float:
        """Seconds since the index was last brought up to date."""
        synced = datetime.datetime.fromisoformat(self.synced_at)
        return (datetime.datetime.now(tz=datetime.UTC) - synced).total_seconds()


def _read_state(folder: Path) -> State | None:
    try:
        data = json.loads((folder / "state.json").read_text())
        state = State(**{**data, "urgent": tuple(data.get("urgent", ()))})
    except (OSError, ValueError, TypeError):
        return None
    if state.schema != SCHEMA_VERSION or not (folder / state.generation).is_dir():
        return None
    return state


def _write_state(folder: Path, state: State) -> None:
    staged = folder / "state.json.new"
    staged.write_text(json.dumps(state.__dict__))
    staged.replace(folder / "state.json")


_process_lock = threading.Lock()


@contextmanager
def _locked(folder: Path, *, timeout: float) -> Iterator[bool]:
    """One writer per host: a thread lock, then a file lock the other processes see. Yields
    whether it was had within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    if not _process_lock.acquire(timeout=timeout):
        yield False
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "write.lock", "w") as lock:
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        yield False
                        return
                    time.sleep(0.01)
            try:
                yield True
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        _process_lock.release()


# --- Documents ----------------------------------------------------------------------------------

_ROWS_SQL = """
SELECT p.id, p.visibility, p.kind, p.language, p.countries, p.year_start, p.year_end,
       p.has_outcomes, extract(epoch FROM p.published_at)::bigint, p.useful_count,
       p.title, p.summary, p.body, coalesce(p.translation_of_id, p.id),
       ARRAY(SELECT t.slug FROM knowledge_practice_themes pt
             JOIN knowledge_theme t ON t.id = pt.theme_id WHERE pt.practice_id = p.id),
       ARRAY(SELECT pt.theme_id FROM knowledge_practice_themes pt WHERE pt.practice_id = p.id),
       ARRAY(SELECT po.organisation_id FROM knowledge_practice_organisations po
             WHERE po.practice_id = p.id)
FROM knowledge_practice p
WHERE p.status = 'published' AND p.published_at IS NOT NULL {where}
"""


def _years(start: int | None, end: int | None) -> list[int]:
    """A practice covers every year of its period (as the list's year filter reads it)."""
    first, last = start or end, end or start
    if first is None:
        return []
    return list(range(first, min(last, first + 200) + 1)) if last >= first else [first]


class Concepts:
    """Finds the thesaurus concepts in a text, as PostgreSQL's phrase match of every term
    would: each term analysed in its language and as written, looked for in the text analysed
    in the practice's language and in the title as written."""

    def __init__(self) -> None:
        from knowledge.selectors.thesaurus import thesaurus

        self.starting: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for concept in thesaurus().concepts:
            for term in concept.terms:
                for name in {analyser_of(term.language), PLAIN}:
                    tokens = tuple(analyser(name).analyze(term.text))
                    if tokens and (tokens, concept.slug) not in self.starting.get(tokens[0], []):
                        self.starting.setdefault(tokens[0], []).append((tokens, concept.slug))
        for patterns in self.starting.values():
            patterns.sort(key=lambda pattern: -len(pattern[0]))

    def mentions(self, tokens: list[str]) -> list[str]:
        found = []
        for i, token in enumerate(tokens):
            seen = set()
            for pattern, slug in self.starting.get(token, ()):
                if slug not in seen and tuple(tokens[i : i + len(pattern)]) == pattern:
                    seen.add(slug)
                    found.append(slug)
        return found

    def of(self, language: str, title: str, text: str) -> tuple[list[str], list[str]]:
        """The concepts mentioned anywhere, and those in the title."""
        name = analyser_of(language)
        as_written = analyser(PLAIN).analyze(title)
        in_title = self.mentions(analyser(name).analyze(title)) + self.mentions(as_written)
        everywhere = in_title + self.mentions(analyser(name).analyze(text))
        return everywhere, in_title


def _document(row: tuple, concepts: Concepts) -> tantivy.Document:
    (pk, visibility, kind, language, countries, year_start, year_end, outcomes, published,
     useful, title, summary, body, family, themes, theme_ids, organisations) = row  # fmt: skip
    name = analyser_of(language)
    text = f"{summary}\n{body}"
    mentioned, in_title = concepts.of(language, title, text)
    fields: dict[str, Any] = {
        "id": pk,
        "visibility": visibility,
        "kind": kind,
        "language": language,
        "countries": list(countries),
        "themes": list(themes),
        "theme_ids": list(theme_ids),
        "organisations": list(organisations),
        "years": _years(year_start, year_end),
        "outcomes": int(outcomes),
        "newest": (published << _NEWEST_ID_BITS) | pk,
        "useful": useful,
        "family": family,
        f"title_{name}": title,
        f"text_{name}": text,
        "title_as_written": title,
        "concepts": " ".join(mentioned),
        "title_concepts": " ".join(in_title),
    }
    return tantivy.Document(**{k: value for k, value in fields.items() if value not in ([], "")})


def _rows(ids: Iterable[int] | None) -> Iterator[tuple]:
    if ids is None:
        sql, params = _ROWS_SQL.format(where=""), []
    else:
        sql, params = _ROWS_SQL.format(where="AND p.id = ANY(%s)"), [list(ids)]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            yield from batch


# --- Keeping it in step -------------------------------------------------------------------------


class _Reader:
    """This process's open index, reloaded when another process moved it on."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.state: State | None = None
        self.index: tantivy.Index | None = None

    def current(self, folder: Path, state: State) -> tantivy.Index:
        if self.index is None or self.folder != folder or self.state.generation != state.generation:
            self.index = _open(folder / state.generation)
        elif self.state != state:
            self.index.reload()
        self.folder, self.state = folder, state
        return self.index


_reader = _Reader()
_reader_lock = threading.Lock()


def rebuild() -> State:
    """Index every published practice into a new generation, then switch to it."""
    folder = _folder()
    with _locked(folder, timeout=24 * 60 * 60):
        return _rebuild(folder)


def _rebuild(folder: Path) -> State:
    version = queue_version()  # before reading: a change made during the build is applied after
    generation = f"g{datetime.datetime.now(tz=datetime.UTC):%Y%m%d%H%M%S%f}"
    index = _open(_mkdir(folder / generation))
    writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)
    concepts = _concepts_of(generation)
    for row in _rows(None):
        writer.add_document(_document(row, concepts))
    writer.commit()
    writer.wait_merging_threads()
    state = State(generation, *version, _now())
    _write_state(folder, state)
    for old in folder.iterdir():
        if old.is_dir() and old.name != generation:
            shutil.rmtree(old, ignore_errors=True)
    return state


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _now() -> str:
    return datetime.datetime.now(tz=datetime.UTC).isoformat()


def _changed_since(state: State, version: tuple[int, int, str]) -> set[int | None]:
    """The practices queued after the index's version. When the count says some rows are not
    among those (a transaction that took its id before another committed first, or old rows
    pruned), every row of the last MAX_LAG is read again: applying a practice twice is safe."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT practice_id FROM knowledge_searchindexchange WHERE id > %s", [state.top]
        )
        rows = [row[0] for row in cursor.fetchall()]
        if version[0] != state.count + len(rows):
            cursor.execute(
                "SELECT DISTINCT practice_id FROM knowledge_searchindexchange"
                " WHERE id > %s OR queued_at > %s::timestamptz - %s",
                [state.top, state.synced_at, MAX_LAG],
            )
            rows = [row[0] for row in cursor.fetchall()]
    return set(rows)


_concepts: dict[str, Concepts] = {}


def _concepts_of(generation: str) -> Concepts:
    """The thesaurus as a generation was built with (a change to it starts a new one)."""
    if generation not in _concepts:
        _concepts.clear()
        _concepts[generation] = Concepts()
    return _concepts[generation]


def _apply(folder: Path, state: State) -> State:
    version = queue_version()
    if version[:3] == state.version:
        return state
    if version[1] < state.top or (version[1] == state.top and version[2] != state.last):
        # The queue went back or was replaced (a restored database): start again.
        return _rebuild(folder)
    changed = _changed_since(state, version)
    if None in changed:
        return _rebuild(folder)
    index = _open(folder / state.generation)
    writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)
    for pk in changed:
        writer.delete_documents_by_term("id", pk)
    concepts = _concepts_of(state.generation)
    for row in _rows(changed):
        writer.add_document(_document(row, concepts))
    writer.commit()
    writer.wait_merging_threads()
    state = State(state.generation, *version, _now())
    _write_state(folder, state)
    return state


def sync() -> State:
    """Bring this host's index to what is committed (a worker's task, `manage.py search_index`)."""
    folder = _folder()
    with _locked(folder, timeout=24 * 60 * 60):
        state = _read_state(folder)
        return _apply(folder, state) if state else _rebuild(folder)


def prune() -> int:
    """Delete queue rows older than PRUNE_AFTER (every host has applied them by then, or will
    rebuild: an index older than that is rebuilt)."""
    with connection.cursor() as cursor:
        # The newest row stays: an empty queue would read as a database gone back.
        cursor.execute(
            "DELETE FROM knowledge_searchindexchange WHERE queued_at < now() - %s"
            " AND id < (SELECT max(id) FROM knowledge_searchindexchange)",
            [PRUNE_AFTER],
        )
        return cursor.rowcount


def searcher() -> tantivy.Searcher | None:
    """A searcher over an index in step with what this connection sees, or None (PostgreSQL
    answers): no index yet on this host, or this connection sees writes not yet committed."""
    if not settings.SEARCH_INDEX_DIR:
        return None
    folder, seen, urgent = _seen()
    state = _read_state(folder)
    if state is not None and (
        state.version == seen or (state.urgent == urgent and state.age < LAZY_LAG)
    ):
        return _searcher(folder, state)
    if connection.in_atomic_block:
        return None  # what this transaction wrote is not committed: no index can show it
    with _locked(folder, timeout=READER_WAIT) as acquired:
        if acquired:
            state = _read_state(folder)
            if state is None:
                if _published_count() > settings.SEARCH_INDEX_BUILD_INLINE:
                    return None  # too large to build during a request: manage.py search_index
                state = _rebuild(folder)
            else:
                state = _apply(folder, state)
    if state is None:
        return None
    # Had the lock or not: another busy updating it leaves this index behind by what that
    # update applies; it is read as it is meanwhile.
    return _searcher(folder, state)


def _published_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM knowledge_practice WHERE status = 'published'")
        return cursor.fetchone()[0]


def _searcher(folder: Path, state: State) -> tantivy.Searcher:
    with _reader_lock:
        return _reader.current(folder, state).searcher()


# --- Queries ------------------------------------------------------------------------------------


def _occur(clauses: list[tuple[Occur, Query]]) -> Query:
    return Query.boolean_query(clauses)


def _any(queries: list[Query | None]) -> Query | None:
    queries = [query for query in queries if query is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else _occur([(Occur.Should, q) for q in queries])


def _all(queries: list[Query | None]) -> Query | None:
    if not queries or any(query is None for query in queries):
        return None
    return queries[0] if len(queries) == 1 else _occur([(Occur.Must, q) for q in queries])


def _in_field(field: str, terms: list[tuple[int, str]]) -> Query:
    if len(terms) == 1:
        return Query.term_query(SCHEMA, field, terms[0][1])
    return Query.phrase_query(SCHEMA, field, terms)


def phrase(name: str, words: list[str], parts: tuple[str, ...]) -> Query | None:
    """`words` (one word or a phrase) analysed by `name`, in that analyser's fields and the
    title as written (PostgreSQL matches a configuration's lexemes against the whole vector);
    None when every word is a stop word."""
    terms = [(i, lexeme) for i, word in enumerate(words) if (lexeme := _analysed(name, word))]
    if not terms:
        return None
    first = terms[0][0]
    terms = [(i - first, lexeme) for i, lexeme in terms]
    fields = [(f"{part}_{name}", PARTS[part]) for part in parts]
    fields.append(("title_as_written", PARTS["title"]))
    return _occur([(Occur.Should, Query.boost_query(_in_field(f, terms), w)) for f, w in fields])


def term_set(field: str, values: Iterable[Any]) -> Query:
    return Query.term_set_query(SCHEMA, field, list(values))


__all__ = [
    "ANALYSERS",
    "LITERAL_SCORE",
    "Occur",
    "PARTS",
    "PLAIN",
    "Query",
    "SCHEMA",
    "TEXT_SCALE",
    "THEME_SCORE",
    "TITLE_SCORE",
    "analyser_of",
    "phrase",
    "prune",
    "queue_version",
    "rebuild",
    "searcher",
    "split",
    "sync",
    "term_set",
]
