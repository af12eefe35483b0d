"""`make bench`: the portal on large data under load, its background jobs, and its peers.

    python benchmarks/bench.py [--factor 1.0] [--duration 20] [--db-name portal_bench]
                               [--redis-db 14] [--reuse] [--out benchmarks/RESULTS.md]

Uses DATABASE_URL and REDIS_URL (`make bench` starts the embedded services when they are not
set). On that PostgreSQL server it (re)creates the database --db-name, migrates it, loads
seed_demo then seed_scale (timed), collects static files into the run folder (var/bench/<db>/),
then starts the site with production settings under gunicorn with the Procfile's options, and
one Celery worker. The cache (the bench's own Redis database, --redis-db) is emptied, then every
URL of every scenario is requested once, one after the other: the first visits, which build the
cached pages. Locust (from .venv-load, a second process) then drives each scenario at 1 and at
20 users on the warm cache; the background jobs and the peers run in fresh processes
(benchmarks/jobs.py). Writes
RESULTS.md and results.json beside it, with benchmarks/NOTES.md appended when it exists.
Before the site starts, benchmarks/relevance.py scores the search's relevance set on a scratch
database holding seed_demo only. Everything it starts is stopped at the end, also on failure and
Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
BENCH_DIR = BASE_DIR / "benchmarks"
LOCUST = BASE_DIR / ".venv-load" / "bin" / "locust"
BIN = Path(sys.executable).parent

from benchmarks import report  # noqa: E402
from benchmarks.export_memory import _admin_sql, _with_database  # noqa: E402


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    user_class: str  # in benchmarks/locustfile.py
    account: str  # demo account that signs in, "" for a visitor
    target_p95_ms: float | None


SCENARIOS = [
    Scenario("home", "Home", "Home", "", 100),
    Scenario("practice_list", "Practice list, country + theme", "PracticeList", "", 100),
    Scenario("search", "Search (30 queries)", "Search", "", 150),
    Scenario("practice_detail", "Practice detail", "PracticeDetail", "", 100),
    Scenario("training_dashboard", "Training dashboard", "TrainingDashboard", "coordinator", 300),
    Scenario("participant_list", "Participant list", "ParticipantList", "coordinator", 100),
    Scenario("request_board", "Request board, filtered", "RequestBoard", "member", 100),
    Scenario(
        "mobilisation_dashboard",
        "Resource mobilisation dashboard",
        "MobilisationDashboard",
        "secretariat",
        300,
    ),
]
PEER_SEARCH = Scenario("admin_search", "Django admin search (peer)", "AdminSearch", "admin", None)
USERS = (1, 20)
THINK = (0.5, 1.5)
# The bench's own Redis database (cache and Celery broker), emptied at the start of every run.
REDIS_DB = 14


class Failed(Exception):
    """A step of the benchmark failed; the message says which and where its log is."""


# Arguments and environment -----------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=float(env("BENCH_FACTOR", "1.0")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--duration", type=int, default=int(env("BENCH_DURATION", "20")), help="seconds per run"
    )
    parser.add_argument("--db-name", default=env("BENCH_DB_NAME", "portal_bench"))
    parser.add_argument(
        "--redis-db",
        type=int,
        default=int(env("BENCH_REDIS_DB", str(REDIS_DB))),
        help="the bench's own Redis database on REDIS_URL's server, emptied at every run "
        f"(default {REDIS_DB})",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        default=env("BENCH_REUSE", "") not in ("", "0"),
        help="keep the database when it already holds this factor's scale data",
    )
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument(
        "--only", nargs="+", metavar="SCENARIO", help="run these scenarios only (keys)"
    )
    parser.add_argument("--skip-jobs", action="store_true")
    parser.add_argument(
        "--demo-only", action="store_true", help="seed_demo without seed_scale (to try the harness)"
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "RESULTS.md")
    return parser.parse_args(argv)


def _redis_url(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


def flush_cache(run: Run) -> None:
    """Empty the bench's own Redis database (FLUSHDB: that database only, never the server)."""
    import redis

    client = redis.Redis.from_url(run.redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


@dataclass
class Run:
    """Where this run keeps its files, and the environment every process of the site gets."""

    args: argparse.Namespace
    server_url: str
    redis_url: str
    folder: Path
    port: int

    @property
    def database_url(self) -> str:
        return _with_database(self.server_url, self.args.db_name)

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.host,
            # Plain HTTP on the loopback: cookies marked Secure would never be sent back.
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "LANGUAGE_COOKIE_SECURE": "0",
            # and no redirect to https, which nothing here serves.
            "SECURE_SSL_REDIRECT": "0",
            "MEDIA_ROOT": str(self.folder / "media"),
            "BENCH_STATIC_ROOT": str(self.folder / "static"),
            "EMAIL_URL": f"filemail://{self.folder / 'mail'}",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }


SECRET_KEY = secrets.token_urlsafe(50)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Processes ---------------------------------------------------------------------------------


def run_step(run: Run, name: str, command: list[str], timeout: float | None = None) -> str:
    """Run a command to its end, its output in the run folder's log; stdout returned."""
    log = run.folder / "logs" / f"{name}.log"
    result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        command, cwd=BASE_DIR, env=run.env(), capture_output=True, text=True, timeout=timeout
    )
    log.write_text(result.stdout + result.stderr)
    if result.returncode:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        raise Failed(f"{name} failed (exit {result.returncode}, log {log}):\n{tail}")
    return result.stdout


def run_json(run: Run, name: str, *args: str, timeout: float | None = None) -> dict:
    """A step of benchmarks/jobs.py in a fresh process; its figures are its last line."""
    out = run_step(run, name, [sys.executable, str(BENCH_DIR / "jobs.py"), *args], timeout)
    return json.loads(out.strip().splitlines()[-1])


def manage(run: Run, name: str, *args: str) -> str:
    return run_step(run, name, [sys.executable, str(BASE_DIR / "manage.py"), *args])


def start(run: Run, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Start a long-running process in its own process group, so that all of it can be stopped."""
    log = open(run.folder / "logs" / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def procfile_command(kind: str, port: int) -> list[str]:
    """The Procfile's line for web or worker, with this run's port and absolute paths."""
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            words = shlex.split(command.replace("$PORT", str(port)))
            # The program and any command it runs (portal.keepalive's), from this venv.
            return [str(BIN / Path(w).name) if w.startswith(".venv/") else w for w in words]
    raise Failed(f"the Procfile has no {kind} line")


def wait_healthy(run: Run, processes: dict[str, subprocess.Popen], timeout: float = 120) -> None:
    """Until /healthz says the database, Redis and a Celery worker all answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise Failed(f"{name} stopped at start: see {run.folder / 'logs' / name}.log")
        try:
            with urllib.request.urlopen(f"{run.host}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise Failed(f"the site did not become healthy in {timeout:.0f} s")


# Database ----------------------------------------------------------------------------------


def prepare_database(run: Run) -> dict:
    """Fresh database with demo and scale data, or the one kept from an earlier run (--reuse)."""
    marker = run.folder / "seeded.json"
    name = run.args.db_name
    if run.args.reuse and marker.exists() and _database_exists(run.server_url, name):
        seeded = json.loads(marker.read_text())
        factor = 0 if run.args.demo_only else run.args.factor
        if seeded.get("factor") == factor and seeded.get("seed") == run.args.seed:
            print(f"Reusing database {name} (seeded {seeded['at']}).", flush=True)
            manage(run, "migrate", "migrate", "--noinput")
            return {**seeded, "reused": True}
    marker.unlink(missing_ok=True)
    print(f"Creating database {name}...", flush=True)
    _admin_sql(run.server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_sql(run.server_url, f'CREATE DATABASE "{name}"')
    manage(run, "migrate", "migrate", "--noinput")
    manage(run, "seed_demo", "seed_demo")
    started = time.perf_counter()
    if not run.args.demo_only:
        print(f"seed_scale --factor {run.args.factor:g} (timed)...", flush=True)
        scale = ["--seed", str(run.args.seed), "--factor", str(run.args.factor)]
        manage(run, "seed_scale", "seed_scale", *scale)
    seconds = time.perf_counter() - started
    seeded = {
        "factor": 0 if run.args.demo_only else run.args.factor,
        "seed": run.args.seed,
        "seed_seconds": seconds,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    marker.write_text(json.dumps(seeded))
    return {**seeded, "reused": False}


def _database_exists(server_url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(_with_database(server_url, "postgres"), autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def _server_version(run: Run) -> str:
    import psycopg

    with psycopg.connect(run.database_url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# Load scenarios ----------------------------------------------------------------------------


def query_count_urls(plan: dict) -> dict[str, dict]:
    """One request per scenario for counting queries in-process (Django's test client)."""
    first_filter = plan["list_filters"][0] if plan["list_filters"] else {}
    board = {k: v for k, v in plan["board_filters"][0].items() if v}
    urls = {
        "home": "/",
        "practice_list": f"/practices/?{urlencode(first_filter)}",
        "search": "/practices/?" + urlencode({"q": "land release"}),
        "practice_detail": f"/practices/{plan['slugs'][0]}/" if plan["slugs"] else "/practices/",
        "training_dashboard": "/trainings/dashboard/",
        "participant_list": "/trainings/people/",
        "request_board": f"/platform/requests/?{urlencode(board)}",
        "mobilisation_dashboard": "/platform/dashboard/",
        "admin_search": "/bench-admin/knowledge/practice/?" + urlencode({"q": "land release"}),
    }
    accounts = {s.key: s.account for s in [*SCENARIOS, PEER_SEARCH]}
    return {key: {"url": url, "account": accounts[key]} for key, url in urls.items()}


def scenario_urls(plan: dict) -> dict[str, list[str]]:
    """Every distinct URL of each scenario: the first-visit pass requests each once, and the
    simulated users draw from the same lists (benchmarks/locustfile.py)."""

    def with_query(path: str, rows: list[dict]) -> list[str]:
        return [f"{path}?{urlencode({k: v for k, v in row.items() if v})}" for row in rows]

    urls = {
        "home": ["/"],
        "practice_list": with_query("/practices/", plan["list_filters"]),
        "search": with_query("/practices/", [{"q": q} for q in plan["queries"]]),
        "practice_detail": [f"/practices/{slug}/" for slug in plan["slugs"]],
        "training_dashboard": ["/trainings/dashboard/"],
        "participant_list": with_query(
            "/trainings/people/", [{"page": n} for n in range(1, plan["people_pages"] + 1)]
        ),
        "request_board": with_query("/platform/requests/", plan["board_filters"]),
        "mobilisation_dashboard": ["/platform/dashboard/"],
        "admin_search": with_query(
            "/bench-admin/knowledge/practice/", [{"q": q} for q in plan["queries"]]
        ),
    }
    return {key: list(dict.fromkeys(paths)) for key, paths in urls.items()}


class Browser:
    """One visitor, one request at a time, with its own cookies; signs in through allauth's
    form as the simulated users do."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def get(self, path: str) -> tuple[float, bool]:
        """Milliseconds to the last byte, and whether the page was served (200, not the sign-in
        form)."""
        started = time.perf_counter()
        try:
            with self.opener.open(self.host + path, timeout=120) as response:
                response.read()
                served = response.status == 200 and "/accounts/login/" not in response.url
        except urllib.error.HTTPError as exc:
            exc.read()
            served = False
        return (time.perf_counter() - started) * 1000, served

    def sign_in(self, email: str, password: str) -> None:
        self.get("/accounts/login/")
        form = {"login": email, "password": password}
        form["csrfmiddlewaretoken"] = self.cookie("csrftoken")
        url = f"{self.host}/accounts/login/"  # http://127.0.0.1:PORT, the site we started
        request = urllib.request.Request(url, urlencode(form).encode())  # noqa: S310
        try:
            with self.opener.open(request, timeout=120) as response:
                response.read()
                refused = "/accounts/login/" in response.url
        except urllib.error.HTTPError as exc:
            raise Failed(f"signing in as {email} failed: HTTP {exc.code}") from exc
        if refused or not self.cookie("sessionid"):
            raise Failed(f"signing in as {email} was refused")


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the smallest value that `share` of the values are at or under."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def first_visit_figures(times: list[float], errors: int) -> dict:
    return {
        "urls": len(times),
        "errors": errors,
        "p50": _percentile(times, 0.50),
        "p95": _percentile(times, 0.95),
        "max": max(times, default=None),
        "seconds": sum(times) / 1000,
    }


def run_first_visits(run: Run, scenarios: list[Scenario], results: dict) -> None:
    """Each URL of each scenario once, in turn, on an empty cache: what the first visitor after
    a change of the data waits. Leaves every page of the plan in the cache."""
    plan = json.loads((run.folder / "plan.json").read_text())
    for scenario in scenarios:
        browser = Browser(run.host)
        if scenario.account:
            browser.sign_in(f"{scenario.account}@{plan['domain']}", plan["password"])
        times, errors = [], 0
        for path in plan["urls"][scenario.key]:
            milliseconds, served = browser.get(path)
            times.append(milliseconds)
            errors += not served
        figures = results[scenario.key] = first_visit_figures(times, errors)
        print(
            f"  {scenario.title}: {figures['urls']} URLs, p50 {figures['p50']:.0f} ms, "
            f"p95 {figures['p95']:.0f} ms, max {figures['max']:.0f} ms, {errors} errors",
            flush=True,
        )


def run_locust(run: Run, scenario: Scenario, users: int) -> dict:
    prefix = run.folder / "locust" / f"{scenario.key}-{users}"
    command = [
        str(LOCUST),
        "-f",
        str(BENCH_DIR / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{run.args.duration}s",
        "--stop-timeout",
        "10",
        "--host",
        run.host,
        "--csv",
        str(prefix),
        "--only-summary",
        scenario.user_class,
    ]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BENCH_PLAN": str(run.folder / "plan.json"),
        "BENCH_THINK_MIN": str(THINK[0]),
        "BENCH_THINK_MAX": str(THINK[1]),
    }
    process = start(run, f"locust-{scenario.key}-{users}", command, env)
    try:
        process.wait(run.args.duration + 90)
    except subprocess.TimeoutExpired as exc:
        raise Failed(f"locust did not stop for {scenario.key} at {users} users") from exc
    finally:
        stop(process)
    return locust_figures(prefix, scenario.key)


def locust_figures(prefix: Path, name: str) -> dict:
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise Failed(f"locust wrote no statistics: see {prefix.parent.parent / 'logs'}")
    rows = list(csv.DictReader(stats.open()))
    row = next((r for r in rows if r["Name"] == name), None)
    errors = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated")
    failures_file = Path(f"{prefix}_failures.csv")
    failures = list(csv.DictReader(failures_file.open())) if failures_file.exists() else []

    def number(column: str) -> float | None:
        value = row.get(column) if row else None
        return float(value) if value not in (None, "", "N/A") else None

    return {
        "requests": int(row["Request Count"]) if row else 0,
        "errors": errors,
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
        "max": number("Max Response Time"),
        "rps": number("Requests/s"),
        "failures": [
            {"name": f["Name"], "error": f["Error"], "count": f["Occurrences"]}
            for f in failures[:5]
        ],
    }


def run_scenarios(run: Run, scenarios: list[Scenario], results: dict) -> None:
    for scenario in scenarios:
        results[scenario.key] = {}
        for users in USERS:
            print(f"  {scenario.title}: {users} user(s), {run.args.duration} s", flush=True)
            figures = run_locust(run, scenario, users)
            results[scenario.key][str(users)] = figures
            print(
                f"    p50 {figures['p50']} ms, p95 {figures['p95']} ms, "
                f"{figures['rps'] or 0:.1f} req/s, {figures['errors']} errors",
                flush=True,
            )


# Background jobs and peers -----------------------------------------------------------------


def run_jobs(run: Run, jobs: dict) -> None:
    plan = str(run.folder / "plan.json")
    jobs |= {"exports": {}, "peer_exports": {}}
    for fmt in ("csv", "xlsx"):
        for size, extra in (("half", ["--half"]), ("all", [])):
            print(f"  export {fmt} ({size} the enrolments)", flush=True)
            jobs["exports"][f"{fmt}-{size}"] = run_json(
                run, f"export-{fmt}-{size}", "export", fmt, plan, *extra
            )
        print(f"  export {fmt} (all) with django-import-export", flush=True)
        jobs["peer_exports"][f"{fmt}-all"] = run_json(
            run, f"peer-export-{fmt}-all", "peer-export", fmt, plan
        )
    spreadsheet = str(run.folder / "import.xlsx")
    run_json(
        run, "import-file", "import-file", plan, spreadsheet, "--rows", str(run.args.import_rows)
    )
    print(f"  import of {run.args.import_rows:,} rows: ours, then django-import-export", flush=True)
    jobs["import"] = run_json(run, "import", "import", spreadsheet)
    jobs["peer_import"] = run_json(run, "peer-import", "peer-import", spreadsheet)
    print("  notification fan-out", flush=True)
    jobs["fanout"] = run_json(run, "fanout", "fanout", "--timeout", "600")


# Machine and versions ----------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text().split()
    ram_gb = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 / 1024
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_gb, 1),
        "os": platform.platform(),
        # Anything else running skews the figures: the load average says whether it was quiet.
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "commit": _commit(),
    }


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607 - git from PATH, like a developer's shell
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    # The figures this run writes are not changes to the code measured.
    changed = git(
        "status", "--porcelain", "--", ".", ":!benchmarks/RESULTS.md", ":!benchmarks/results.json"
    )
    return f"{commit} + uncommitted changes" if changed else commit


def versions(run: Run) -> dict:
    found = {"Python": platform.python_version(), "PostgreSQL": _server_version(run)}
    for package in (
        "Django",
        "gunicorn",
        "celery",
        "psycopg",
        "openpyxl",
        "lxml",
        "django-import-export",
    ):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    locust = subprocess.run(  # noqa: S603
        [str(LOCUST), "--version"], capture_output=True, text=True, check=False
    ).stdout.split()
    found["locust"] = locust[1] if len(locust) > 1 else "unknown"
    return found


# Results -----


def write_results(run: Run, results: dict) -> None:
    out: Path = run.args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_name("results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    text = report.render(results, scenarios=[*SCENARIOS, PEER_SEARCH])
    notes = BENCH_DIR / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text()
    out.write_text(text)


# The run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not LOCUST.exists():
        print(f"{LOCUST} is missing: run `make bench` (it installs .venv-load).", file=sys.stderr)
        return 2
    server_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    if not (server_url and redis_url):
        print("Set DATABASE_URL and REDIS_URL, or run `make bench`.", file=sys.stderr)
        return 2
    folder = BASE_DIR / "var" / "bench" / args.db_name
    for sub in ("logs", "locust", "media", "mail"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for stale in (folder / "locust").glob("*"):
        stale.unlink()
    run = Run(args, server_url, _redis_url(redis_url, args.redis_db), folder, _free_port())
    # Stop cleanly when told to (make, CI, a terminal closing) as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    processes: dict[str, subprocess.Popen] = {}
    results: dict = {}
    try:
        bench(run, processes, results)
    except Failed as exc:
        partial = folder / "results-partial.json"
        partial.write_text(json.dumps(results, indent=1, default=str))
        print(f"\nmake bench failed: {exc}\n(figures so far: {partial})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted: stopping what the benchmark started.", file=sys.stderr)
        return 130
    finally:
        for process in processes.values():
            stop(process)
    results["total_seconds"] = time.perf_counter() - started
    write_results(run, results)
    print(f"\nWrote {args.out} and {args.out.with_name('results.json')}", flush=True)
    return 0


def bench(run: Run, processes: dict[str, subprocess.Popen], results: dict) -> None:
    """Every step in order, its figures added to `results` as they come."""
    results |= {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "factor": run.args.factor,
            "duration_s": run.args.duration,
            "users": list(USERS),
            "think_s": list(THINK),
            "database": run.args.db_name,
            "redis_db": run.args.redis_db,
        },
    }
    results["data"] = prepare_database(run)
    results["versions"] = versions(run)
    manage(run, "collectstatic", "collectstatic", "--noinput", "--clear")
    results["sizes"] = run_json(run, "plan", "plan", str(run.folder / "plan.json"))
    plan = json.loads((run.folder / "plan.json").read_text())
    plan["urls"] = scenario_urls(plan)
    (run.folder / "plan.json").write_text(json.dumps(plan, indent=1))
    urls = query_count_urls(plan)
    (run.folder / "urls.json").write_text(json.dumps(urls))
    results["queries"] = run_json(run, "queries", "queries", str(run.folder / "urls.json"))
    # On the demo data alone: seed_scale's practices are not in the relevance set.
    print("Relevance set on a scratch database with seed_demo...", flush=True)
    script = [sys.executable, str(BENCH_DIR / "relevance.py"), "--scratch", "--json"]
    out = run_step(run, "relevance", script)
    relevance = results["relevance"] = json.loads(out.splitlines()[-1])
    overall = relevance["overall"]
    print(f"  MRR {overall['mrr']:.3f}, nDCG@5 {overall['ndcg']:.3f}", flush=True)

    web = procfile_command("web", run.port)
    worker = procfile_command("worker", run.port)
    worker = [w.replace("worker@%h", "bench@%h") for w in worker]
    results["commands"] = {"web": shlex.join(web), "worker": shlex.join(worker)}
    # Nothing an earlier run (--reuse) or the query count above cached may serve a first visit.
    # Before the worker starts: the database is also its broker.
    flush_cache(run)
    processes["worker"] = start(run, "worker", worker, run.env())
    processes["web"] = start(run, "web", web, run.env())
    wait_healthy(run, processes)
    print(f"Site up at {run.host} (gunicorn + Celery worker).", flush=True)

    scenarios = [
        s for s in [*SCENARIOS, PEER_SEARCH] if not run.args.only or s.key in run.args.only
    ]
    print("First visits, one request at a time on an empty cache:", flush=True)
    run_first_visits(run, scenarios, results.setdefault("first_visits", {}))
    print("Under load, on the cache the first visits filled:", flush=True)
    run_scenarios(run, scenarios, results.setdefault("scenarios", {}))
    stop(processes.pop("web"))
    print("Long tail with writes, cold then warm, and the knee (benchmarks/longtail.py):")
    longtail = [sys.executable, str(BENCH_DIR / "longtail.py"), "--database-url"]
    longtail += [run.database_url, "--redis-url", run.redis_url, "--port", str(_free_port())]
    tables = []
    for name, options in [
        ("longtail", ["--knee", "40,60,80"]),
        ("longtail-peer", ["--pages", "admin search (peer)", "--duration", "30"]),
    ]:
        table = run.folder / f"{name}.md"
        print(run_step(run, name, [*longtail, "--output", str(table), *options]), flush=True)
        tables.append(table.read_text())
    results["longtail"] = "\n".join(tables)
    if not run.args.skip_jobs:
        print("Background jobs and peers:", flush=True)
        run_jobs(run, results.setdefault("jobs", {}))


if __name__ == "__main__":
    sys.exit(main())
