"""The relevance set (relevance.csv) scored against the practice search: MRR and nDCG@5.

Each row of the set is a query a mine action officer would type, the slugs of the demo practices
(knowledge/demo_data.py) they would want in the top 3, best first, and a category (acronym,
misspelling, phrase, a language, unaccented, cross-language, name). The queries are run as a
visitor who is not signed in would run them, so members-only practices are never expected.

Two measures, each averaged over the queries, per category and overall:
- reciprocal rank (MRR): 1/rank of the first expected slug found in the first five results, 0
  when none is;
- nDCG@5: each of the first five results gains 3 when it is the first expected slug, 2 when it is
  another expected one, 0 otherwise, discounted by log2(rank + 1); divided by the same sum for the
  expected slugs in their listed order, so 1.0 means exactly the expected ranking.

Scoring is pure (`score` takes any ranking function), so it is tested on a fake ranking; the
search itself is measured by tests/knowledge/test_relevance.py and benchmarks/relevance.py.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

RELEVANCE_CSV = Path(__file__).with_name("relevance.csv")
DEPTH = 5  # results looked at: the first five, what a list shows above the fold on a laptop
TOP = 3  # where the set expects its practices
FIRST_GAIN = 3
OTHER_GAIN = 2


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]
    category: str
    why: str = ""


def load_cases(path: Path = RELEVANCE_CSV) -> list[Case]:
    with path.open(newline="", encoding="utf-8") as file:
        return [
            Case(
                query=row["query"],
                expected=tuple(slug.strip() for slug in row["expected"].split("|") if slug),
                category=row["category"],
                why=row.get("why", ""),
            )
            for row in csv.DictReader(file)
        ]


def reciprocal_rank(found: Sequence[str], expected: Sequence[str], depth: int = DEPTH) -> float:
    for rank, slug in enumerate(found[:depth], start=1):
        if slug in expected:
            return 1 / rank
    return 0.0


def _gain(slug: str, expected: Sequence[str]) -> int:
    if not expected or slug not in expected:
        return 0
    return FIRST_GAIN if slug == expected[0] else OTHER_GAIN


def _dcg(gains: Sequence[int]) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(found: Sequence[str], expected: Sequence[str], depth: int = DEPTH) -> float:
    ideal = _dcg([_gain(slug, expected) for slug in expected[:depth]])
    if not ideal:
        return 0.0
    return _dcg([_gain(slug, expected) for slug in found[:depth]]) / ideal


def _summary(rows: list[dict]) -> dict:
    count = len(rows)
    return {
        "queries": count,
        "mrr": sum(row["rr"] for row in rows) / count if count else 0.0,
        "ndcg": sum(row["ndcg"] for row in rows) / count if count else 0.0,
        # The set's own promise: an expected practice among the first three.
        "top3": sum(row["in_top3"] for row in rows) / count if count else 0.0,
    }


def score(cases: Sequence[Case], rank: Callable[[str], Sequence[str]]) -> dict:
    """The report: every query's figures, and their means per category and overall."""
    rows = []
    for case in cases:
        found = list(rank(case.query))[:DEPTH]
        rows.append(
            {
                "query": case.query,
                "category": case.category,
                "expected": list(case.expected),
                "found": found,
                "rr": reciprocal_rank(found, case.expected),
                "ndcg": ndcg(found, case.expected),
                "in_top3": any(slug in case.expected for slug in found[:TOP]),
            }
        )
    categories = list(dict.fromkeys(case.category for case in cases))
    return {
        "depth": DEPTH,
        "overall": _summary(rows),
        "categories": {
            name: _summary([row for row in rows if row["category"] == name]) for name in categories
        },
        "queries": rows,
    }


def search_ranking(query: str) -> list[str]:
    """The slugs of the first results of the practice list for `query`, as a visitor sees them."""
    from django.contrib.auth.models import AnonymousUser

    from knowledge.selectors import practice_results

    results = practice_results(params={"q": query}, user=AnonymousUser())
    return [practice.slug for practice in results[0:DEPTH]]


def relevance_report(cases: Sequence[Case] | None = None) -> dict:
    """The relevance set scored against the search on the current database (the demo data)."""
    return score(load_cases() if cases is None else cases, search_ranking)


def misses(report: dict) -> list[dict]:
    """Queries with no expected practice in the top 3."""
    return [row for row in report["queries"] if not row["in_top3"]]


def format_table(report: dict) -> str:
    """The scores as a Markdown table: overall first, then each category."""
    lines = [
        f"| set | queries | MRR | nDCG@{report['depth']} | expected in top {TOP} |",
        "| --- | --- | --- | --- | --- |",
    ]
    groups = [("overall", report["overall"]), *report["categories"].items()]
    for name, figures in groups:
        label = f"**{name}**" if name == "overall" else name
        lines.append(
            f"| {label} | {figures['queries']} | {figures['mrr']:.3f} | {figures['ndcg']:.3f} "
            f"| {figures['top3']:.0%} |"
        )
    return "\n".join(lines)


def format_misses(report: dict) -> str:
    lines = []
    for row in misses(report):
        found = ", ".join(row["found"]) or "nothing"
        lines.append(
            f"- [{row['category']}] {row['query']!r}: expected {' | '.join(row['expected'])}; "
            f"found {found}"
        )
    return "\n".join(lines)
