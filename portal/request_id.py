"""An id for each request, sent back as X-Request-ID and written in every log line of it.

A proxy in front (nginx's `$request_id`) may send one: it is kept when it looks like an id, so
one request can be followed from the proxy's log to ours; anything else (too long, or with
characters a log line should not carry) is replaced.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
VALID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

current: ContextVar[str] = ContextVar("request_id", default="-")


def request_id_for(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if VALID.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = request_id_for(request)
        token = current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.id
        return response
