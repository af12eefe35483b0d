"""Query counts of a page at two data sizes: a page's cost must not grow with its rows.

    counts = assert_flat_queries(
        client, url, build, budget=9, max_queries=django_assert_max_num_queries
    )

`build(start, stop)` adds rows number start..stop-1 (each with its own related objects, so an
N+1 shows) and returns texts the page must then show. The page is requested at every size: it
must answer 200, show every text built so far, and cost the same number of queries each time,
within the budget.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

if TYPE_CHECKING:
    from django.http import HttpResponse
    from django.test import Client

SIZES = (2, 12)

Build = Callable[[int, int], Iterable[str]]


def get_counted(client: Client, url: str) -> tuple[HttpResponse, list[str]]:
    """The answer to GET url and the SQL it ran."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def assert_flat_queries(
    client: Client,
    url: str,
    build: Build,
    *,
    budget: int,
    max_queries: Callable,
    sizes: Sequence[int] = SIZES,
    cold: bool = False,
) -> list[int]:
    """Assert GET url costs the same at every size and at most `budget` queries.

    cold: empty the cache before each counted request, so a page that caches what it computes
    is counted computing it.
    """
    expected: list[str] = []
    counts: list[int] = []
    queries_by_size: list[list[str]] = []
    built = 0
    for size in sizes:
        expected += build(built, size)
        built = size
        # Once first, so caches filled on a first visit (sites, content types) do not count.
        client.get(url)
        if cold:
            cache.clear()
        response, queries = get_counted(client, url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        missing = [text for text in expected if text not in page]
        assert not missing, f"{url} at size {size} does not show {missing}"
        counts.append(len(queries))
        queries_by_size.append(queries)
    print(f"queries {url}: {dict(zip(sizes, counts, strict=True))}, budget {budget}")  # noqa: T201
    assert len(set(counts)) == 1, _growth_report(url, sizes, counts, queries_by_size)
    if cold:
        cache.clear()
    with max_queries(budget):
        client.get(url)
    return counts


def _shape(sql: str) -> str:
    """The query without its values, so the same query for another row counts as the same."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", sql, flags=re.DOTALL)
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)[:200]


def _growth_report(
    url: str, sizes: Sequence[int], counts: list[int], queries_by_size: list[list[str]]
) -> str:
    """Which queries grew: their shape, and how often each size ran it."""
    small = Counter(map(_shape, queries_by_size[0]))
    large = Counter(map(_shape, queries_by_size[-1]))
    grew = [f"{small[shape]} -> {n}: {shape}" for shape, n in large.items() if n > small[shape]]
    return f"{url}: {dict(zip(sizes, counts, strict=True))} queries; grew:\n" + "\n".join(grew)
