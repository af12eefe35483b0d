"""Views of the trainings app. Coordinator pages go through `coordinator_required`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a training coordinator (or admin); everyone else gets a 404, so
    personal data pages do not even confirm they exist. Responses are never stored by
    browsers or proxies (they show personal data)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("trainings.manage"):
            raise Http404
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response

    return wrapper
