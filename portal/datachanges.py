"""Versions of data, for caches that must never show a stale figure.

A database trigger adds a row to `portal_datachange` for every statement that writes one of
the tables a topic reads (see `watch`, used from migrations), so no write path - the ORM,
bulk writes, queryset updates, raw SQL, the admin - can be missed. The row becomes visible
with the data it announces: a reader sees a new version exactly when it can see the new data.

The version is the number of rows of the topic and the highest id. The count moves when any
write commits, even one that took its id before another that committed first; the highest id
(from a sequence, never reused) tells apart the states of tests that were rolled back; the
database's oid keeps a recreated database from meeting an old one's cache. A daily task
(`prune`) keeps the log short.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, migrations
from django.utils import timezone

T = TypeVar("T")

DEFAULT_TIMEOUT = 24 * 60 * 60
# How long one process may take to compute a `cached_latest` value before another tries too.
COMPUTING_TIMEOUT = 60
# Values this process has read (`cached(local=True)`, `cached_latest`): name -> (version, value).
_held: dict[str, tuple[str, object]] = {}


def data_version(topic: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()),"
            " count(*), coalesce(max(id), 0) FROM portal_datachange WHERE topic = %s",
            [topic],
        )
        return ":".join(str(value) for value in cursor.fetchone())


def cached(
    topic: str,
    name: str,
    compute: Callable[[], T],
    *,
    timeout: int = DEFAULT_TIMEOUT,
    local: bool = False,
) -> T:
    """`compute()`, kept in the cache until a table of `topic` is written.

    `name` must say everything the value depends on besides the data (filters, language...).
    `local`: this process also keeps the value it read until the version moves, so a value read
    on every request (the thesaurus) is not unpickled on every request.
    """
    key = f"datachange:{topic}:{data_version(topic)}:{name}"
    if local and (held := _held.get(f"{topic}:{name}")) is not None and held[0] == key:
        return held[1]  # type: ignore[return-value]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    if local:
        _held[f"{topic}:{name}"] = (key, value)
    return value


def cached_latest(
    topic: str, name: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT
) -> T:
    """`compute()` for the current version of `topic`, but while one process computes it after
    a change, every other reader keeps the value of an earlier version instead of waiting or
    computing it too. For values a change seldom alters and a few seconds' lag cannot make
    wrong (the words "did you mean" respells with), costly to build at scale.

    Each process also keeps the value it read, so it unpickles nothing while the topic is still.
    """
    version = data_version(topic)
    key = f"datachange-latest:{topic}:{name}"
    held = _held.get(key)
    if held is None or held[0] != version:
        held = cache.get(key) or held
    if held is not None and (
        held[0] == version or not cache.add(f"{key}:computing", version, COMPUTING_TIMEOUT)
    ):
        _held[key] = held
        return held[1]  # type: ignore[return-value]
    try:
        held = (version, compute())
        cache.set(key, held, timeout)
    finally:
        cache.delete(f"{key}:computing")
    _held[key] = held
    return held[1]  # type: ignore[return-value]


def prune(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete old rows of the log; returns how many.

    Each topic that lost rows gets a new one, so its version takes a value it never had before
    (a smaller count alone could meet an earlier state's).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH gone AS (DELETE FROM portal_datachange WHERE changed_at < %s RETURNING topic)"
            " INSERT INTO portal_datachange (topic) SELECT DISTINCT topic FROM gone"
            " RETURNING (SELECT count(*) FROM gone)",
            [timezone.now() - older_than],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def watch(topic: str, tables: tuple[str, ...]) -> migrations.RunSQL:
    """A migration operation: record every write to `tables` as a change of `topic`."""
    create = "".join(
        f"""
CREATE TRIGGER datachange_{topic}
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION portal_data_changed('{topic}');
"""
        for table in tables
    )
    drop = "".join(f"DROP TRIGGER IF EXISTS datachange_{topic} ON {table};\n" for table in tables)
    return migrations.RunSQL(sql=create, reverse_sql=drop)
