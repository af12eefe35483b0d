"""RESULTS.md from the figures bench.py gathered (results.json holds the same, raw).

Targets are issue 7's, on this machine: pages at 20 users, jobs, and peers.
"""

from __future__ import annotations

from typing import Any

from tests.knowledge.relevance import format_table

CSV_TARGET = 50_000
XLSX_TARGET = 5_000
MEMORY_TARGET_MB = 200
IMPORT_TARGET_S = 10
PEER_TARGET = 5
SEED_TARGET_S = 600


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "**MISS**"


def render(results: dict, scenarios: list[Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/bench.py); do not edit by hand: analysis goes in",
        "benchmarks/NOTES.md, appended at the end. Raw figures: benchmarks/results.json.",
        "",
        f"- Date: {results['date']}; whole run {results.get('total_seconds', 0) / 60:.1f} min",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, {m['os']}; "
        f"load average {m['load_average_at_start']} when the run started",
        f"- Code: {m['commit']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()),
        f"- Command: `{_command(results)}`",
        "",
        *_data_section(results),
        *_longtail_section(results),
        *_first_visit_section(results, scenarios),
        *_scenario_section(results, scenarios),
        *_jobs_section(results),
        *_peers_section(results),
        *_relevance_section(results),
    ]
    return "\n".join(lines) + "\n"


def _command(results: dict) -> str:
    s = results["settings"]
    parts = ["make bench"]
    if s["factor"] != 1.0:
        parts.insert(0, f"BENCH_FACTOR={s['factor']:g}")
    if s["duration_s"] != 20:
        parts.insert(0, f"BENCH_DURATION={s['duration_s']}")
    return " ".join(parts)


def _data_section(results: dict) -> list[str]:
    data, sizes = results["data"], results["sizes"]
    seeded = f"seed_scale --factor {data['factor']:g} took {data['seed_seconds']:.0f} s"
    if data["factor"] == 1:
        seeded += f" (target ≤ {SEED_TARGET_S // 60} min: "
        seeded += f"{_verdict(data['seed_seconds'] <= SEED_TARGET_S)})"
    if data.get("reused"):
        seeded += f" (on {data['at']}; this run reused the database)"
    counts = ", ".join(f"{name} {count:,}" for name, count in sizes.get("counts", {}).items())
    return ["## Data", "", f"{seeded}. Rows: {counts}." if counts else f"{seeded}.", ""]


def _longtail_section(results: dict) -> list[str]:
    table = results.get("longtail")
    if not table:
        return []
    return [
        "## Long tail with writes (cold)",
        "",
        "benchmarks/longtail.py: URLs of every page drawn for this run (searches, list filters, "
        "practice pages, participant list pages and name searches, request board filters, "
        "training dashboard filters; the mobilisation dashboard has one URL), each requested "
        "once, by 20 users (think time 0.5-1.5 s) signed in where the page needs it, while a "
        "practice is marked useful and commented every second, one is published every ten "
        "seconds, an import's worth of enrolments is updated every fifteen, an offer made every "
        "twenty and a request opened every thirty: the cache serves no page it was not just "
        "asked for. Then the same URLs once more without writes (warm), the same cold run at "
        "40, 60 and 80 users (the knee), and the peer on its own (at tens of seconds a request "
        "it would take the CPU from the pages measured). Targets apply to cold. Latencies in ms.",
        "",
        table.strip(),
        "",
    ]


def _first_visit_section(results: dict, scenarios: list[Any]) -> list[str]:
    visits = results.get("first_visits")
    if not visits:
        return []
    lines = [
        "## First visits (cold cache)",
        "",
        "The site keeps the pages that are expensive to build (lists, search, details, "
        "dashboards) in its cache until the data they show changes (`portal/datachanges.py`). "
        "After the bench's Redis database is emptied, every distinct URL of each scenario is "
        "requested once, one request at a time, signed in as the scenario's account where it "
        "needs one: what the first visitor of a page waits after a change of the data. The URLs "
        "are drawn from the data before the run; the load below requests the same URLs. "
        "Latencies in ms, to the last byte. Reported for information: the targets apply to the "
        "steady state under load.",
        "",
        "| scenario | distinct URLs | p50 | p95 | max | errors |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in scenarios:
        f = visits.get(scenario.key)
        if f:
            lines.append(
                f"| {scenario.title} | {f['urls']:,} | {_ms(f['p50'])} | {_ms(f['p95'])} "
                f"| {_ms(f['max'])} | {f['errors']} |"
            )
    return [*lines, ""]


def _scenario_section(results: dict, scenarios: list[Any]) -> list[str]:
    s = results["settings"]
    steady = ""
    if results.get("first_visits"):
        steady = (
            "Steady state: every URL had its first visit above, so these are pages the site has "
            "already built since the last data change; first-visit figures in the table above. "
        )
    lines = [
        "## Pages under load (steady state, warm cache)",
        "",
        steady
        + f"Locust (headless, a second process) runs each scenario for {s['duration_s']} s at 1 "
        f"user and then at {s['users'][-1]} users; each user waits {s['think_s'][0]}–"
        f"{s['think_s'][1]} s before each request (think time; the first too, so that the users "
        "do not all start in the same instant) and signs in once at its start "
        "when the page needs an account (pages are requested, and requests/s counted, once "
        "every simulated user has signed in). The site runs with production settings under "
        f"gunicorn (`{results.get('commands', {}).get('web', '')}`) with one Celery worker. "
        "Each request picks one of the scenario's distinct URLs at random. Latencies in ms; "
        "queries per request counted in-process with Django's test client for one request of "
        "each scenario, after a first request of the same URL (so on a warm cache). Targets "
        f"apply at {s['users'][-1]} users: p95 and zero errors; the first-visit (cold cache) "
        "p95 above is reported for information.",
        "",
        "| scenario | users | p50 | p95 | p99 | req/s | errors | queries | target p95 | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for scenario in scenarios:
        runs = results.get("scenarios", {}).get(scenario.key)
        if not runs:
            continue
        counted = results.get("queries", {}).get(scenario.key, {})
        queries = counted.get("queries", "–")
        if counted.get("status", 200) != 200:
            queries = f"{queries} (HTTP {counted['status']})"
        for users, f in runs.items():
            target, verdict = "–", ""
            if scenario.target_p95_ms and int(users) == max(s["users"]):
                target = f"≤ {scenario.target_p95_ms:.0f}"
                ok = f["p95"] is not None and f["p95"] <= scenario.target_p95_ms
                verdict = _verdict(ok and f["errors"] == 0)
            lines.append(
                f"| {scenario.title} | {users} | {_ms(f['p50'])} | {_ms(f['p95'])} "
                f"| {_ms(f['p99'])} | {f['rps'] or 0:.1f} | {f['errors']} | {queries} "
                f"| {target} | {verdict} |"
            )
    return [*lines, ""]


def _growth(figures: dict) -> float:
    return (figures["peak_kb"] - figures["before_kb"]) / 1024


def _flat(half: dict, full: dict) -> bool:
    """Memory is flat when doubling the rows adds no more than a quarter to the growth, +5 MB."""
    return _growth(full) <= _growth(half) * 1.25 + 5


def _jobs_section(results: dict) -> list[str]:
    jobs = results.get("jobs")
    if not jobs:
        return []
    lines = [
        "## Background jobs",
        "",
        "Each export runs the real service (`portal.exports.services.export_build`, kind "
        "`trainings.participants`) in a fresh process; peak memory is that process's peak RSS "
        "(`ru_maxrss`), growth is what the build added to it. The half-size run filters the same "
        "export by start year to about half the enrolments. Memory is flat when doubling the rows "
        "adds at most a quarter to the growth (+5 MB).",
        "",
        "| job | rows | seconds | rows/s | peak RSS MB | growth MB | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fmt, target in (("csv", CSV_TARGET), ("xlsx", XLSX_TARGET)):
        half, full = jobs["exports"][f"{fmt}-half"], jobs["exports"][f"{fmt}-all"]
        for size, f in (("half", half), ("all", full)):
            verdict = ""
            if size == "all":
                ok = (
                    f["rows_per_s"] >= target
                    and f["peak_kb"] / 1024 < MEMORY_TARGET_MB
                    and _flat(half, full)
                )
                verdict = _verdict(ok)
            lines.append(
                f"| {fmt.upper()} export ({size}) | {f['rows']:,} | {f['seconds']:.1f} "
                f"| {f['rows_per_s']:,.0f} | {f['peak_kb'] / 1024:.0f} | {_growth(f):.1f} "
                f"| ≥ {target:,} rows/s, < {MEMORY_TARGET_MB} MB, flat | {verdict} |"
            )
    imp = jobs["import"]
    lines.append(
        f"| XLSX import, validate + write | {imp['rows']:,} | {imp['seconds']:.1f} "
        f"(validate {imp['validate_s']:.1f}, write {imp['write_s']:.1f}) "
        f"| {imp['rows_per_s']:,.0f} | {imp['peak_kb'] / 1024:.0f} | – "
        f"| ≤ {IMPORT_TARGET_S} s | {_verdict(imp['seconds'] <= IMPORT_TARGET_S)} |"
    )
    fan = jobs["fanout"]
    lines += [
        "",
        "The import reads a generated XLSX of valid, realistic rows into a new session through "
        "`trainings/services/imports.py`: `import_batch_create` (read, check every row, match "
        "people, store the preview), the confirm step's claim, then `import_batch_write` (the "
        "function the worker's task wraps). The imported people are removed afterwards.",
        "",
        f"Notification fan-out: a member's new request is opened by the secretariat; "
        f"{fan['subscribers']:,} subscribers match it, {fan['expected_emails']:,} of them by "
        f"immediate email. The opening call took {fan['open_call_s']:.1f} s; every email row "
        f"existed after {_seconds(fan['rows_s'])} and the worker had sent them all after "
        f"{_seconds(fan['sent_s'])} ({fan['email_rows']:,} rows, {fan['sent']:,} sent).",
        "",
    ]
    return lines


def _seconds(value: float | None) -> str:
    return "not within the time limit" if value is None else f"{value:.1f} s"


def _ratio(theirs: float | None, ours: float | None) -> float | None:
    if not theirs or not ours:
        return None
    return theirs / ours


def _ratio_cells(ratio: float | None) -> str:
    if ratio is None:
        return "– | –"
    return f"{ratio:,.1f}× | {_verdict(ratio >= PEER_TARGET)}"


def _peers_section(results: dict) -> list[str]:
    lines = [
        "## Peers, same run, same data",
        "",
        f"Ratio = their time / ours (higher is better for us); target ≥ {PEER_TARGET}×.",
        "",
        "| comparison | ours | theirs | ratio | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    scenarios = results.get("scenarios", {})
    ours, theirs = scenarios.get("search"), scenarios.get("admin_search")
    if ours and theirs:
        for users, label in (("1", "p50"), ("20", "p95")):
            key = label
            o, t = ours[users][key], theirs[users][key]
            lines.append(
                f"| Search vs Django admin `search_fields`, {label} at {users} user(s) "
                f"| {_ms(o)} ms | {_ms(t)} ms | {_ratio_cells(_ratio(t, o))} |"
            )
    ours, theirs = (results.get("first_visits", {}).get(k) for k in ("search", "admin_search"))
    if ours and theirs:
        ratio = _ratio(theirs["p95"], ours["p95"])
        lines.append(
            "| Search vs Django admin `search_fields`, p95 of the first visits (cold cache; "
            f"the admin caches nothing) | {_ms(ours['p95'])} ms | {_ms(theirs['p95'])} ms "
            f"| {'–' if ratio is None else f'{ratio:,.1f}×'} | for information |"
        )
    jobs = results.get("jobs")
    if jobs:
        for fmt in ("csv", "xlsx"):
            o, t = jobs["exports"][f"{fmt}-all"], jobs["peer_exports"][f"{fmt}-all"]
            lines.append(
                f"| {fmt.upper()} export of {o['rows']:,} enrolments vs django-import-export "
                f"(peak RSS {o['peak_kb'] / 1024:.0f} vs {t['peak_kb'] / 1024:.0f} MB) "
                f"| {o['seconds']:.1f} s | {t['seconds']:.1f} s "
                f"| {_ratio_cells(_ratio(t['seconds'], o['seconds']))} |"
            )
        o, t = jobs["import"], jobs["peer_import"]
        lines.append(
            f"| Import of {o['rows']:,} rows, validate + write, vs django-import-export "
            f"(dry run + import) | {o['seconds']:.1f} s | {t['seconds']:.1f} s "
            f"| {_ratio_cells(_ratio(t['seconds'], o['seconds']))} |"
        )
    return [*lines, ""]


def _relevance_section(results: dict) -> list[str]:
    report = results.get("relevance")
    if not report:
        return []
    return [
        "## Search relevance (demo data)",
        "",
        f"The relevance set (tests/knowledge/relevance.csv, {len(report['queries'])} queries with "
        "the practices an officer expects in the top 3) scored on a scratch database holding "
        "seed_demo only (`benchmarks/relevance.py --scratch`), as a visitor not signed in: MRR "
        f"and nDCG@{report['depth']} over the first {report['depth']} results. "
        "tests/knowledge/test_relevance.py holds the search to its thresholds.",
        "",
        format_table(report),
        "",
    ]
