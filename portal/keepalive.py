"""Run a command again whenever it exits or hangs: `python -m portal.keepalive [--heartbeat FILE]
CMD ARGS...`.

The Procfile's worker and beat run under it, because honcho (what `make run` uses) does not
restart a process that exits, and a Celery worker does exit, or hang, after some broker failures
(issue 15: kombu's "'NoneType' object has no attribute 'hostname'" while restoring
unacknowledged messages after a Valkey outage; kombu 5.7.0, the newest release, still has it).
In production the service manager restarts them instead (systemd `Restart=always`, see README);
this is the same rule for development.

With --heartbeat, the command is told the file's name (WORKER_HEARTBEAT_FILE) and must touch it
while it works: the worker does, every few seconds, from its consumer's event loop
(portal/celery.py). When the file is older than STALE_AFTER seconds the command is taken for
hung, killed with its processes and started again.

A stop asked for (SIGTERM or SIGINT, as honcho and Ctrl-C send) is passed to the command and
ends this too. A command that keeps failing at once is restarted after 1, 2, 4... up to 30 s.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A run this long counts as healthy: the next failure starts again from FIRST_PAUSE.
HEALTHY_AFTER = 60.0
# No heartbeat for this long (the worker touches it every 5 s; starting takes about 10 s): hung.
STALE_AFTER = float(os.environ.get("KEEPALIVE_STALE_AFTER", "30"))


def main(argv: list[str]) -> int:
    heartbeat: Path | None = None
    if argv[:1] == ["--heartbeat"] and len(argv) > 1:
        heartbeat, argv = Path(argv[1]).resolve(), argv[2:]
    command = argv
    if not command:
        print(
            "usage: python -m portal.keepalive [--heartbeat FILE] COMMAND [ARGS...]",
            file=sys.stderr,
        )
        return 2
    stopping = False
    child: subprocess.Popen[bytes] | None = None
    env = os.environ | ({"WORKER_HEARTBEAT_FILE": str(heartbeat)} if heartbeat else {})

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pause = FIRST_PAUSE
    runs = 0
    while True:
        started = time.monotonic()
        runs += 1
        # The command knows it is started again after an exit (portal/celery.py takes back then
        # what the dead run had taken from the broker).
        env["KEEPALIVE_RUN"] = str(runs)
        if heartbeat:
            heartbeat.unlink(missing_ok=True)
        # Its own process group: a hung command is killed with the processes it started.
        child = subprocess.Popen(command, env=env, process_group=0)  # noqa: S603 - the Procfile's
        code = _wait(child, heartbeat, lambda: stopping)
        if stopping:
            return code
        if time.monotonic() - started >= HEALTHY_AFTER:
            pause = FIRST_PAUSE
        print(
            f"keepalive: {command[0]} exited with {code}; starting it again in {pause:g} s",
            file=sys.stderr,
            flush=True,
        )
        deadline = time.monotonic() + pause
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
        if stopping:
            return code
        pause = min(pause * 2, LONGEST_PAUSE)


def _wait(child: subprocess.Popen[bytes], heartbeat: Path | None, stopping: object) -> int:
    """The child's exit code; a child whose heartbeat went stale is killed first."""
    started = time.time()
    while True:
        try:
            return child.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        if heartbeat is None or stopping():  # type: ignore[operator]
            continue
        try:
            last = heartbeat.stat().st_mtime
        except FileNotFoundError:
            last = started
        if time.time() - last > STALE_AFTER:
            print(
                f"keepalive: no heartbeat from {child.args[0]} for {STALE_AFTER:g} s: killing it",
                file=sys.stderr,
                flush=True,
            )
            os.killpg(child.pid, signal.SIGKILL)
            return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
