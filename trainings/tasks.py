"""Background work of training records: thin wrappers that call a service with an id."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

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
    compared = 0
    while count := people.person_pairs_refresh():
        compared += count
    return compared


@shared_task(soft_time_limit=60, time_limit=90)
def requeue_pending_imports() -> int:
    return imports.import_batches_requeue()
