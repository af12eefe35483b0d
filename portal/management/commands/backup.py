"""manage.py backup: the database and the uploaded files into one folder (portal/backups.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and the uploaded files into a new folder with a manifest "
        "of checksums and row counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Folder to create (default: var/backups/<UTC time>/).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Afterwards delete the backups beyond the N newest in the same parent folder.",
        )

    def handle(self, *args: Any, output: Path | None, keep: int | None, **options: Any) -> None:
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1.")
        folder, manifest = backups.backup_create(output=output)
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup of {manifest['database']} written to {folder}: "
                f"{len(manifest['row_counts'])} tables, {rows} rows, "
                f"{manifest['media_files']} media files."
            )
        )
        if keep is not None:
            for old in backups.backups_prune(root=folder.parent, keep=keep):
                self.stdout.write(f"Deleted old backup {old}")
