"""How well the practice search ranks: the relevance set scored as MRR and nDCG@5.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/relevance.py            # the configured database
    DJANGO_DEBUG=1 .venv/bin/python benchmarks/relevance.py --scratch  # a fresh one with seed_demo

The set (tests/knowledge/relevance.csv) names, for each query, the demo practices an officer
expects first, so it is scored on the demo data alone: other practices (seed_scale's, a site's
own) would compete for the first five places without being in the set. By default the script
scores the database DATABASE_URL names, which must hold the demo data (`manage.py seed_demo`);
with --scratch it creates a scratch database on that server, migrates it, loads seed_demo,
scores it and drops it (about 40 s, most of it the migrations), which is what `make bench` does
because its own database also holds seed_scale. The scorer and the thresholds the tests hold the
search to are in tests/knowledge/relevance.py and tests/knowledge/test_relevance.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.export_memory import _admin_sql, _server_url, _with_database  # noqa: E402


def measure() -> dict:
    """The report for the configured database, with the number of practices it holds."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test.utils import override_settings

    from knowledge.demo_data import PRACTICES
    from knowledge.models import Practice
    from tests.knowledge.relevance import load_cases, relevance_report

    cases = load_cases()
    expected = {slug for case in cases for slug in case.expected}
    missing = expected - set(
        Practice.objects.filter(slug__in=expected).values_list("slug", flat=True)
    )
    if missing:
        raise SystemExit(
            f"{len(missing)} practices of the relevance set are not in this database "
            f"(e.g. {sorted(missing)[0]}): load the demo data (`manage.py seed_demo`) or use "
            "--scratch."
        )
    # A cache of this process only: the ranking is measured, never a page the site cached,
    # and the site's cache is left alone.
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=local):
        report = relevance_report(cases)
    report["practices"] = Practice.objects.count()
    if report["practices"] > len(PRACTICES):
        print(
            f"Note: {report['practices']} practices, {len(PRACTICES)} of them the demo's: the "
            "others compete for the first places, so these figures are not the tests' ones.",
            file=sys.stderr,
        )
    return report


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{' '.join(args)} failed with exit code {result.returncode}")
    return result.stdout


def measure_scratch() -> dict:
    """The report for a fresh database holding the demo data only, dropped afterwards."""
    server_url = _server_url()
    database = f"relevance_benchmark_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": _with_database(server_url, database)}
    try:
        _admin_sql(server_url, f'CREATE DATABASE "{database}"')
        print(f"Scratch database {database}: migrating, seed_demo...", file=sys.stderr, flush=True)
        _run(["manage.py", "migrate", "--verbosity", "0"], env)
        _run(["manage.py", "seed_demo"], env)
        out = _run([str(Path(__file__).resolve()), "--json"], env)
    finally:
        _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scratch", action="store_true", help="score a scratch database with seed_demo only"
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON line")
    args = parser.parse_args(argv)
    report = measure_scratch() if args.scratch else measure()
    if args.json:
        print(json.dumps(report))
        return 0
    from tests.knowledge.relevance import format_misses, format_table

    print(f"{len(report['queries'])} queries, {report['practices']} practices in the database\n")
    print(format_table(report))
    print(f"\nNo expected practice in the top 3:\n{format_misses(report) or '(none)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
