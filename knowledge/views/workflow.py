"""Writing and reviewing practices: the form, submit, review, archive, revisions, queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_countries import countries

from knowledge.forms import OutcomeFormSet, PracticeForm, ReviewForm, outcome_initial
from knowledge.markdown import render as render_markdown
from knowledge.models import Attachment, Practice, Review, Theme
from knowledge.services import workflow
from portal.permissions import is_editor

QUEUE_PAGE_SIZE = 25
MINE_PAGE_SIZE = 25
REVISIONS_PAGE_SIZE = 20
# Fields every save touches, or that only the system sets: not worth showing as a change.
REVISION_HIDDEN_FIELDS = ("updated_at", "created_at", "useful_count", "themes")
# Longer values are shown as "changed", not old → new.
SHORT_VALUE = 120


def _practice_for(request: HttpRequest, slug: str, *, select_related: tuple = ()) -> Practice:
    """The practice, if this person may see it; 404 otherwise, so drafts stay unconfirmed."""
    practice = get_object_or_404(
        Practice.objects.select_related("author", *select_related), slug=slug
    )
    if not request.user.has_perm("knowledge.view_practice", practice):
        raise Http404
    return practice


def _add_service_errors(form: PracticeForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _hold_errors(*forms: Any) -> None:
    """A preview keeps what was typed without judging it yet: errors wait for "Save"."""
    for form in forms:
        form._errors = ErrorDict()


def _form_page(request: HttpRequest, practice: Practice | None) -> HttpResponse:
    """The create and edit page: save, preview, or save and submit for review."""
    action = request.POST.get("action", "save")
    preview_html = None
    if request.method == "POST":
        form = PracticeForm(request.POST, request.FILES, practice=practice)
        outcomes = OutcomeFormSet(request.POST, prefix="outcomes")
        if action == "preview":
            preview_html = render_markdown(request.POST.get("body", ""))
            _hold_errors(form, *outcomes.forms)
        elif form.is_valid() and outcomes.is_valid():
            try:
                with transaction.atomic():
                    saved = _save(request, form, outcomes, practice)
                    if action == "submit":
                        workflow.practice_submit(practice=saved, user=request.user)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                if action == "submit":
                    messages.success(request, _("Saved and sent to the editors for review."))
                    return redirect("knowledge:my-practices")
                messages.success(request, _("Your changes are saved."))
                return redirect("knowledge:practice-edit", slug=saved.slug)
    elif practice is None:
        form = PracticeForm()
        outcomes = OutcomeFormSet(prefix="outcomes")
    else:
        form = PracticeForm(initial=PracticeForm.initial_for(practice), practice=practice)
        outcomes = OutcomeFormSet(initial=outcome_initial(practice), prefix="outcomes")
    context = {
        "form": form,
        "outcomes": outcomes,
        "practice": practice,
        "preview_html": preview_html,
        "attachments": list(practice.attachments.all()) if practice else [],
        "reviews": list(practice.reviews.select_related("reviewer")[:5]) if practice else [],
    }
    return render(request, "knowledge/practice_form.html", context)


def _save(
    request: HttpRequest, form: PracticeForm, outcomes: Any, practice: Practice | None
) -> Practice:
    content = form.content(outcomes.outcomes())
    if practice is None:
        saved = workflow.practice_create(author=request.user, content=content)
    else:
        saved = workflow.practice_update(practice=practice, user=request.user, content=content)
    for file in form.cleaned_data["attachments"]:
        workflow.attachment_add(practice=saved, user=request.user, file=file)
    return saved


@require_http_methods(["GET", "POST"])
@login_required
def practice_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("knowledge.add_practice"):
        raise PermissionDenied(_("Your account cannot write practices."))
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug, select_related=("translation_of",))
    if not request.user.has_perm("knowledge.change_practice", practice):
        raise PermissionDenied(_("This practice can no longer be edited."))
    return _form_page(request, practice)


@require_POST
@login_required
def practice_submit(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug)
    try:
        workflow.practice_submit(practice=practice, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("knowledge:practice-edit", slug=practice.slug)
    messages.success(request, _("Sent to the editors for review. You can still edit it."))
    return redirect("knowledge:my-practices")


@require_POST
@login_required
def attachment_remove(request: HttpRequest, slug: str, attachment_id: int) -> HttpResponse:
    practice = _practice_for(request, slug)
    attachment = get_object_or_404(Attachment, practice=practice, pk=attachment_id)
    attachment.practice = practice
    workflow.attachment_remove(attachment=attachment, user=request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": attachment.title})
    return redirect("knowledge:practice-edit", slug=practice.slug)


@require_http_methods(["GET", "POST"])
@login_required
def practice_review(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug, select_related=("translation_of",))
    if practice.author_id == request.user.pk:
        raise PermissionDenied(_("You cannot review your own practice; another editor will."))
    if not request.user.has_perm("knowledge.review_practice", practice):
        raise PermissionDenied(_("Only editors can review practices."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == ReviewForm.APPROVE:
                workflow.practice_approve(practice=practice, reviewer=request.user, comment=comment)
                messages.success(request, _("Published. The author has been told."))
            else:
                workflow.practice_request_changes(
                    practice=practice, reviewer=request.user, comment=comment
                )
                messages.success(request, _("Sent back to the author with your comment."))
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            return redirect("knowledge:review-queue")
    context = {
        "practice": practice,
        "form": form,
        "themes": practice.themes.order_by("name"),
        "pillars": [Practice.Pillar(pillar).label for pillar in practice.hdp_pillars],
        "organisations": practice.organisations.order_by("name"),
        "outcomes": list(practice.outcomes.all()),
        "attachments": list(practice.attachments.all()),
        "reviews": list(practice.reviews.select_related("reviewer")),
    }
    return render(request, "knowledge/practice_review.html", context)


@require_POST
@login_required
def practice_archive(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug)
    if not is_editor(request.user):
        raise PermissionDenied(_("Only editors can archive practices."))
    try:
        workflow.practice_archive(practice=practice, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(title)s” is archived.") % {"title": practice.title})
    return redirect("knowledge:practice-revisions", slug=practice.slug)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied(_("Only editors can see the review queue."))
    waiting = (
        Practice.objects.filter(status=Practice.Status.IN_REVIEW)
        .select_related("author", "author__organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .defer("body", "body_html")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/review_queue.html", {"page": page})


@login_required
def my_practices(request: HttpRequest) -> HttpResponse:
    latest_review = Review.objects.filter(practice=OuterRef("pk")).order_by("-created_at", "-pk")
    mine = (
        Practice.objects.filter(author=request.user)
        .annotate(
            last_decision=Subquery(latest_review.values("decision")[:1]),
            last_comment=Subquery(latest_review.values("comment")[:1]),
        )
        .defer("body", "body_html")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(mine, MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/my_practices.html",
        {"page": page, "changes_requested": Review.Decision.CHANGES_REQUESTED},
    )


@dataclass
class Change:
    label: str
    old: str
    new: str
    short: bool


@dataclass
class Revision:
    record: Any
    changes: list[Change]
    created: bool


def _shown(field: Any, value: Any) -> str:
    """A field's value as a person reads it: labels for choices, names for countries."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        base = getattr(field, "base_field", None)
        if field is not None and field.name == "countries":
            return ", ".join(str(countries.name(code) or code) for code in value)
        labels = dict(base.choices) if base is not None and base.choices else {}
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)


def _change(field: Any, name: str, old: Any, new: Any) -> Change:
    label = capfirst(str(field.verbose_name if field is not None else name))
    old_text, new_text = _shown(field, old), _shown(field, new)
    short = len(old_text) <= SHORT_VALUE and len(new_text) <= SHORT_VALUE
    return Change(label=label, old=old_text, new=new_text, short=short)


def _revisions(practice: Practice, page_number: str | None) -> tuple[Any, list[Revision]]:
    """A page of revisions, newest first, each with what changed since the one before."""
    history = (
        practice.history.select_related("history_user")
        .prefetch_related("historicalpractice_themes_set")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(history, REVISIONS_PAGE_SIZE).get_page(page_number)
    records = list(page.object_list)
    # The revision just before this page's oldest: what that one changed is measured from it.
    if records:
        before = (
            practice.history.prefetch_related("historicalpractice_themes_set")
            .filter(history_date__lte=records[-1].history_date)
            .exclude(history_id=records[-1].history_id)
            .order_by("-history_date", "-history_id")
            .first()
        )
    else:
        before = None
    theme_names = {theme.pk: str(theme) for theme in Theme.objects.all()}
    fields = {field.name: field for field in Practice._meta.get_fields() if field.concrete}
    revisions = []
    for record, previous in zip(records, [*records[1:], before], strict=True):
        if previous is None:
            revisions.append(Revision(record=record, changes=[], created=True))
            continue
        delta = record.diff_against(
            previous, excluded_fields=REVISION_HIDDEN_FIELDS, foreign_keys_are_objs=True
        )
        changes = [
            _change(fields.get(change.field), change.field, change.old, change.new)
            for change in delta.changes
        ]
        old_themes = {row.theme_id for row in previous.historicalpractice_themes_set.all()}
        new_themes = {row.theme_id for row in record.historicalpractice_themes_set.all()}
        if old_themes != new_themes:
            changes.append(
                Change(
                    label=_("Themes"),
                    old=", ".join(sorted(theme_names.get(i, "?") for i in old_themes)) or "—",
                    new=", ".join(sorted(theme_names.get(i, "?") for i in new_themes)) or "—",
                    short=True,
                )
            )
        revisions.append(Revision(record=record, changes=changes, created=False))
    return page, revisions


@login_required
def practice_revisions(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _practice_for(request, slug)
    if not request.user.has_perm("knowledge.view_revisions", practice):
        raise PermissionDenied(_("Only editors can see a practice's revisions."))
    page, revisions = _revisions(practice, request.GET.get("page"))
    return render(
        request,
        "knowledge/practice_revisions.html",
        {
            "practice": practice,
            "page": page,
            "revisions": revisions,
            "can_archive": practice.status != Practice.Status.ARCHIVED,
        },
    )
