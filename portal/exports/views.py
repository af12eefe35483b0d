from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal.exports import selectors, services
from portal.exports.forms import ExportRequestForm
from portal.exports.models import ExportJob
from portal.exports.registry import CONTENT_TYPES, kinds_for_user

JOBS_PER_PAGE = 25
# htmx stops polling when the answer has this status: the job has finished.
HTMX_STOP_POLLING = 286


def _get_job_for_user(request: HttpRequest, job_id: int) -> ExportJob:
    """The job, if this person may see it: its owner, or a superuser. Anyone else gets 404,
    so the ids of other people's reports are not even confirmed."""
    return get_object_or_404(
        ExportJob.objects.for_user(request.user).select_related("owner"), pk=job_id
    )


def _render_list(
    request: HttpRequest, *, form: ExportRequestForm | None = None, status: int = 200
) -> HttpResponse:
    kinds = [
        {
            "kind": kind,
            "id": kind.name.replace(".", "-"),
            "form": kind.parameters_form(auto_id=f"id_{kind.name.replace('.', '-')}_%s")
            if kind.parameters_form
            else None,
        }
        for kind in kinds_for_user(request.user)
    ]
    page = Paginator(selectors.jobs_of(request.user), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The options forms of the cards above also describe the jobs' options: no query per job.
    forms_by_kind = {item["kind"].name: item["form"] for item in kinds}
    jobs = [
        (job, selectors.parameters_described(job, forms_by_kind.get(job.kind)))
        for job in page.object_list
    ]
    context = {
        "kinds": kinds,
        "page": page,
        "jobs": jobs,
        "form": form,
        "expire_days": settings.EXPORTS_EXPIRE_DAYS,
    }
    return render(request, "exports/export_list.html", context, status=status)


@never_cache
@require_safe
@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@never_cache
@require_POST
@login_required
def export_request(request: HttpRequest) -> HttpResponse:
    form = ExportRequestForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            job = services.export_request(
                owner=request.user,
                kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["format"],
                parameters=form.parameters(),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your report has been requested."))
            return redirect("exports:detail", job_id=job.pk)
    return _render_list(request, form=form, status=status)


@never_cache
@require_safe
@login_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _get_job_for_user(request, job_id)
    context = {
        "job": job,
        "parameters": selectors.parameters_described(job),
        "expire_days": settings.EXPORTS_EXPIRE_DAYS,
    }
    return render(request, "exports/export_detail.html", context)


@never_cache
@require_safe
@login_required
def export_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's status block alone, for the page to poll while the report is built."""
    job = _get_job_for_user(request, job_id)
    return render(
        request,
        "exports/partials/job_status.html",
        {"job": job},
        status=HTMX_STOP_POLLING if job.is_finished and request.htmx else 200,
    )


@require_safe
@login_required
def export_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = _get_job_for_user(request, job_id)
    if not job.is_downloadable:
        raise Http404(_("This report has no file to download."))
    try:
        file = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This report has no file to download.")) from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=job.download_name,
        content_type=CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
