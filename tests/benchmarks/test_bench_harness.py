"""The parts of `make bench` that turn raw figures into verdicts (the run itself is the proof)."""

from pathlib import Path

import pytest

from benchmarks import report
from benchmarks.bench import (
    PEER_SEARCH,
    SCENARIOS,
    Browser,
    Failed,
    first_visit_figures,
    locust_figures,
    scenario_urls,
)
from tests.factories import PASSWORD
from tests.trainings.report_factories import coordinator

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def _row(name: str, count: int, failures: int, p50: int, p95: int, p99: int) -> str:
    return (
        f"GET,{name},{count},{failures},{p50},1,1,1,1,12.5,0,"
        f"{p50},{p50},{p50},{p50},{p95},{p95},{p99},{p99},{p99},{p99},{p99}\n"
    )


def test_page_figures_come_from_its_own_row_and_failed_sign_ins_count_as_errors(tmp_path: Path):
    (tmp_path / "run_stats.csv").write_text(
        HEADER
        + _row("login", 20, 3, 800, 900, 950)
        + _row("training_dashboard", 200, 0, 40, 120, 180)
        + _row("Aggregated", 220, 3, 50, 800, 900).replace("GET,", ",")
    )

    figures = locust_figures(tmp_path / "run", "training_dashboard")

    assert (figures["requests"], figures["p50"], figures["p95"], figures["p99"]) == (
        200,
        40,
        120,
        180,
    )
    assert figures["rps"] == 12.5
    assert figures["errors"] == 3


def _results(
    p95: float, errors: int = 0, admin_p95: float = 2000, first_visits: dict | None = None
) -> dict:
    def run(p95: float, errors: int = 0) -> dict:
        return {"p50": 10, "p95": p95, "p99": p95, "rps": 15, "errors": errors, "requests": 9}

    return {
        "date": "2026-11-27",
        "machine": {"nproc": 2, "cpu": "x", "ram_gb": 24, "os": "linux"}
        | {"load_average_at_start": 0.1, "commit": "abc"},
        "versions": {"Python": "3.11"},
        "settings": {"factor": 1.0, "duration_s": 20, "users": [1, 20], "think_s": [0.5, 1.5]},
        "data": {"factor": 1.0, "seed_seconds": 300},
        "sizes": {"counts": {"practices": 100_000}},
        "scenarios": {
            "search": {"1": run(20), "20": run(p95, errors)},
            "admin_search": {"1": run(200), "20": run(admin_p95)},
        },
        "first_visits": first_visits or {},
    }


def _search_row(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("| Search (30 queries) | 20"))


def test_a_page_passes_only_within_its_p95_target_and_without_errors():
    scenarios = [*SCENARIOS, PEER_SEARCH]

    assert _search_row(report.render(_results(p95=140), scenarios)).endswith("| PASS |")
    assert "MISS" in _search_row(report.render(_results(p95=160), scenarios))
    assert "MISS" in _search_row(report.render(_results(p95=140, errors=1), scenarios))


def test_the_peer_search_is_reported_as_their_time_over_ours():
    text = report.render(_results(p95=100, admin_p95=400), [*SCENARIOS, PEER_SEARCH])

    row = next(line for line in text.splitlines() if "p95 at 20 user" in line)
    assert "4.0×" in row
    assert "MISS" in row


def test_every_distinct_url_of_a_scenario_is_listed_once():
    plan = {
        "queries": ["land release", "land release", "mine risk education"],
        "slugs": ["a", "b"],
        "list_filters": [{"country": "KH", "theme": "survey"}, {"country": "AO", "theme": "eore"}],
        "board_filters": [
            {"status": "open", "kind": "knowledge", "country": ""},
            {"status": "open", "kind": "knowledge", "country": ""},
            {"status": "in_progress", "kind": "equipment", "country": "CO"},
        ],
        "people_pages": 3,
    }

    urls = scenario_urls(plan)

    assert set(urls) == {s.key for s in [*SCENARIOS, PEER_SEARCH]}
    assert urls["search"] == ["/practices/?q=land+release", "/practices/?q=mine+risk+education"]
    assert urls["request_board"] == [
        "/platform/requests/?status=open&kind=knowledge",
        "/platform/requests/?status=in_progress&kind=equipment&country=CO",
    ]
    assert urls["participant_list"][-1] == "/trainings/people/?page=3"
    assert len(urls["practice_list"]) == 2
    assert urls["practice_detail"] == ["/practices/a/", "/practices/b/"]


def test_first_visit_figures_are_nearest_rank_percentiles_of_every_request():
    figures = first_visit_figures([float(ms) for ms in range(20, 0, -1)], errors=1)

    assert figures["urls"] == 20
    assert (figures["p50"], figures["p95"], figures["max"]) == (10, 19, 20)
    assert figures["errors"] == 1


def test_first_visits_are_reported_but_the_verdict_is_on_the_steady_state():
    slow_first_visits = {"search": {"urls": 30, "p50": 400, "p95": 900, "max": 950, "errors": 0}}
    text = report.render(
        _results(p95=140, first_visits=slow_first_visits), [*SCENARIOS, PEER_SEARCH]
    )

    assert "| Search (30 queries) | 30 | 400 | 900 | 950 | 0 |" in text
    assert _search_row(text).endswith("| PASS |")
    assert "already built since the last data change" in text


@pytest.mark.django_db(transaction=True)
def test_the_first_visit_client_signs_in_as_the_simulated_users_do(live_server):
    coordinator(email="coordinator@example.org")
    signed_in, visitor = Browser(live_server.url), Browser(live_server.url)

    signed_in.sign_in("coordinator@example.org", PASSWORD)

    assert signed_in.get("/trainings/dashboard/")[1] is True
    assert visitor.get("/trainings/dashboard/")[1] is False
    with pytest.raises(Failed, match="refused"):
        Browser(live_server.url).sign_in("coordinator@example.org", "not the password")
