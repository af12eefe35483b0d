"""manage.py restore: a backup made by `backup`, checked before anything is replaced."""

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.migrations.loader import MigrationLoader

from portal import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: every checksum is checked first, then the database "
        "and the uploaded files are replaced and the row counts compared with the backup's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup's folder.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that holds data without asking.",
        )

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        manifest = backups.backup_check(path)
        self.stdout.write(
            f"Backup of {manifest['database']} taken {manifest['created_at']}: "
            "every file matches its manifest."
        )
        if not yes:
            self._confirm()
        backups.backup_restore(folder=path)
        self._compare(manifest["row_counts"], backups.row_counts())
        self._migrations(manifest.get("migrations", {}))

    def _confirm(self) -> None:
        users = backups.user_count()
        if not users:
            return
        warning = (
            f"The database {backups.database_name()} holds data ({users} user accounts). "
            f"Restoring replaces all of it and the files in {settings.MEDIA_ROOT}."
        )
        if not sys.stdin.isatty():
            raise CommandError(f"{warning} Run again with --yes to go ahead.")
        if input(f"{warning}\nType 'yes' to go ahead: ").strip() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")

    def _compare(self, expected: dict[str, int], restored: dict[str, int]) -> None:
        width = max(map(len, expected), default=5)
        self.stdout.write(f"{'table':<{width}}  {'in backup':>10}  {'restored':>10}")
        differ = []
        for table, count in sorted(expected.items()):
            now = restored.get(table, "missing")
            mark = "" if now == count else "  differs"
            self.stdout.write(f"{table:<{width}}  {count:>10}  {now:>10}{mark}")
            if mark:
                differ.append(table)
        if differ:
            raise CommandError(
                f"After the restore the row counts of {', '.join(differ)} differ from the backup's."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {len(expected)} tables and the media files.")
        )

    def _migrations(self, backed_up: dict[str, str]) -> None:
        leaves = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
        changed = sorted(app for app, name in leaves.items() if backed_up.get(app) != name)
        if changed:
            self.stdout.write(
                f"The latest migrations of {', '.join(changed)} differ between the backup and "
                "this code: run `manage.py migrate` if the code is the newer."
            )
