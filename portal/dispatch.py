"""Handing work to the workers: the database row is the durable intent, the broker is a hint.

Every background job starts from a row that says what is still to do (an email queued, an export
queued, a thumbnail or certificate pending, an import processing, a request opened but not yet
notified, a person not yet compared). The row is written in the caller's transaction; the task is
published only once that commits, and a minute sweep publishes again whatever stayed undone, so a
message lost by the broker (a Redis restart, a killed worker) delays the work, never loses it.
Tasks are idempotent: each claims its row, so a task sent twice does the work once.

With the broker down, publishing fails at once and the next publishes of this process are skipped
for BROKER_PAUSE seconds instead of each waiting for its own retries: a request that queues a
thousand certificates answers in the usual time, and the sweep sends them when Redis is back.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

BROKER_PAUSE = 30.0
# One quick retry for a broker that blinked; a broker that is down is left to the sweeps.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0, "interval_max": 0.1}
# The Celery node this process works for ("worker@host", set when a worker starts; empty in web
# processes). Claims record it, so a node that starts again knows what it was doing when it died.
worker_name = ""

_paused_until = 0.0


def send(task: Task, *args: Any, **options: Any) -> bool:
    """Publish the task now. False when the broker could not take it (the sweep will)."""
    global _paused_until
    if time.monotonic() < _paused_until:
        return False
    try:
        task.apply_async(args, retry_policy=RETRY_POLICY, **options)
    except (BrokerError, OSError) as exc:
        _paused_until = time.monotonic() + BROKER_PAUSE
        logger.warning(
            "The broker is unreachable (%s): %s and the next %.0f s of work are left to the sweeps",
            exc,
            task.name,
            BROKER_PAUSE,
        )
        return False
    return True


def send_on_commit(task: Task, *args: Any, **options: Any) -> None:
    """Publish the task once the current transaction commits (at once outside one).

    Robust: a failure here never stops the transaction's other on-commit callbacks.
    """
    transaction.on_commit(lambda: send(task, *args, **options), robust=True)


def resume() -> None:
    """Forget an earlier failure, e.g. in a test that brings the broker back."""
    global _paused_until
    _paused_until = 0.0
