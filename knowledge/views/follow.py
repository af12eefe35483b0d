"""Following themes, countries and searches; the offline reading pack of a filtered list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from knowledge import exports
from knowledge.forms import FollowForm
from knowledge.models import Follow, Practice, Theme
from knowledge.services import follow as follow_services
from portal.exports.registry import Format
from portal.exports.services import export_request
from portal.ratelimit import rate_limit


def _back(request: HttpRequest, default: str) -> str:
    """Where the form came from, if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_safe
@login_required
def following(request: HttpRequest) -> HttpResponse:
    follows = list(Follow.objects.filter(user=request.user).select_related("theme"))
    context = {
        "themes": [follow for follow in follows if follow.theme_id],
        "countries": sorted(
            (follow for follow in follows if follow.country),
            key=lambda follow: follow.country.name,
        ),
        "searches": [follow for follow in follows if follow.query],
        # Every theme, with how many practices it has, so people can follow from here too.
        "all_themes": Theme.objects.annotate(
            n=Count("practices", filter=Q(practices__status=Practice.Status.PUBLISHED))
        ).order_by("name"),
        "followed_theme_ids": {follow.theme_id for follow in follows if follow.theme_id},
        "followed_countries": {follow.country.code for follow in follows if follow.country},
        "country_choices": list(countries),
    }
    return render(request, "knowledge/following.html", context)


@require_POST
@login_required
def follow(request: HttpRequest) -> HttpResponse:
    """Follow (or, with action=unfollow, stop following) a theme, a country or a search."""
    form = FollowForm(request.POST)
    back = _back(request, reverse("knowledge:following"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    theme, country, query = (form.cleaned_data[name] for name in ("theme", "country", "query"))
    if request.POST.get("action") == "unfollow":
        return _unfollow(request, back, theme=theme, country=country, query=query)
    try:
        if theme:
            follow_services.follow_theme(user=request.user, theme=theme)
            message = _(
                "You follow the theme “%(name)s”. New practices will be in your daily email."
            ) % {"name": theme}
        elif country:
            follow_services.follow_country(user=request.user, country=country)
            # Translators: %(name)s is a country.
            message = _("You follow %(name)s. New practices will be in your daily email.") % {
                "name": countries.name(country)
            }
        else:
            saved = follow_services.search_save(
                user=request.user, query=query, name=form.cleaned_data["name"]
            )
            message = _(
                "Search saved as “%(name)s”. New practices will be in your daily email."
            ) % {"name": saved.name}
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect(back)
    messages.success(request, message)
    return redirect(back)


def _unfollow(
    request: HttpRequest, back: str, *, theme: Theme | None, country: str, query: str
) -> HttpResponse:
    follows = Follow.objects.filter(user=request.user)
    if theme:
        follows = follows.filter(theme=theme)
    elif country:
        follows = follows.filter(country=country)
    else:
        try:
            follows = follows.filter(query=follow_services.search_query_normalise(query))
        except ValidationError:
            follows = follows.none()
    for follow_id in follows.values_list("pk", flat=True):
        follow_services.follow_remove(user=request.user, follow_id=follow_id)
    messages.success(request, _("You no longer follow it."))
    return redirect(back)


@require_POST
@login_required
def unfollow(request: HttpRequest, follow_id: int) -> HttpResponse:
    if follow_services.follow_remove(user=request.user, follow_id=follow_id):
        messages.success(request, _("Removed."))
    return redirect(_back(request, reverse("knowledge:following")))


@require_POST
@login_required
@rate_limit("reading_pack")
def pack(request: HttpRequest) -> HttpResponse:
    """Ask a worker for a PDF of up to 50 practices from the filtered list; show its progress."""
    parameters = exports.pack_parameters(request.POST)
    back = _back(request, reverse("knowledge:practice-list"))
    try:
        job = export_request(
            owner=request.user, kind=exports.PACK, fmt=Format.PDF, parameters=parameters
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect(back)
    messages.success(
        request,
        _("Your reading pack is being prepared. It will be ready to download here shortly."),
    )
    return redirect("exports:detail", job_id=job.pk)
