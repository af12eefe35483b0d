from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.models import User
from portal.notifications import selectors, services
from portal.notifications.forms import PreferencesForm

PAGE_SIZE = 25


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = services.notification_mark_read(
        user=request.user, notification_id=notification_id
    )
    if notification is None:
        raise Http404
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:list")


def _preferences(request: HttpRequest, user: User, template_context: dict) -> HttpResponse:
    form = PreferencesForm(request.POST or None, current=selectors.preferences_for(user))
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_set(user=user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect(request.path)
    return render(request, "notifications/preferences.html", {"form": form, **template_context})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    return _preferences(request, request.user, {"person": request.user})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_from_email(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the link in every email: works without signing in, and only for the
    notification settings (the visitor is not signed in by it)."""
    user = services.preferences_user(token)
    if user is None:
        # Expired or altered: say so, and offer the way that always works.
        return render(
            request,
            "notifications/preferences_link_invalid.html",
            {"days": services.PREFERENCES_MAX_AGE.days},
            status=404,
        )
    return _preferences(request, user, {"person": user, "from_email": True})
