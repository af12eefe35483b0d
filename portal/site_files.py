"""The files a browser, a crawler or a security researcher asks for at fixed addresses."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

ONE_DAY = 24 * 60 * 60


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Not a permanent redirect: the static name carries a content hash that changes with the icon.
    response = HttpResponseRedirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    response = render(request, "portal/robots.txt", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116. Expires is required and must not lie more than a year ahead: computed here,
    so the file never goes stale."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    context = {
        "contact": settings.SECURITY_CONTACT,
        "expires": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "languages": ", ".join(code for code, _name in settings.LANGUAGES),
        "canonical": f"{settings.SITE_URL}{reverse('security-txt')}",
    }
    response = render(
        request, "portal/security.txt", context, content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=ONE_DAY)
    return response
