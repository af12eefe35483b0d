"""Load large, realistic, deterministic data on top of seed_demo: for benchmarks and profiling."""

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from portal import scale
from portal.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Add large realistic data (100,000 practices, 200,000 enrolments, 500,000 "
        "notifications ...) with COPY; run once, after seed_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--factor", type=float, default=1.0, help="Multiply every default size by this."
        )
        for name, size in scale.SIZES.items():
            parser.add_argument(f"--{name}", type=int, default=None, help=f"default {size:,}")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = {
            name: options[name]
            if options[name] is not None
            else max(1, round(size * options["factor"]))
            for name, size in scale.SIZES.items()
        }
        if (
            User.objects.filter(email__endswith=f"@{scale.DOMAIN}").exists()
            or Organisation.objects.filter(website__contains=f".{scale.DOMAIN}").exists()
        ):
            raise CommandError(
                "Scale data is already in this database (users @scale.example); "
                "seed_scale runs once, on a database with only the demo data."
            )
        ctx = scale.Context(seed=options["seed"], sizes=sizes, write=self.stdout.write)
        steps = scale.steps()
        models = list(scale.portal_models())
        for step in steps:
            models += [model for model in step.models if model not in models]
        tables = [model._meta.db_table for model in models]
        began = time.monotonic()
        self.stdout.write("Sizes: " + ", ".join(f"{name} {size:,}" for name, size in sizes.items()))
        with transaction.atomic():
            # Foreign keys checked row by row as COPY goes (every step writes the rows it points
            # to first), not queued to commit: indexes cannot be built with checks pending.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            step_began = time.monotonic()
            definitions = scale.drop_indexes(tables)
            self._report("drop indexes", step_began, {"indexes": len(definitions)})
            for name, run in [
                ("organisations and users", scale.organisations_and_users),
                *((step.name, step.run) for step in steps),
                ("notifications", scale.notifications),
            ]:
                self._timed(name, lambda run=run: run(ctx))
            self._timed(
                "rebuild indexes",
                lambda: scale.create_indexes(definitions) or {"indexes": len(definitions)},
            )
            scale.reset_sequences(models)
        if connection.in_atomic_block:  # tests: VACUUM cannot run inside a transaction
            self._timed("analyze", lambda: scale.analyze(tables) or {})
        else:
            self._timed("vacuum analyze", lambda: _vacuum(tables))
            self._timed("search index", _search_index)
        self.stdout.write(self.style.SUCCESS(f"Total {time.monotonic() - began:.1f} s"))

    def _timed(self, name: str, run: Callable[[], dict[str, int]]) -> None:
        began = time.monotonic()
        self._report(name, began, run())

    def _report(self, name: str, began: float, counts: dict[str, int]) -> None:
        rows = ", ".join(f"{label} {count:,}" for label, count in (counts or {}).items())
        self.stdout.write(f"  {name:<28} {time.monotonic() - began:7.1f} s  {rows}", ending="\n")
        self.stdout.flush()


def _search_index() -> dict[str, int]:
    """Index the new practices from scratch: the seeding's queue is emptied first (TRUNCATE,
    not DELETE: the 300,000 dead rows a DELETE leaves made every search's look at the queue a
    5 ms scan until autovacuum came)."""
    from knowledge import search_index

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE knowledge_searchindexchange")
    search_index.rebuild()
    return {}


def _vacuum(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
    return {"tables": len(tables)}
