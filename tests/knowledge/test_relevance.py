from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from knowledge.demo_data import PRACTICES

from .relevance import (
    Case,
    format_misses,
    format_table,
    load_cases,
    ndcg,
    reciprocal_rank,
    relevance_report,
    score,
)

# Measured 2026-12-02 on the demo data with the search of main before issue 12 (English stemming
# only, no thesaurus): MRR 0.503, nDCG@5 0.447, an expected practice in the top 3 for 51% of the
# 91 queries (acronyms 0.13 MRR, misspellings 0.11; Arabic, Ukrainian and unaccented queries 0).
# With issue 12's search (per-language stemmers, unaccent, the thesaurus, tagged themes first):
# MRR 0.790, nDCG@5 0.772, 85% in the top 3. The thresholds sit just below; raise them with it.
MRR_THRESHOLD = 0.77
NDCG_THRESHOLD = 0.75


@pytest.mark.django_db
def test_the_search_ranks_the_practices_an_officer_expects_on_the_demo_data():
    call_command("seed_demo", stdout=StringIO())
    cache.clear()

    report = relevance_report()

    overall = report["overall"]
    assert overall["mrr"] >= MRR_THRESHOLD and overall["ndcg"] >= NDCG_THRESHOLD, (
        f"MRR {overall['mrr']:.3f} (threshold {MRR_THRESHOLD}), nDCG@5 {overall['ndcg']:.3f} "
        f"(threshold {NDCG_THRESHOLD})\n{format_table(report)}\n\nNo expected practice in the "
        f"top 3:\n{format_misses(report)}"
    )


def test_every_expected_practice_is_a_public_demo_practice():
    public = {practice.slug for practice in PRACTICES if not practice.members_only}
    cases = load_cases()

    unknown = {slug for case in cases for slug in case.expected} - public
    assert not unknown
    assert len({case.query for case in cases}) == len(cases) >= 40
    assert all(case.expected for case in cases)


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_expected_result():
    assert reciprocal_rank(["x", "b", "a"], ["a", "b"]) == 0.5
    assert reciprocal_rank(["a"], ["a", "b"]) == 1.0
    assert reciprocal_rank(["x1", "x2", "x3", "x4", "x5", "a"], ["a"]) == 0.0


def test_ndcg_is_one_for_the_expected_order_and_less_for_another():
    assert ndcg(["a", "b", "c"], ["a", "b", "c"]) == pytest.approx(1.0)
    # Gains 0, 3, 2 at ranks 1-3 against the ideal 3, 2: (3/log2 3 + 2/2) / (3 + 2/log2 3).
    assert ndcg(["x", "a", "b"], ["a", "b"]) == pytest.approx(0.6788, abs=1e-4)
    # The second expected first: (2 + 3/log2 3) / (3 + 2/log2 3).
    assert ndcg(["b", "a"], ["a", "b"]) == pytest.approx(0.9134, abs=1e-4)
    assert ndcg([], ["a"]) == 0.0


def test_a_fake_ranking_gives_known_means_per_category_and_overall():
    cases = [
        Case("first", ("a", "b"), "acronym"),
        Case("second", ("c",), "acronym"),
        Case("third", ("d",), "name"),
    ]
    rankings = {"first": ["x", "a", "b"], "second": ["c"], "third": ["y", "z", "w", "d"]}

    report = score(cases, rankings.__getitem__)

    assert report["categories"]["acronym"] == {
        "queries": 2,
        "mrr": pytest.approx(0.75),
        "ndcg": pytest.approx((0.6788 + 1) / 2, abs=1e-4),
        "top3": 1.0,
    }
    assert report["categories"]["name"]["mrr"] == pytest.approx(0.25)
    assert report["categories"]["name"]["top3"] == 0.0
    assert report["overall"]["mrr"] == pytest.approx((0.5 + 1 + 0.25) / 3)
    assert [row["query"] for row in report["queries"] if not row["in_top3"]] == ["third"]
