"""One request at a time, in this process: the CPU a page of the long tail costs, without the
load's queueing (benchmarks/longtail.py measures that). Each URL once, the cache emptied before
each; production settings (run `manage.py collectstatic` and `search_index` first).

    DJANGO_DEBUG=0 SECRET_KEY=x DJANGO_SETTINGS_MODULE=benchmarks.settings \\
        python benchmarks/inprocess.py --page search -n 100

Prints the wall time (median, p90, max) and the Python CPU time of this process (PostgreSQL's
share of a request is in the wall time only); --write marks a practice useful before each
request, as longtail.py's writer does every second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks import longtail  # noqa: E402

URLS = {"search": longtail.search_urls, "list": longtail.list_urls}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--page", choices=sorted(URLS), default="search")
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest URLs")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    vocabulary = longtail.vocabulary(args.database_url, rng)
    urls = URLS[args.page](vocabulary, rng, args.n)
    client = Client(HTTP_HOST="localhost")
    for url in longtail.search_urls(vocabulary, random.Random(99), 5):
        client.get(url)  # imports, templates, the index opened: not what is measured
    writes = psycopg.connect(args.database_url, autocommit=True) if args.write else None
    wall, cpu = [], []
    for url in urls:
        cache.clear()
        if writes:
            writes.execute(
                "UPDATE knowledge_practice SET useful_count = useful_count + 1 WHERE id = %s",
                [rng.choice(vocabulary["ids"])],
            )
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    ordered = sorted(wall)
    print(
        f"{args.page}: {len(urls)} URLs, wall median {statistics.median(wall):.0f} ms,"
        f" p90 {ordered[int(len(ordered) * 0.9)]:.0f}, max {ordered[-1]:.0f};"
        f" Python CPU mean {statistics.mean(cpu):.1f} ms"
    )
    for ms, url in sorted(zip(wall, urls, strict=True), reverse=True)[: args.slowest]:
        print(f"{ms:6.0f} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
