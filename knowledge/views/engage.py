"""What signed-in members do on a practice's page: applied it, found it useful, asked a question."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from knowledge.forms_engage import ApplicationForm, CommentForm
from knowledge.models import Practice
from knowledge.selectors import practice_for_detail
from knowledge.services.engagement import (
    AlreadyApplied,
    application_record,
    comment_post,
    useful_toggle,
)
from knowledge.views.browse import detail_context
from portal.ratelimit import rate_limit


def _engageable_practice(request: HttpRequest, slug: str) -> Practice:
    practice = practice_for_detail(slug=slug)
    if practice is None or not request.user.has_perm("knowledge.engage_practice", practice):
        raise Http404
    return practice


def _invalid(request: HttpRequest, practice: Practice, **forms: object) -> HttpResponse:
    messages.error(request, _("Please correct the errors below."))
    context = detail_context(request, practice, **forms)
    return render(request, "knowledge/practice_detail.html", context, status=400)


@require_POST
@login_required
def application_create(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _engageable_practice(request, slug)
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, application_form=form)
    country = form.cleaned_data["country"]
    try:
        application_record(
            practice=practice,
            user=request.user,
            country=country,
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
        )
    except AlreadyApplied:
        messages.error(
            request,
            _("You have already said you applied this practice in %(country)s.")
            % {"country": countries.name(country)},
        )
    else:
        messages.success(
            request,
            _("Thank you: you applied this practice in %(country)s.")
            % {"country": countries.name(country)},
        )
    return redirect(f"{practice.get_absolute_url()}#applied")


@require_POST
@login_required
def useful_toggle_view(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _engageable_practice(request, slug)
    marked = useful_toggle(practice=practice, user=request.user)
    if request.htmx:
        practice.refresh_from_db(fields=["useful_count"])
        return render(
            request,
            "knowledge/partials/engage_useful.html",
            {"practice": practice, "marked_useful": marked, "can_engage": True},
        )
    if marked:
        messages.success(request, _("Marked as useful. Thank you."))
    else:
        messages.info(request, _("No longer marked as useful."))
    return redirect(f"{practice.get_absolute_url()}#useful")


@require_POST
@login_required
@rate_limit("post")
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _engageable_practice(request, slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, comment_form=form)
    comment = comment_post(practice=practice, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your message has been posted."))
    return redirect(f"{practice.get_absolute_url()}#comment-{comment.pk}")
