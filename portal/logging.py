"""Logging for production: JSON lines with the request's id, and errors told to the admins
through the email outbox.

Django's AdminEmailHandler sends by SMTP inside the failing request: a slow or broken mail
server makes the error page wait for it (EMAIL_TIMEOUT, 20 s) and the report is lost when it
fails. Here the report is an outbox row like every other email (portal/services.py), sent by a
worker, retried, never lost once the row is written.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils.log import AdminEmailHandler

from portal import request_id

logger = logging.getLogger(__name__)

# Set while a report is being queued: an error logged meanwhile is not reported in turn.
_reporting: ContextVar[bool] = ContextVar("reporting_error", default=False)


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request it was written in ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx after the middleware has returned: its record carries the request.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or request_id.current.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for a log collector to read without parsing text."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.current.get()),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OutboxAdminEmailHandler(AdminEmailHandler):
    """Django's error report to each of settings.ADMINS, queued in the outbox, never sent here."""

    def send_mail(self, subject: str, message: str, *args: Any, **kwargs: Any) -> None:
        if not settings.ADMINS or _reporting.get():
            return
        from portal.services import email_queue

        token = _reporting.set(True)
        try:
            for _name, address in settings.ADMINS:
                email_queue(
                    to=address,
                    subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
                    body_text=message,
                    body_html=kwargs.get("html_message") or "",
                    from_email=settings.SERVER_EMAIL,
                )
        except DatabaseError:
            # The database may be why the request failed, or its transaction already broken.
            logger.warning("Error report not queued: the database refused it", exc_info=True)
        finally:
            _reporting.reset(token)
