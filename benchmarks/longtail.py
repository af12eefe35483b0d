"""The search and the practice list on a cold long tail, with writes running (issues 12 and 13).

    DJANGO_DEBUG=1 .venv/bin/python benchmarks/longtail.py --database-url postgres://.../portal_bench

The database must already hold scale data (`make bench` or `manage.py seed_scale`). Starts
gunicorn with the Procfile's options and production settings, draws for this run a fresh set of
URLs that are each requested once - searches made from the data's own vocabulary (pairs of
words, a term and a place, quoted phrases, misspellings, exclusions, acronyms, some with a
country or a later page), list filter combinations (country, theme, year, sort, page), practice
pages - and has N users (think time 0.5-1.5 s) request them while a writer marks a practice
useful about once a second and republishes one every ten seconds, so every cache the site keeps
is emptied as on a live site. Then the same URLs once more without writes (warm: what the cache
gives). Prints a Markdown table and writes it to --output.
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
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"search": 150, "practice list": 100, "practice detail": 100}


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
    words = sorted({w for t in titles for w in re.findall(r"\w{4,}", t)})
    places = sorted({w for t in titles for w in re.findall(r"\b[A-Z]\w{3,}", t)})
    return {
        "terms": terms, "titles": titles, "words": words, "places": places, "slugs": slugs,
        "themes": themes, "countries": countries, "ids": ids,
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


class Load:
    def __init__(self, host: str, urls: dict[str, list[str]], users: int, duration: float):
        self.host, self.users, self.duration = host, users, duration
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
                with urllib.request.urlopen(self.host + path, timeout=30) as response:  # noqa: S310
                    response.read()
                    ok = response.status == 200
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


def writer(db: str, ids: list[int], stop: threading.Event, counts: dict) -> None:
    """About one useful mark a second, a practice published again every ten seconds."""
    rng = random.Random()
    with psycopg.connect(db, autocommit=True) as conn:
        n = 0
        while not stop.wait(1.0):
            n += 1
            conn.execute(
                "UPDATE knowledge_practice SET useful_count = useful_count + 1 WHERE id = %s",
                [rng.choice(ids)],
            )
            counts["useful marks"] = counts.get("useful marks", 0) + 1
            if n % 10 == 0:
                conn.execute(
                    "UPDATE knowledge_practice SET published_at = now(), updated_at = now()"
                    " WHERE id = %s AND status = 'published'",
                    [rng.choice(ids)],
                )
                counts["publications"] = counts.get("publications", 0) + 1


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
        "| warm p50 | warm p95 | requests (each URL once) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, target in TARGETS.items():
        c, w = cold.get(name), warm.get(name, {})
        if not c:
            continue
        lines.append(
            f"| {name} | {target} ms | {c['p50']:.0f} | {c['p95']:.0f} | {c['p99']:.0f} "
            f"| {c['rps']:.1f} | {c['errors']} | {w.get('p50', 0):.0f} | {w.get('p95', 0):.0f} "
            f"| {c['requests']:,} ({c['unique']:,} distinct) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--seed", type=int, default=None, help="default: a new long tail each run")
    parser.add_argument("--output", type=Path, default=BASE_DIR / "benchmarks" / "LONGTAIL.md")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    v = vocabulary(args.database_url, rng)
    n = int(args.users * args.duration * 1.2) + 50
    urls = {
        "search": search_urls(v, rng, n),
        "practice list": list_urls(v, rng, n),
        "practice detail": [f"/practices/{slug}/" for slug in rng.sample(v["slugs"], n)],
    }
    folder = Path(tempfile.mkdtemp(prefix="longtail-"))
    site = start_site(args, args.port, folder)
    host = f"http://127.0.0.1:{args.port}"
    try:
        measured = set(urls["practice detail"])
        other = next(f"/practices/{s}/" for s in v["slugs"] if f"/practices/{s}/" not in measured)
        warm_up(host, ["/practices/?q=warming+up", "/practices/?country=KH", other])
        redis.Redis.from_url(args.redis_url).flushdb()  # nothing cached before the run
        stop, counts = threading.Event(), {}
        thread = threading.Thread(target=writer, args=(args.database_url, v["ids"], stop, counts))
        thread.start()
        cold_load = Load(host, urls, args.users, args.duration)
        cold = figures(cold_load, cold_load.run())
        # Every cold request, by start time: slow ones that come together point at a stall.
        trace = args.output.with_suffix(".trace.tsv")
        trace.write_text(
            "".join(f"{t:.3f}\t{name}\t{ms:.0f}\t{path}\n" for t, name, ms, path in cold_load.trace)
        )
        stop.set()
        thread.join()
        warm_load = Load(host, cold_load.served, args.users, args.duration)
        warm = figures(warm_load, warm_load.run())
    finally:
        site.terminate()
        site.wait(timeout=30)
    report = (
        f"Long tail, {args.users} users, {args.duration:.0f} s, seed {seed}, writes during the "
        f"cold run: {counts}.\n\n{table(cold, warm)}\n"
    )
    args.output.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
