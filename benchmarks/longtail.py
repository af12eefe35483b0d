"""The search and the practice list on a cold long tail, with writes running (issues 12 and 13).

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/longtail.py --database-url postgres://.../portal_bench

The database must already hold scale data (`make bench` or `manage.py seed_scale`). Starts
gunicorn with the Procfile's options and production settings, draws for this run a fresh set of
URLs that are each requested once - searches made from the data's own vocabulary (pairs of
words, a term and a place, quoted phrases, misspellings, exclusions, acronyms, some with a
country or a later page), list filter combinations (country, theme, year, sort, page), practice
pages, participant list pages and name searches, request board filters, training dashboard
filters, and the mobilisation dashboard (one page: its visits after each write) - and has N
users (think time 0.5-1.5 s) request them, signed in as seed_demo's coordinator, member or
secretariat where the page needs it, while a writer marks a practice useful and comments once
a second, republishes one every ten seconds, updates an import's worth of enrolments, makes
offers and opens requests (`writer`), so every cache the site keeps is emptied as on a live
site. Then the same URLs once more without writes (warm: what the cache gives). Prints a
Markdown table and writes it to --output, every request of the cold run to a .trace.tsv beside
it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {
    "search": 150,
    "practice list": 100,
    "practice detail": 100,
    "participant list": 100,
    "request board": 100,
    "training dashboard": 300,
    "mobilisation dashboard": 300,
}
# The peer: the Django admin's `search_fields` over the same practices (benchmarks/peers.py),
# on the search's long tail. Run only when asked for (--pages): at tens of seconds a request it
# would take the CPU from every other page.
PEER = "admin search (peer)"
# The demo account each page is requested as ("" for a visitor; seed_demo's accounts).
ACCOUNTS = {
    PEER: "admin",
    "participant list": "coordinator",
    "training dashboard": "coordinator",
    "request board": "member",
    "mobilisation dashboard": "secretariat",
}
DEMO_DOMAIN = "demo.mineaction.org"


def server_memory(db: str) -> str:
    """What PostgreSQL holds in its own memory against the database's size: on a machine that
    pages out file cache (this VM, after a minute) the long tail reads the rest from disk."""
    with psycopg.connect(db) as conn:
        buffers, size = conn.execute(
            "SELECT current_setting('shared_buffers'),"
            " pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    return f"PostgreSQL shared_buffers {buffers}, database {size}"


def vocabulary(db: str, rng: random.Random) -> dict:
    with psycopg.connect(db) as conn:
        terms = [r[0] for r in conn.execute("SELECT text FROM knowledge_thesaurusterm")]
        titles = [
            r[0]
            for r in conn.execute(
                "SELECT title FROM knowledge_practice WHERE status = 'published'"
                " ORDER BY random() LIMIT 3000"
            )
        ]
        slugs = [
            r[0]
            for r in conn.execute(
                "SELECT slug FROM knowledge_practice WHERE status = 'published'"
                " AND visibility = 'public' ORDER BY random() LIMIT 20000"
            )
        ]
        themes = [r[0] for r in conn.execute("SELECT slug FROM knowledge_theme")]
        countries = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT unnest(countries) FROM knowledge_practice LIMIT 300"
            )
        ]
        ids = [r[0] for r in conn.execute("SELECT id FROM knowledge_practice LIMIT 50000")]
        names = [
            r[0]
            for r in conn.execute(
                "SELECT split_part(full_name, ' ', 2) FROM trainings_person"
                " WHERE full_name LIKE '%% %%' ORDER BY random() LIMIT 3000"
            )
        ]
        people = conn.execute("SELECT count(*) FROM trainings_person").fetchone()[0]
        programmes = [r[0] for r in conn.execute("SELECT id FROM trainings_programme")]
        board = conn.execute(
            "SELECT array_agg(DISTINCT country), array_agg(DISTINCT kind),"
            " array_agg(DISTINCT nexus) FROM platform_africa_supportrequest"
        ).fetchone()
        sessions = [r[0] for r in conn.execute("SELECT id FROM trainings_session LIMIT 5000")]
        offers = [r[0] for r in conn.execute("SELECT id FROM platform_africa_offer LIMIT 5000")]
        requests = [
            r[0] for r in conn.execute("SELECT id FROM platform_africa_supportrequest LIMIT 5000")
        ]
        users = [r[0] for r in conn.execute("SELECT id FROM portal_user LIMIT 5000")]
    words = sorted({w for t in titles for w in re.findall(r"\w{4,}", t)})
    places = sorted({w for t in titles for w in re.findall(r"\b[A-Z]\w{3,}", t)})
    return {
        "terms": terms, "titles": titles, "words": words, "places": places, "slugs": slugs,
        "themes": themes, "countries": countries, "ids": ids, "names": names,
        "people_pages": max(1, people // 50), "programmes": programmes,
        "board_countries": board[0] or [], "board_kinds": board[1] or [],
        "board_nexus": board[2] or [], "sessions": sessions, "offers": offers,
        "requests": requests, "users": users,
    }  # fmt: skip


def _misspelt(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return rng.choice([word[:i] + word[i + 1 :], word[:i] + word[i + 1] + word[i] + word[i + 2 :]])


def search_urls(v: dict, rng: random.Random, n: int) -> list[str]:
    kinds = [
        lambda: f"{rng.choice(v['words'])} {rng.choice(v['words'])}",
        lambda: f"{rng.choice(v['terms'])} {rng.choice(v['places'])}",
        lambda: '"' + " ".join(_window(rng.choice(v["titles"]), rng)) + '"',
        lambda: " ".join(_misspelt(w, rng) for w in rng.choice(v["terms"]).split()),
        lambda: f"{rng.choice(v['words'])} -{rng.choice(v['words'])}",
        lambda: rng.choice(v["terms"]),
        lambda: " ".join(_window(rng.choice(v["titles"]), rng)),
    ]
    urls: set[str] = set()
    while len(urls) < n:
        params: dict = {"q": rng.choice(kinds)()}
        if rng.random() < 0.25:
            params["country"] = rng.choice(v["countries"])
        if rng.random() < 0.2:
            params["page"] = rng.choice([2, 3])
        urls.add("/practices/?" + urlencode(params))
    return sorted(urls, key=lambda _u: rng.random())


def _window(title: str, rng: random.Random) -> list[str]:
    words = title.split()
    size = min(len(words), rng.choice([2, 3]))
    start = rng.randrange(0, len(words) - size + 1)
    return words[start : start + size]


def list_urls(v: dict, rng: random.Random, n: int) -> list[str]:
    urls: set[str] = set()
    while len(urls) < n:
        params: dict = {}
        if rng.random() < 0.6:
            params["country"] = rng.choice(v["countries"])
        if rng.random() < 0.6:
            params["theme"] = rng.choice(v["themes"])
        if rng.random() < 0.3:
            params["year"] = rng.randrange(2000, 2026)
        if rng.random() < 0.3:
            params["sort"] = rng.choice(["newest", "useful"])
        params["page"] = rng.choice([1, 1, 1, 2, 3, 4, 5])
        urls.add("/practices/?" + urlencode(params))
    return sorted(urls, key=lambda _u: rng.random())


def _sample(items: list, n: int, rng: random.Random) -> list:
    """`n` of `items`, each once while there are enough (small data repeats them)."""
    drawn = rng.sample(items, min(n, len(items)))
    while items and len(drawn) < n:
        drawn += rng.sample(items, min(n - len(drawn), len(items)))
    return drawn


def _distinct(make, n: int, rng: random.Random, tries: int = 20) -> list[str]:
    urls: set[str] = set()
    for _ in range(n * tries):
        if len(urls) >= n:
            break
        urls.add(make())
    return sorted(urls, key=lambda _u: rng.random())


def participant_urls(v: dict, rng: random.Random, n: int) -> list[str]:
    """Pages of the participant list and searches for a name (or its start)."""

    def make() -> str:
        if rng.random() < 0.5:
            return "/trainings/people/?" + urlencode({"page": rng.randrange(1, v["people_pages"])})
        name = rng.choice(v["names"])
        params: dict = {"q": name if rng.random() < 0.6 else name[: max(3, len(name) // 2)]}
        if rng.random() < 0.2:
            params["page"] = 2
        return "/trainings/people/?" + urlencode(params)

    return _distinct(make, n, rng)


def board_urls(v: dict, rng: random.Random, n: int) -> list[str]:
    """The request board with filter combinations, some with a search or a later page."""

    def make() -> str:
        params: dict = {}
        if rng.random() < 0.6:
            params["status"] = rng.choice(["open", "in_progress", "fulfilled", "closed"])
        if rng.random() < 0.5:
            params["kind"] = rng.choice(v["board_kinds"])
        if rng.random() < 0.5:
            params["country"] = rng.choice(v["board_countries"])
        if rng.random() < 0.2:
            params["nexus"] = rng.choice(v["board_nexus"])
        if rng.random() < 0.2:
            params["q"] = rng.choice(v["words"])
        if rng.random() < 0.3:
            params["page"] = rng.choice([2, 3])
        return "/platform/requests/?" + urlencode(params)

    return _distinct(make, n, rng)


def dashboard_urls(v: dict, rng: random.Random, n: int) -> list[str]:
    """The training dashboard for a programme, a span of years, a country, or together."""

    def make() -> str:
        params: dict = {}
        if rng.random() < 0.5 and v["programmes"]:
            params["programme"] = rng.choice(v["programmes"])
        if rng.random() < 0.5:
            start = rng.randrange(2011, 2026)
            params["year_from"], params["year_to"] = start, rng.randrange(start, 2027)
        if rng.random() < 0.4:
            params["country"] = rng.choice(v["countries"])
        return "/trainings/dashboard/?" + urlencode(params) if params else "/trainings/dashboard/"

    return _distinct(make, n, rng)


def sign_in(host: str, account: str, password: str) -> str:
    """The session cookie of `account` after allauth's sign-in form ("name=value")."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{host}/accounts/login/", timeout=60) as response:
        response.read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {"login": f"{account}@{DEMO_DOMAIN}", "password": password}
    form["csrfmiddlewaretoken"] = token
    request = urllib.request.Request(f"{host}/accounts/login/", urlencode(form).encode())  # noqa: S310
    with opener.open(request, timeout=60) as response:
        response.read()
    session = next((c.value for c in jar if c.name == "sessionid"), "")
    if not session:
        raise SystemExit(f"signing in as {account} was refused")
    return f"sessionid={session}"


class Load:
    def __init__(
        self,
        host: str,
        urls: dict[str, list[str]],
        users: int,
        duration: float,
        cookies: dict[str, str] | None = None,
    ):
        self.host, self.users, self.duration = host, users, duration
        self.cookies = cookies or {}  # page -> the Cookie header of its account
        self.pending = {name: list(items) for name, items in urls.items()}
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {name: [] for name in urls}
        self.errors: dict[str, int] = dict.fromkeys(urls, 0)
        self.served: dict[str, list[str]] = {name: [] for name in urls}
        self.trace: list[tuple[float, str, float, str]] = []  # (start s, page, ms, path)
        self.began = time.monotonic()

    def _next(self, rng: random.Random) -> tuple[str, str] | None:
        with self.lock:
            names = [name for name, items in self.pending.items() if items]
            if not names:
                return None
            name = rng.choice(names)
            return name, self.pending[name].pop()

    def _user(self, seed: int, stop: float) -> None:
        rng = random.Random(seed)
        time.sleep(rng.uniform(0.5, 1.5))
        while time.monotonic() < stop and (item := self._next(rng)):
            name, path = item
            began, started = time.perf_counter(), time.monotonic() - self.began
            try:
                request = urllib.request.Request(self.host + path)  # noqa: S310
                if name in self.cookies:
                    request.add_header("Cookie", self.cookies[name])
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
                    ok = response.status == 200 and "/accounts/login/" not in response.url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                ok = False
            elapsed = (time.perf_counter() - began) * 1000
            with self.lock:
                self.times[name].append(elapsed)
                self.served[name].append(path)
                self.trace.append((started, name, elapsed, path))
                if not ok:
                    self.errors[name] += 1
            time.sleep(rng.uniform(0.5, 1.5))

    def run(self) -> float:
        stop = time.monotonic() + self.duration
        began = self.began = time.monotonic()
        threads = [
            threading.Thread(target=self._user, args=(i, stop), daemon=True)
            for i in range(self.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - began


# The writes that come every few seconds: (every n seconds, what the report calls them, the
# statement, the vocabulary list its one id is drawn from).
PERIODIC_WRITES = [
    (
        10,
        "publications",
        "UPDATE knowledge_practice SET published_at = now(), updated_at = now()"
        " WHERE id = %s AND status = 'published'",
        "ids",
    ),
    (
        15,
        "enrolment imports (50 rows)",  # as an import confirms a session's enrolments
        "UPDATE trainings_enrolment SET updated_at = now(), post_score = post_score"
        " WHERE id IN (SELECT id FROM trainings_enrolment WHERE session_id = %s LIMIT 50)",
        "sessions",
    ),
    (
        20,
        "offers",
        "INSERT INTO platform_africa_offer (description, quantity, amount, currency,"
        " available_from, conditions, status, created_at, decided_at, decision_reason,"
        " created_by_id, organisation_id, request_id)"
        " SELECT description, quantity, amount, currency, available_from, conditions,"
        " 'pending', now(), NULL, '', created_by_id, organisation_id, request_id"
        " FROM platform_africa_offer WHERE id = %s",
        "offers",
    ),
    (
        30,
        "requests opened",
        "UPDATE platform_africa_supportrequest SET status = 'open', opened_at = now(),"
        " updated_at = now() WHERE id = %s",
        "requests",
    ),
]


def writer(db: str, v: dict, stop: threading.Event, counts: dict) -> None:
    """Writes as a live site has them, in SQL (the triggers version the caches whatever writes):
    a useful mark and a comment every second, and PERIODIC_WRITES."""
    rng = random.Random()

    def count(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    with psycopg.connect(db, autocommit=True) as conn:
        n = 0
        while not stop.wait(1.0):
            n += 1
            practice = rng.choice(v["ids"])
            conn.execute(
                "UPDATE knowledge_practice SET useful_count = useful_count + 1 WHERE id = %s",
                [practice],
            )
            count("useful marks")
            conn.execute(
                "INSERT INTO knowledge_comment (body, created_at, author_id, practice_id)"
                " VALUES (%s, now(), %s, %s)",
                ["Useful for our survey teams, thank you.", rng.choice(v["users"]), practice],
            )
            count("comments")
            for every, name, statement, pool in PERIODIC_WRITES:
                if n % every == 0 and v[pool]:
                    conn.execute(statement, [rng.choice(v[pool])])
                    count(name)


def figures(load: Load, seconds: float) -> dict[str, dict]:
    out = {}
    for name, times in load.times.items():
        if not times:
            continue
        ordered = sorted(times)

        def pct(share: float, ordered=ordered) -> float:
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

        out[name] = {
            "requests": len(times),
            "unique": len(set(load.served[name])),
            "errors": load.errors[name],
            "p50": statistics.median(ordered),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "rps": len(times) / seconds,
        }
    return out


def start_site(args: argparse.Namespace, port: int, folder: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SECRET_KEY": "longtail-benchmark-only",
        # Plain HTTP on the loopback: cookies marked Secure would never be sent back.
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LANGUAGE_COOKIE_SECURE": "0",
        # and no redirect to https, which nothing here serves.
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "BENCH_STATIC_ROOT": str(folder / "static"),
        "PORT": str(port),
    }
    manage = [str(BIN / "python"), str(BASE_DIR / "manage.py")]
    for command in (["collectstatic", "--noinput", "-v0"], ["search_index"]):
        subprocess.run([*manage, *command], env=env, check=True)  # noqa: S603 - our own commands
    line = next(
        line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    words = shlex.split(line.partition(":")[2].replace("$PORT", str(port)))
    words[0] = str(BIN / Path(words[0]).name)
    words = [w for w in words if w not in ("--access-logfile", "-")]
    log = open(folder / "web.log", "w")  # noqa: SIM115 - open while the site runs
    process = subprocess.Popen(  # noqa: S603 - the Procfile's command
        words, env=env, cwd=BASE_DIR, stdout=log, stderr=log
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):  # noqa: S310
                return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"the site did not start: see {folder / 'web.log'}")


def warm_up(host: str, paths: list[str]) -> None:
    """Each gunicorn worker's first requests import views, compile templates, read the
    catalogues and open the index, once per process start: done here on pages outside the
    measured ones, several at a time so that every worker gets some, before the cache is
    emptied. A first visit, not a process start, is what "cold" measures."""

    def get(path: str) -> None:
        with urllib.request.urlopen(host + path, timeout=60) as response:  # noqa: S310
            response.read()

    threads = [threading.Thread(target=get, args=(path,)) for path in paths * 8]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def table(cold: dict, warm: dict) -> str:
    lines = [
        "| page | target p95 | cold p50 | cold p95 | cold p99 | cold req/s | errors "
        "| warm p50 | warm p95 | requests (distinct URLs) | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, target in [*TARGETS.items(), (PEER, None)]:
        c, w = cold.get(name), warm.get(name, {})
        if not c:
            continue
        verdict = "for comparison" if target is None else "PASS"
        if target is not None and (c["p95"] > target or c["errors"]):
            verdict = "FAIL"
        shown = f"{target} ms" if target else "-"
        lines.append(
            f"| {name} | {shown} | {c['p50']:.0f} | {c['p95']:.0f} | {c['p99']:.0f} "
            f"| {c['rps']:.1f} | {c['errors']} | {w.get('p50', 0):.0f} | {w.get('p95', 0):.0f} "
            f"| {c['requests']:,} ({c['unique']:,}) | {verdict} |"
        )
    total = sum(c["rps"] for c in cold.values())
    lines += ["", f"Served {total:.1f} requests/s in all (cold)."]
    return "\n".join(lines)


def draw(
    v: dict, rng: random.Random, users: int, duration: float, pages: list[str]
) -> dict[str, list[str]]:
    """A fresh long tail: more URLs of each page than `users` can request in `duration`."""
    n = int(users * duration * 1.2) + 50
    searches = search_urls(v, rng, n)
    urls = {
        "search": searches,
        PEER: [url.replace("/practices/", "/bench-admin/knowledge/practice/") for url in searches],
        "practice list": list_urls(v, rng, n),
        "practice detail": [f"/practices/{slug}/" for slug in _sample(v["slugs"], n, rng)],
        "participant list": participant_urls(v, rng, n),
        "request board": board_urls(v, rng, n),
        "training dashboard": dashboard_urls(v, rng, n),
        # One page, no filters: its first visit after each write is what is measured.
        "mobilisation dashboard": ["/platform/dashboard/"] * n,
    }
    return {page: found for page, found in urls.items() if page in pages}


def cold_run(args: argparse.Namespace, host: str, urls: dict, users: int, v: dict, cookies: dict):
    """`users` requesting `urls` on an emptied cache while the writer writes."""
    redis.Redis.from_url(args.redis_url).flushdb()  # nothing cached before the run
    stop, counts = threading.Event(), {}
    thread = threading.Thread(target=writer, args=(args.database_url, v, stop, counts))
    thread.start()
    try:
        load = Load(host, urls, users, args.duration, cookies)
        found = figures(load, load.run())
    finally:
        stop.set()
        thread.join()
    return load, found, counts


def knee_table(steps: list[tuple[int, dict]]) -> str:
    lines = [
        "| users | requests/s served | "
        + " | ".join(f"{name} p95 (≤ {target})" for name, target in TARGETS.items())
        + " |",
        "| --- | --- | " + " | ".join("---" for _ in TARGETS) + " |",
    ]
    for users, found in steps:
        total = sum(c["rps"] for c in found.values())
        cells = [
            f"{found[name]['p95']:.0f}" + ("" if found[name]["p95"] <= target else " ✗")
            if name in found
            else "-"
            for name, target in TARGETS.items()
        ]
        lines.append(f"| {users} | {total:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--pages",
        default="",
        help=f"only these pages, comma-separated, of: {', '.join([*TARGETS, PEER])}",
    )
    parser.add_argument(
        "--knee", default="", help="more user counts to run cold, e.g. 40,60,80: the curve"
    )
    parser.add_argument(
        "--password", default=os.environ.get("DEMO_PASSWORD", "mine-action-demo"),
        help="of seed_demo's accounts",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--seed", type=int, default=None, help="default: a new long tail each run")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "benchmarks" / "LONGTAIL.md")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    v = vocabulary(args.database_url, rng)
    pages = [page.strip() for page in args.pages.split(",") if page.strip()] or list(TARGETS)
    if unknown := set(pages) - {*TARGETS, PEER}:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    urls = draw(v, rng, args.users, args.duration, pages)
    folder = Path(tempfile.mkdtemp(prefix="longtail-"))
    site = start_site(args, args.port, folder)
    host = f"http://127.0.0.1:{args.port}"
    steps: list[tuple[int, dict]] = []
    try:
        measured = set(urls.get("practice detail", []))
        other = next(f"/practices/{s}/" for s in v["slugs"] if f"/practices/{s}/" not in measured)
        warm_up(host, ["/practices/?q=warming+up", "/practices/?country=KH", other])
        cookies = {
            page: sign_in(host, account, args.password)
            for page, account in ACCOUNTS.items()
            if page in urls
        }
        cold_load, cold, counts = cold_run(args, host, urls, args.users, v, cookies)
        # Every cold request, by start time: slow ones that come together point at a stall.
        trace = args.output.with_suffix(".trace.tsv")
        trace.write_text(
            "".join(f"{t:.3f}\t{name}\t{ms:.0f}\t{path}\n" for t, name, ms, path in cold_load.trace)
        )
        warm_load = Load(host, cold_load.served, args.users, args.duration, cookies)
        warm = figures(warm_load, warm_load.run())
        steps.append((args.users, cold))
        for users in [int(n) for n in args.knee.split(",") if n.strip()]:
            steps.append(
                (
                    users,
                    cold_run(
                        args, host, draw(v, rng, users, args.duration, pages), users, v, cookies
                    )[1],
                )
            )
    finally:
        site.terminate()
        site.wait(timeout=30)
    report = (
        f"Long tail, {args.users} users, {args.duration:.0f} s, seed {seed}, writes during the "
        f"cold run: {counts}. {server_memory(args.database_url)}.\n\n{table(cold, warm)}\n"
    )
    if len(steps) > 1:
        report += (
            "\nThe knee: the same cold run (a fresh long tail each time, writes running) at "
            f"more users, {args.duration:.0f} s each; ✗ marks a p95 above its target.\n\n"
            f"{knee_table(steps)}\n"
        )
    args.output.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
