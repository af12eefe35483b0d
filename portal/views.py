import logging

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.celery import app as celery_app
from portal.forms import ProfileForm
from portal.selectors import headline_figures

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"figures": headline_figures()})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "portal/profile.html", {"form": form})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_redis() -> str:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


# The first worker's answer is enough to call Celery up, so the check stops there; a pong takes
# a few milliseconds, and 0.5 s bounds how long a health probe holds a web thread when none comes.
CELERY_PING_TIMEOUT = 0.5


def _check_celery() -> str:
    replies = celery_app.control.ping(timeout=CELERY_PING_TIMEOUT, limit=1)
    return "ok" if replies else "no worker answered"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            checks[name] = check()
        except Exception as exc:
            logger.warning("Health check %s failed: %s", name, exc)
            checks[name] = f"error: {type(exc).__name__}"
    # Asking workers goes through Redis: without it the answer is already known.
    if checks["redis"] == "ok":
        try:
            checks["celery"] = _check_celery()
        except Exception as exc:
            checks["celery"] = f"error: {type(exc).__name__}"
    else:
        checks["celery"] = "unreachable: redis is down"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
