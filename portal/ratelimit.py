"""Limits on the endpoints that cost the most to serve or that post for others to read.

Counted in the cache (Redis), so they hold across web processes, in fixed one-minute windows:
one `add` (the window's first request) or one `incr` per request, where a sliding window would
need a lock and a list per client, as allauth's do. A client is a signed-in user (by id), else
an address (allauth's `get_client_ip`, so `ALLAUTH_TRUSTED_PROXY_COUNT` or
`ALLAUTH_TRUSTED_CLIENT_IP_HEADER` behind a proxy serve both). The numbers per minute are
`settings.RATE_LIMITS`.

With Redis down the limits fail open, like allauth's (portal/cache.py): `add` answers "added",
so every request counts as a window's first.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.cache import UNAVAILABLE

WINDOW = 60


def _client(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    from allauth.account.adapter import get_adapter

    try:
        return f"ip:{get_adapter(request).get_client_ip(request)}"
    except PermissionDenied:
        return "ip:unknown"


def rate_limit_hit(request: HttpRequest, action: str) -> int:
    """Count this request against `action`'s limit: 0 when within it, else the seconds to wait."""
    limit = settings.RATE_LIMITS.get(action)
    if not limit:
        return 0
    now = time.time()
    window = int(now // WINDOW)
    key = f"ratelimit:{action}:{window}:{_client(request)}"
    if cache.add(key, 1, WINDOW + 1):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ended between add and incr: this is the next one's first request.
        return 0
    except UNAVAILABLE:
        return 0
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * WINDOW - now))


def too_many_requests(request: HttpRequest, retry_after: int = WINDOW) -> HttpResponse:
    """The 429 page, or for htmx a reload of the same address, which shows the page whole: htmx
    swaps no error response, and the results' place would otherwise stay as it was."""
    htmx = getattr(request, "htmx", False)
    template = "includes/too_many_requests.html" if htmx else "429.html"
    response = render(request, template, {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    if htmx and request.method in ("GET", "HEAD"):
        response["HX-Redirect"] = request.get_full_path()
    return response


def rate_limit(
    action: str, *, when: Callable[[HttpRequest], bool] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 429 to a client past `settings.RATE_LIMITS[action]` requests a minute.

    `when`: count only the requests it accepts (the list counts searches, not browsing).
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if when is None or when(request):
                retry_after = rate_limit_hit(request, action)
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorate
