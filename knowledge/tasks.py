"""Background work of the knowledge base: thin wrappers that call a service with an id."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

# Workers import this module (Celery autodiscovery); importing the export kinds here registers
# the reading pack in every worker, whatever else the worker has loaded.
from knowledge import exports  # noqa: F401
from knowledge.services import workflow


# The service locks the row and skips it when it is already done: safe to deliver twice.
@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    retry_backoff_max=5 * 60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def build_attachment_thumbnail(attachment_id: int) -> bool:
    return workflow.attachment_thumbnail_build(attachment_id=attachment_id)


@shared_task(soft_time_limit=60, time_limit=90)
def requeue_pending_thumbnails() -> int:
    return workflow.attachment_thumbnails_requeue()


@shared_task(ignore_result=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def sync_search_index() -> int:
    """Bring this host's search index in step (built when missing); drop old queue rows."""
    from knowledge import search_index

    search_index.sync()
    return search_index.prune()
