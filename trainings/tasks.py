"""Background work of training records: thin wrappers that call a service with an id."""

import time

from celery import shared_task
from django.db import InterfaceError, OperationalError

from portal.dispatch import send
from trainings.services import imports, people


# The service locks the batch and skips it unless it is still processing: safe to run twice.
@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    retry_backoff_max=5 * 60,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def import_batch_write_task(batch_id: int) -> bool:
    return imports.import_batch_write(batch_id=batch_id)


# Each run claims the people it compares (SKIP LOCKED): any number may run at once.
@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    retry_backoff_max=5 * 60,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def person_pairs_refresh_task() -> int:
    """Compare people in batches for at most PAIRS_SLICE seconds, then hand the rest to a task at
    the back of the queue: a backlog of thousands (a large import) never holds the workers while
    emails and reports wait behind it."""
    compared = 0
    deadline = time.monotonic() + PAIRS_SLICE
    while count := people.person_pairs_refresh(limit=PAIRS_BATCH):
        compared += count
        if time.monotonic() > deadline:
            send(person_pairs_refresh_task)
            break
    return compared


PAIRS_SLICE = 15.0
PAIRS_BATCH = 1000


@shared_task(soft_time_limit=60, time_limit=90)
def requeue_pending_imports() -> int:
    return imports.import_batches_requeue()
