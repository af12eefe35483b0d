"""Build or bring up to date this host's derived search index (knowledge/search_index.py)."""

import time

from django.core.management.base import BaseCommand

from knowledge import search_index


class Command(BaseCommand):
    help = "Bring this host's search index in step with the database (--rebuild: from scratch)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="index every practice again")

    def handle(self, *args, rebuild=False, **options):
        started = time.monotonic()
        state = search_index.rebuild() if rebuild else search_index.sync()
        self.stdout.write(
            f"Search index {state.generation}: in step with change {state.top}"
            f" ({time.monotonic() - started:.1f} s)."
        )
