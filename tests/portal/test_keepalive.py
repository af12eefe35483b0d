"""portal.keepalive: the Procfile's worker and beat come back after they exit on their own,
and stop when they are asked to (honcho's SIGTERM, Ctrl-C)."""

import signal
import subprocess
import sys
import time
from pathlib import Path

# Counts its runs in a file; the first two exit with an error at once, as a worker does after
# kombu's reconnect failure; the third keeps running.
FLAKY = """
import pathlib, sys, time
runs = pathlib.Path(sys.argv[1])
count = int(runs.read_text() or 0) + 1 if runs.exists() else 1
runs.write_text(str(count))
if count < 3:
    sys.exit(1)
time.sleep(60)
"""


def wait_for(condition, timeout: float = 20) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_command_that_exits_is_started_again_and_a_stop_ends_it(tmp_path: Path):
    runs = tmp_path / "runs"
    keeper = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "portal.keepalive", sys.executable, "-c", FLAKY, str(runs)],
        stderr=subprocess.PIPE,
    )
    try:
        # Two failures: restarted after 1 s, then after 2 s.
        assert wait_for(lambda: runs.exists() and runs.read_text() == "3"), "not restarted"
        time.sleep(0.5)
        assert keeper.poll() is None
        keeper.send_signal(signal.SIGTERM)
        assert keeper.wait(timeout=10) != 0  # the command was stopped, and so was keepalive
    finally:
        if keeper.poll() is None:
            keeper.kill()
    messages = keeper.stderr.read().decode()
    assert messages.count("exited with 1; starting it again") == 2
    assert runs.read_text() == "3"  # not started again after the stop


# Touches its heartbeat once, then hangs without touching it again, as a worker whose consumer
# stopped after a broker failure.
HANGS = """
import os, pathlib, sys, time
runs = pathlib.Path(sys.argv[1])
runs.write_text(str(int(runs.read_text() or 0) + 1 if runs.exists() else 1))
pathlib.Path(os.environ["WORKER_HEARTBEAT_FILE"]).touch()
time.sleep(600)
"""


def test_a_command_whose_heartbeat_stops_is_killed_and_started_again(tmp_path: Path):
    import os

    runs = tmp_path / "runs"
    keeper = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "portal.keepalive", "--heartbeat", str(tmp_path / "beat"),
            sys.executable, "-c", HANGS, str(runs),
        ],
        stderr=subprocess.PIPE,
        env=os.environ | {"KEEPALIVE_STALE_AFTER": "2"},
    )  # fmt: skip
    try:
        assert wait_for(lambda: runs.exists() and runs.read_text() == "2"), "not restarted"
    finally:
        keeper.send_signal(signal.SIGTERM)
        keeper.wait(timeout=10)
    assert "no heartbeat from" in keeper.stderr.read().decode()


def test_the_procfile_runs_the_worker_and_beat_under_keepalive():
    procfile = (Path(__file__).resolve().parents[2] / "Procfile").read_text()
    lines = dict(line.split(":", 1) for line in procfile.splitlines() if line.strip())
    assert "-m portal.keepalive --heartbeat" in lines["worker"]
    assert "celery -A portal worker" in lines["worker"]
    assert "-m portal.keepalive" in lines["beat"] and "celery -A portal beat" in lines["beat"]
