"""Certificates: a session's certificates (issue, ask for them all as a ZIP), one certificate's
PDF, and the public page that checks a verification code."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from portal.exports.registry import Format
from portal.exports.services import export_request
from portal.ratelimit import rate_limit
from trainings import certificate_exports, selectors
from trainings.models import Certificate, Enrolment, Session
from trainings.services import certificates as services
from trainings.views import coordinator_required

CERTIFICATES_PER_PAGE = 100


@coordinator_required
@require_http_methods(["GET", "POST"])
def session_certificates(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("programme"), pk=session_id)
    if request.method == "POST":
        count = services.certificates_issue(session=session, issued_by=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate is being prepared. Refresh this page in a moment.",
                    "%(count)s certificates are being prepared. Refresh this page in a moment.",
                    count,
                )
                % {"count": number_format(count, force_grouping=True)},
            )
        else:
            messages.info(request, _("Every completed participant already has a certificate."))
        return redirect("trainings:session-certificates", session_id=session.pk)
    enrolments = selectors.session_enrolments(session).select_related("certificate")
    # A page at a time: a session may have 20,000 participants. The counts are of them all.
    counts = enrolments.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
        ready=Count("certificate", filter=Q(certificate__status=Certificate.Status.READY)),
    )
    paginator = Paginator(enrolments, CERTIFICATES_PER_PAGE)
    paginator.count = counts.pop("total")  # counted above, with the others: one query
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        {
            "enrolment": enrolment,
            "name": services.display_name(enrolment.person),
            "certificate": getattr(enrolment, "certificate", None),
        }
        for enrolment in page
    ]
    context = {"session": session, "rows": rows, "page": page, **counts}
    return render(request, "trainings/certificate_session.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def session_certificates_zip(request: HttpRequest, session_id: int) -> HttpResponse:
    """Ask a worker for the session's certificates as one ZIP, and show its progress on the
    report's page, where the download appears. (A GET, from an old link, shows the list.)"""
    session = get_object_or_404(Session, pk=session_id)
    if request.method == "POST":
        try:
            job = export_request(
                owner=request.user,
                kind=certificate_exports.KIND,
                fmt=Format.ZIP,
                parameters={"session": session.pk},
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your report has been requested."))
            return redirect("exports:detail", job_id=job.pk)
    return redirect("trainings:session-certificates", session_id=session.pk)


@coordinator_required
@require_safe
def certificate_download(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__person"),
        pk=certificate_id,
        status=Certificate.Status.READY,
    )
    if services.certificate_is_stale(certificate):
        # The stored file still carries the name from before: build it again first.
        services.certificates_reissue_for_person(person_id=certificate.enrolment.person_id)
        messages.info(request, _("This certificate is being rebuilt. Try again in a moment."))
        return redirect(
            "trainings:session-certificates", session_id=certificate.enrolment.session_id
        )
    try:
        file = certificate.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("This certificate has no file to download.")) from None
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@require_safe
@rate_limit("certificate_verify")
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone can check a code. Shows only the name, the session and its dates."""
    typed = request.GET.get("code", "").strip()[:64]
    result = None
    if typed:
        # Always one lookup, so a malformed code answers like an unknown one.
        certificate = (
            Certificate.objects.select_related("enrolment__person", "enrolment__session")
            .filter(
                verification_code=services.normalise_code(typed) or typed,
                status=Certificate.Status.READY,
            )
            .first()
        )
        if certificate is None:
            result = {"valid": False}
        else:
            result = {
                "valid": True,
                "name": services.display_name(certificate.enrolment.person),
                "session": certificate.enrolment.session,
            }
    context = {"code": typed, "result": result}
    response = render(request, "trainings/certificate_verify.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
