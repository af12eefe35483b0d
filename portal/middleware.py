from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class UserLanguageMiddleware:
    """Show the site in the language a signed-in person chose in their profile."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Keep what one person sees out of every other person's cache.

    Shared caches (a proxy at a field office, a CDN) key on the URL, so a page drawn for one
    visitor must say whether another may be given the same bytes. The rule, safe side first:

    - Signed in: `Cache-Control: private, no-store`, whatever the view said, unless the view
      already forbade storing (healthz's never_cache, exports): the page names the person.
    - Anonymous, with `Cache-Control` set by the view: left as the view chose it.
    - Anonymous HTML answer to GET/HEAD (200) that carries nothing of this visitor: `public,
      max-age=0, must-revalidate` (a shared cache may keep it but asks each time).
    - Anonymous HTML that does carry something of this visitor: `private, no-cache`. That is a
      CSRF token rendered in the page (get_token() marks CSRF_COOKIE_NEEDS_UPDATE; a shared
      copy would hand one visitor's token to the next), a cookie set by the response (messages
      here; csrftoken and sessionid are added later, by middleware placed before this one, so
      the CSRF flag and the session state are read instead), or a session in use.
    - Every answer gets `Vary: Cookie`: signed-in and anonymous answers differ on the cookie.

    Placed after AuthenticationMiddleware (request.user) and before MessageMiddleware, so the
    messages cookie is already on the response when it is read here.
    """

    PUBLIC = "public, max-age=0, must-revalidate"
    PERSONAL = "private, no-cache"
    SIGNED_IN = "private, no-store"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        user = getattr(request, "user", None)
        cache_control = response.get("Cache-Control", "")
        if user is not None and user.is_authenticated:
            if "no-store" not in cache_control:
                response["Cache-Control"] = self.SIGNED_IN
        elif not cache_control and self._is_anonymous_page(request, response):
            personal = self._carries_the_visitor(request, response)
            response["Cache-Control"] = self.PERSONAL if personal else self.PUBLIC
        return response

    @staticmethod
    def _is_anonymous_page(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
        )

    @staticmethod
    def _carries_the_visitor(request: HttpRequest, response: HttpResponse) -> bool:
        session = getattr(request, "session", None)
        return bool(
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (session is not None and (session.modified or not session.is_empty()))
        )


class SecurityHeadersMiddleware:
    """The security headers Django has no setting for: Permissions-Policy (no camera,
    microphone, location, payment or USB for any page) and Cross-Origin-Resource-Policy (our
    pages and files are for our own pages only). Both come from settings; a response that sets
    its own keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, setting in (
            ("Permissions-Policy", "PERMISSIONS_POLICY"),
            ("Cross-Origin-Resource-Policy", "CROSS_ORIGIN_RESOURCE_POLICY"),
        ):
            value = getattr(settings, setting, "")
            if value:
                response.headers.setdefault(header, value)
        return response
