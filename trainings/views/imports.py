"""Participant imports: template, upload and preview, unknown organisations, confirm, progress."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from trainings.forms import ImportOrganisationFormSet, ImportUploadForm
from trainings.models import ImportBatch, Session
from trainings.services import imports
from trainings.services.import_messages import error_text
from trainings.services.import_organisations import (
    import_batch_organisations_apply,
    organisation_choices,
)
from trainings.views import coordinator_required

PREVIEW_ROWS_SHOWN = 1000
ERRORS_SHOWN = 500
# Above this many organisations on the site the select lists only the suggestions, and the
# coordinator may type a name instead: 2,000 options per unknown spelling weigh ~150 kB.
ORGANISATIONS_LISTED = 400


@coordinator_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = imports.import_template_rows()
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "participants"
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="participants-template.{fmt}"'
    return response


@coordinator_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_batch_create(
                session=session, user=request.user, data=upload.read(), filename=upload.name
            )
        except imports.ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(batch)
    return render(
        request,
        "trainings/import_start.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


def _batch_or_404(pk: int) -> ImportBatch:
    return get_object_or_404(
        ImportBatch.objects.select_related("session", "session__programme", "uploaded_by"), pk=pk
    )


def _shown_error(error: dict) -> dict:
    return {"row": error.get("row"), "column": error.get("column"), "message": error_text(error)}


def _context(batch: ImportBatch) -> dict:
    preview = batch.preview or []
    counts = {"create": 0, "match": 0, "enrolled": 0, "error": 0}
    for row in preview:
        counts[row["action"]] = counts.get(row["action"], 0) + 1
    # The stored problems are codes: written now, in the reader's language.
    shown = [
        {**row, "errors": [_shown_error(e) for e in row.get("errors", [])]}
        for row in preview[:PREVIEW_ROWS_SHOWN]
    ]
    return {
        "batch": batch,
        "session": batch.session,
        "errors": [_shown_error(e) for e in (batch.errors or [])[:ERRORS_SHOWN]],
        "error_count": len(batch.errors or []),
        "preview": shown,
        "preview_rows_shown": PREVIEW_ROWS_SHOWN,
        "preview_truncated": len(preview) > PREVIEW_ROWS_SHOWN,
        "counts": counts,
        "progress": imports.import_batch_progress(batch),
        "large": batch.total_rows > imports.LARGE_IMPORT_ROWS,
    }


def _organisation_formset(
    batch: ImportBatch, data: QueryDict | None = None
) -> ImportOrganisationFormSet | None:
    """The form for the batch's unknown organisations, with suggestions; None when it has none
    or can no longer change."""
    if batch.status != ImportBatch.Status.PREVIEWED:
        return None
    choices = organisation_choices(batch, listed_at_most=ORGANISATIONS_LISTED)
    if choices is None:
        return None
    return ImportOrganisationFormSet(
        data,
        prefix="org",
        unknown=choices.unknown,
        suggestions=choices.suggestions,
        listed=choices.listed,
    )


def _detail(
    request: HttpRequest,
    batch: ImportBatch,
    formset: ImportOrganisationFormSet | None = None,
    status: int = 200,
    organisations_error: str = "",
) -> HttpResponse:
    context = _context(batch)
    context["organisations_form"] = formset or _organisation_formset(batch)
    # Shown beside the form, where the page opens after a post, not at the top with messages.
    context["organisations_error"] = organisations_error
    return render(request, "trainings/import_detail.html", context, status=status)


@coordinator_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _batch_or_404(pk))


@coordinator_required
@require_POST
def import_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply what the coordinator said each unknown organisation is, then check the file again."""
    batch = _batch_or_404(pk)
    formset = _organisation_formset(batch, request.POST)
    if formset is None:
        messages.error(request, _("This import has no unknown organisations left to choose."))
        return redirect(batch)
    if not formset.is_valid():
        return _detail(request, batch, formset, status=400)
    before = len(batch.errors or [])
    try:
        batch = import_batch_organisations_apply(
            batch=batch, choices=formset.choices(), user=request.user
        )
    except ValidationError as exc:
        return _detail(
            request, batch, formset, status=400, organisations_error=" ".join(exc.messages)
        )
    fixed = before - len(batch.errors)
    messages.success(
        request,
        ngettext(
            "Organisations applied: %(count)s problem is solved.",
            "Organisations applied: %(count)s problems are solved.",
            fixed,
        )
        % {"count": number_format(fixed, force_grouping=True)},
    )
    return redirect(batch)


@coordinator_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    response = render(request, "trainings/partials/records_import_status.html", _context(batch))
    if request.htmx and batch.status != ImportBatch.Status.PROCESSING:
        # Finished: reload the whole page so it shows the result and stops polling.
        response["HX-Refresh"] = "true"
    return response


@coordinator_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    try:
        imports.import_batch_discard(batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch)
    messages.success(
        request,
        _("The import of “%(file)s” was discarded: nobody was saved from it.")
        % {"file": batch.filename},
    )
    return redirect(batch.session)


@coordinator_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(pk)
    try:
        batch = imports.import_batch_confirm(batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(batch)
    if batch.status == ImportBatch.Status.DONE:
        created, matched = batch.created_count, batch.matched_count
        messages.success(
            request,
            " ".join(
                (
                    ngettext(
                        "Import finished: %(count)s new person created.",
                        "Import finished: %(count)s new people created.",
                        created,
                    )
                    % {"count": number_format(created, force_grouping=True)},
                    ngettext(
                        "%(count)s row matched a person on record.",
                        "%(count)s rows matched people on record.",
                        matched,
                    )
                    % {"count": number_format(matched, force_grouping=True)},
                )
            ),
        )
    elif batch.status == ImportBatch.Status.FAILED:
        messages.error(request, _("Nothing was written: the file has errors (listed below)."))
    return redirect(batch)
