"""Memory and speed of report exports as the number of rows grows.

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/export_memory.py [--sizes 25000 50000 100000]

Works in a scratch database created for the run on the configured PostgreSQL server (the
embedded one in development) and a scratch media folder, both removed at the end: the site's
data is never touched. For each size it adds organisations up to that many, then builds the
organisations list as CSV and as XLSX, each in a fresh Python process that reports its own peak
RSS (getrusage ru_maxrss) before and after the build. Flat memory means the "growth" column
stays about the same while the rows double.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DEFAULT_SIZES = (25_000, 50_000, 100_000)
FORMATS = ("csv", "xlsx")
OWNER_EMAIL = "benchmark@exports.invalid"


# Child processes ---------------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def child_seed(total: int) -> None:
    """Add organisations until there are `total`, in batches, and the benchmark's owner."""
    _django()
    from portal.models import Organisation, User
    from portal.notifications.models import NotificationPreference

    owner, _ = User.objects.get_or_create(
        email=OWNER_EMAIL, defaults={"name": "Benchmark", "is_staff": True}
    )
    # Told on the site only: no email, so nothing is ever sent to the broker.
    for kind in ("exports.ready", "exports.failed"):
        NotificationPreference.objects.update_or_create(
            user=owner, kind=kind, defaults={"delivery": "in_app"}
        )
    kinds = list(Organisation.Kind.values)
    countries = ["KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM", ""]
    start = Organisation.objects.count()
    for first in range(start, total, 5000):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Benchmark organisation {number:07d}",
                acronym=f"B{number}",
                country=countries[number % len(countries)],
                kind=kinds[number % len(kinds)],
                website=f"https://org{number}.example.org/about",
            )
            for number in range(first, min(first + 5000, total))
        )


def export_measure(
    *, owner_email: str, kind: str, fmt: str, parameters: dict | None = None
) -> dict:
    """Build one export through the real service in this process and return its figures.

    Call it in a fresh process: the peak RSS is the process's own (getrusage ru_maxrss)."""
    from portal.exports import services
    from portal.exports.models import ExportJob
    from portal.models import User

    owner = User.objects.get(email=owner_email)
    job = ExportJob.objects.create(owner=owner, kind=kind, format=fmt, parameters=parameters or {})
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    services.export_build(job_id=job.pk)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    job.refresh_from_db()
    if job.status != ExportJob.Status.DONE:
        raise SystemExit(f"export failed: {job.error}")
    return {
        "rows": job.row_count,
        "seconds": seconds,
        "before_kb": before_kb,
        "peak_kb": peak_kb,
        "file_bytes": job.file.size,
    }


def child_build(fmt: str) -> None:
    """Build one export and print its figures as JSON."""
    _django()
    figures = export_measure(owner_email=OWNER_EMAIL, kind="portal.organisations", fmt=fmt)
    print(json.dumps(figures))


# The run -----------------------------------------------------------------------------------


def _server_url() -> str:
    from portal import devservices

    return os.environ.get("DATABASE_URL") or devservices.database_url()


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_sql(server_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{' '.join(args)} failed with exit code {result.returncode}")
    return result.stdout


def main(sizes: list[int]) -> None:
    from portal import devservices

    started_services = devservices.up() if devservices.wanted() else []
    server_url = _server_url()
    database = f"exports_benchmark_{os.getpid()}"
    media = Path(tempfile.mkdtemp(prefix="exports-benchmark-"))
    env = {
        **os.environ,
        "DATABASE_URL": _with_database(server_url, database),
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }
    script = str(Path(__file__).resolve())
    results = []
    try:
        _admin_sql(server_url, f'CREATE DATABASE "{database}"')
        print(f"Scratch database {database}: migrating...", flush=True)
        _run(["manage.py", "migrate", "--verbosity", "0"], env)
        for size in sizes:
            print(f"Seeding {size:,} organisations...", flush=True)
            _run([script, "seed", str(size)], env)
            for fmt in FORMATS:
                figures = json.loads(_run([script, "build", fmt], env).strip().splitlines()[-1])
                results.append({"format": fmt, **figures})
                print(f"  {fmt}: {figures['rows']:,} rows in {figures['seconds']:.1f}s", flush=True)
    finally:
        _admin_sql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(media, ignore_errors=True)
        if started_services:
            devservices.down(started_services)
    _print_table(results)


def _print_table(results: list[dict]) -> None:
    print()
    print(f"nproc {os.cpu_count()}, Python {sys.version.split()[0]}, {sys.platform}")
    print()
    header = (
        "| format | rows | seconds | rows/s | RSS before build (MB) | peak RSS (MB) "
        "| growth (MB) | file (MB) |"
    )
    print(header)
    print("|" + "|".join(" --- " for _ in range(header.count("|") - 1)) + "|")
    for row in results:
        before, peak = row["before_kb"] / 1024, row["peak_kb"] / 1024
        print(
            f"| {row['format']} | {row['rows']:,} | {row['seconds']:.1f} "
            f"| {row['rows'] / row['seconds']:,.0f} | {before:.0f} | {peak:.0f} "
            f"| {peak - before:.1f} | {row['file_bytes'] / 1024 / 1024:.1f} |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        child_seed(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "build":
        child_build(sys.argv[2])
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
        main(parser.parse_args().sizes)
