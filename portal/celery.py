import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@worker_init.connect
def _resume_interrupted_work(sender: object, **_kwargs: object) -> None:
    """A worker starting under its node name (the Procfile's worker@%h) first takes back what
    its earlier run of that name held when it died: emails left "sending", reports left
    "running". The rest of what was lost is found by the sweeps (portal/dispatch.py)."""
    from django.db import DatabaseError, connections

    from portal import dispatch
    from portal.exports.services import exports_resume_interrupted
    from portal.services import emails_resume_interrupted

    node = str(sender.hostname)
    dispatch.worker_name = node
    try:
        emails = emails_resume_interrupted(node=node)
        exports = exports_resume_interrupted(node=node)
    except DatabaseError as exc:
        logger.warning("Could not look for work interrupted on %s: %s", node, exc)
        return
    finally:
        # The pool's processes are forked from this one: none may inherit its connection.
        connections.close_all()
    if emails or exports:
        logger.warning(
            "%s took back %s emails and %s reports interrupted by its last stop",
            node,
            emails,
            exports,
        )
