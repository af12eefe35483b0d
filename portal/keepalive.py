"""Run a command again whenever it exits on its own: `python -m portal.keepalive CMD ARGS...`.

The Procfile's worker and beat run under it, because honcho (what `make run` uses) does not
restart a process that exits, and a Celery worker does exit after some broker failures (issue
15: kombu's "'NoneType' object has no attribute 'hostname'" while restoring unacknowledged
messages after a Valkey outage). In production the service manager restarts them instead
(systemd `Restart=always`, see README); this is the same rule for development.

A stop asked for (SIGTERM or SIGINT, as honcho and Ctrl-C send) is passed to the command and
ends this too. A command that keeps failing at once is restarted after 1, 2, 4... up to 30 s.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A run this long counts as healthy: the next failure starts again from FIRST_PAUSE.
HEALTHY_AFTER = 60.0


def main(command: list[str]) -> int:
    if not command:
        print("usage: python -m portal.keepalive COMMAND [ARGS...]", file=sys.stderr)
        return 2
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pause = FIRST_PAUSE
    while True:
        started = time.monotonic()
        child = subprocess.Popen(command)  # noqa: S603 - the Procfile's own command
        code = child.wait()
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
