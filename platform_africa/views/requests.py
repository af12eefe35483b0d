"""The request board, a request's page, drafting, the lifecycle, offers and discussion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_africa import selectors
from platform_africa.forms import (
    AttachmentForm,
    BoardFilterForm,
    FulfilForm,
    MessageForm,
    OfferForm,
    SupportRequestForm,
    TransitionForm,
)
from platform_africa.models import Offer, RequestAttachment, SupportRequest
from platform_africa.permissions import (
    can_edit_request,
    can_offer,
    can_read_details,
    can_view_request,
    is_requester,
    membership_for,
)
from platform_africa.services import offers as offer_services
from platform_africa.services import requests as services
from platform_africa.views.membership import add_errors
from portal.ratelimit import rate_limit

PAGE_SIZE = 25
Status = SupportRequest.Status


def _request_for(request: HttpRequest, pk: int) -> SupportRequest:
    """The request with everything its page shows, or 404 for those who may not see it."""
    support_request = selectors.request_for_detail(pk=pk)
    if support_request is None or not can_view_request(request.user, support_request):
        raise Http404
    return support_request


def request_list(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        selectors.requests_for_board(user=request.user, params=params), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "platform_africa/request_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "membership": membership_for(request.user),
        },
    )


def _form_page(request: HttpRequest, support_request: SupportRequest | None) -> HttpResponse:
    """Create and edit: save as a draft, save and submit, or look for related practices."""
    action = request.POST.get("action", "save")
    suggestions = trainings = None
    if request.method == "POST":
        form = SupportRequestForm(request.POST, instance=support_request)
        if action == "suggest":
            suggestions = selectors.practices_suggested(
                title=request.POST.get("title", ""),
                theme_slugs=_theme_slugs(form),
                user=request.user,
            )
            trainings = selectors.trainings_suggested(theme_slugs=_theme_slugs(form))
            form.errors.clear()
        elif form.is_valid():
            try:
                with transaction.atomic():
                    kwargs = {
                        "user": request.user,
                        "values": form.values(),
                        "themes": form.cleaned_data["themes"],
                        "named_partners": form.cleaned_data["named_partners"],
                    }
                    if support_request is None:
                        saved = services.support_request_create(**kwargs)
                    else:
                        saved = services.support_request_update(request=support_request, **kwargs)
                    if action == "submit" and saved.status == Status.DRAFT:
                        services.support_request_transition(
                            request=saved, user=request.user, to=Status.SUBMITTED
                        )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Submitted: the secretariat will review it.")
                    if action == "submit"
                    else _("Saved."),
                )
                return redirect("platform:request-detail", pk=saved.pk)
    else:
        form = SupportRequestForm(instance=support_request)
    return render(
        request,
        "platform_africa/request_form.html",
        {
            "form": form,
            "support_request": support_request,
            "suggestions": suggestions,
            "trainings": trainings,
        },
    )


def _theme_slugs(form: SupportRequestForm) -> list[str]:
    ids = [value for value in form.data.getlist("themes") if value.isdigit()]
    return list(form.fields["themes"].queryset.filter(pk__in=ids).values_list("slug", flat=True))


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    if membership_for(request.user) is None:
        messages.error(request, _("Only members of the platform post requests."))
        return redirect("platform:home")
    return _form_page(request, None)


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    if not can_edit_request(request.user, support_request):
        raise Http404
    return _form_page(request, support_request)


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    user = request.user
    details = can_read_details(user)
    requester = bool(is_requester(user, support_request))
    practice = support_request.result_practice
    context = {
        "r": support_request,
        # The request's page is public; the practice it led to may be for members only.
        "result_practice": practice
        if practice and user.has_perm("knowledge.view_practice", practice)
        else None,
        "details": details,
        "is_requester": requester,
        "can_edit": can_edit_request(user, support_request),
        # Fulfilling has its own page (the result is asked for); the rest are buttons.
        "targets": [
            (to, Status(to).label)
            for to in services.allowed_targets(support_request, user)
            if to != Status.FULFILLED
        ]
        if user.is_authenticated
        else [],
        "can_fulfil": requester and support_request.status == Status.IN_PROGRESS,
        "covered": offer_services.request_covered(support_request),
        "attachment_form": AttachmentForm() if requester else None,
        "offer_form": OfferForm() if can_offer(user, support_request) else None,
        "message_form": MessageForm() if details and membership_for(user) else None,
    }
    return render(request, "platform_africa/request_detail.html", context)


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what should happen to the request."))
    else:
        try:
            services.support_request_transition(
                request=support_request,
                user=request.user,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The request is now %(status)s.")
                % {"status": Status(form.cleaned_data["to"]).label},
            )
    return redirect("platform:request-detail", pk=pk)


@login_required
def request_fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    if not is_requester(request.user, support_request):
        raise Http404
    form = FulfilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_fulfil(
                request=support_request,
                user=request.user,
                result=form.cleaned_data["result"],
                practice=form.cleaned_data["practice"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the result is recorded."))
            return redirect("platform:request-detail", pk=pk)
    return render(
        request, "platform_africa/request_fulfil.html", {"form": form, "r": support_request}
    )


@login_required
@require_POST
@rate_limit("post")
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    if not can_offer(request.user, support_request):
        raise Http404
    form = OfferForm(request.POST)
    if form.is_valid():
        try:
            offer_services.offer_create(
                request=support_request, user=request.user, values=form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your offer is sent to the requester."))
            return redirect("platform:request-detail", pk=pk)
    return render(request, "platform_africa/offer_form.html", {"form": form, "r": support_request})


@login_required
@require_POST
def offer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("accept", "decline"):
        raise Http404
    offer = get_object_or_404(Offer.objects.select_related("request"), pk=pk)
    if not can_view_request(request.user, offer.request):
        raise Http404
    try:
        if decision == "accept":
            offer_services.offer_accept(offer=offer, user=request.user)
            messages.success(request, _("Offer accepted."))
        else:
            offer_services.offer_decline(
                offer=offer, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Offer declined."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("platform:request-detail", pk=offer.request_id)


@login_required
@require_POST
@rate_limit("post")
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    if membership_for(request.user) is None:
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            offer_services.message_post(
                request=support_request, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write a message."))
    return redirect(f"{support_request.get_absolute_url()}#discussion")


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = _request_for(request, pk)
    if not is_requester(request.user, support_request):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                request=support_request, user=request.user, file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Document added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("platform:request-detail", pk=pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served through the site, never from a public media URL: the request's rules apply."""
    attachment = get_object_or_404(RequestAttachment.objects.select_related("request"), pk=pk)
    if not (can_view_request(request.user, attachment.request) and can_read_details(request.user)):
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
