import logging
import os
from pathlib import Path

from celery import Celery, bootsteps
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Heartbeat(bootsteps.StartStopStep):
    """Touch WORKER_HEARTBEAT_FILE every few seconds from the consumer's event loop, so that
    portal.keepalive (or a service manager's watchdog) sees a worker that stopped consuming: one
    hung after a broker failure stops touching it, as does one that died."""

    requires = {"celery.worker.consumer.tasks:Tasks"}
    INTERVAL = 5.0

    def __init__(self, parent: object, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)
        path = os.environ.get("WORKER_HEARTBEAT_FILE")
        self.path = Path(path) if path else None
        self.timer = None

    def start(self, consumer: object) -> None:
        if self.path is not None:
            self.path.touch()
            self.timer = consumer.timer.call_repeatedly(self.INTERVAL, self.path.touch)

    def stop(self, consumer: object) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


app.steps["consumer"].add(Heartbeat)

logger = logging.getLogger(__name__)


@worker_init.connect
def _resume_interrupted_work(sender: object, **_kwargs: object) -> None:
    """A worker starting under its node name (the Procfile's worker@%h) first takes back what
    its earlier run of that name held when it died: emails left "sending", reports left
    "running". The rest of what was lost is found by the sweeps (portal/dispatch.py)."""
    from django.db import DatabaseError, connections

    from portal import dispatch
    from portal.exports.services import exports_resume_interrupted
    from portal.services import emails_requeue_stuck

    node = str(sender.hostname)
    dispatch.worker_name = node
    # Started again by portal.keepalive after its last run exited or was killed: the messages
    # that run had prefetched are gone until the broker's visibility timeout.
    after_crash = int(os.environ.get("KEEPALIVE_RUN", "1")) > 1
    try:
        emails = emails_requeue_stuck(node=node, after_crash=after_crash)
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
