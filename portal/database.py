"""Writes that must land although the database is restarting."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import DatabaseError, connection

T = TypeVar("T")

# About a minute in all: a database restart, not an outage (then the sweeps take over).
WAITS = (0.5, 1, 2, 4, 8, 15, 30)


def when_database_answers(write: Callable[[], T]) -> T:
    """`write()`, tried again on a fresh connection while the database does not answer; the
    last failure is raised. For what a worker must record after work that cannot be undone (an
    email handed to the mail server, a report given back to the queue). Never inside a
    transaction: the connection is closed between tries."""
    for wait in WAITS:
        try:
            return write()
        except DatabaseError:
            connection.close()
            time.sleep(wait)
    return write()
