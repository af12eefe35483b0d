"""Joining the platform, the member directory, and an organisation's own people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from platform_africa import selectors
from platform_africa.forms import ApplicationForm, DecisionForm, InvitationForm, SubscriptionForm
from platform_africa.models import MemberOrganisation, Membership, Subscription
from platform_africa.permissions import membership_for
from platform_africa.services import membership as services
from platform_africa.services.requests import subscription_set
from portal.permissions import is_platform_secretariat


def add_errors(form: object, exc: ValidationError) -> None:
    """A service's refusal shown on the form, on the field it names when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)  # type: ignore[attr-defined]
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)  # type: ignore[attr-defined]


def home(request: HttpRequest) -> HttpResponse:
    membership = membership_for(request.user)
    pending = (
        MemberOrganisation.objects.filter(status=MemberOrganisation.Status.PENDING).count()
        if is_platform_secretariat(request.user)
        else None
    )
    return render(
        request,
        "platform_africa/home.html",
        {"membership": membership, "pending_applications": pending},
    )


def member_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "platform_africa/member_list.html",
        {
            "members": selectors.members_for_directory(),
            # Focal points' contact details are for members and the secretariat only.
            "show_contacts": bool(
                membership_for(request.user) or is_platform_secretariat(request.user)
            ),
        },
    )


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_apply(
                user=request.user,
                organisation=data["organisation"],
                role=data["role"],
                kind=data["kind"],
                country=data["country"],
                mandate=data["mandate"],
                focal_point_name=data["focal_point_name"],
                focal_point_email=data["focal_point_email"],
                focal_areas=data["focal_areas"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the secretariat will review your application."))
            return redirect("platform:home")
    return render(request, "platform_africa/apply.html", {"form": form})


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    if not is_platform_secretariat(request.user):
        raise Http404
    applications = (
        MemberOrganisation.objects.select_related("organisation", "applied_by", "decided_by")
        .prefetch_related("focal_areas")
        .order_by("status", "-applied_at")
    )
    return render(
        request,
        "platform_africa/application_list.html",
        {"applications": applications, "form": DecisionForm()},
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_platform_secretariat(request.user):
        raise Http404
    member = get_object_or_404(MemberOrganisation, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.member_decide(
                member=member,
                user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Decision recorded; the applicant has been told."))
    else:
        messages.error(request, _("Choose approve or decline."))
    return redirect("platform:application-list")


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    """My organisation on the platform: its people, and (for admins) invitations."""
    membership = (
        Membership.objects.select_related("organisation__organisation")
        .filter(user=request.user)
        .first()
    )
    application = (
        MemberOrganisation.objects.filter(applied_by=request.user)
        .select_related("organisation")
        .first()
    )
    form = InvitationForm()
    if request.method == "POST" and membership:
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=membership.organisation,
                    user=request.user,
                    email=form.cleaned_data["email"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("platform:organisation")
    context = {"membership": membership, "application": application, "form": form}
    if membership:
        context["memberships"] = selectors.organisation_memberships(
            organisation=membership.organisation
        )
        context["invitations"] = membership.organisation.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        )
    return render(request, "platform_africa/organisation.html", context)


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    mine = Membership.objects.filter(user=request.user).first()
    target = get_object_or_404(
        Membership, pk=pk, organisation_id=getattr(mine, "organisation_id", None)
    )
    try:
        services.membership_remove(membership=target, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s no longer acts for your organisation.") % {"name": target.user}
        )
    return redirect("platform:organisation")


@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Welcome to the platform."))
            return redirect("platform:organisation")
    elif invitation.email.lower() != request.user.email.lower():
        error = _(
            "This invitation is for %(email)s: sign out and sign in or sign up with that address."
        ) % {"email": invitation.email}
    return render(
        request,
        "platform_africa/invitation_accept.html",
        {"invitation": invitation, "error": error},
    )


@login_required
def subscription(request: HttpRequest) -> HttpResponse:
    if membership_for(request.user) is None:
        raise Http404
    current = Subscription.objects.filter(user=request.user).first()
    initial = (
        {
            "kinds": current.kinds,
            "countries": current.countries,
            "themes": list(current.themes.all()),
        }
        if current
        else {}
    )
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        subscription_set(
            user=request.user,
            kinds=form.cleaned_data["kinds"],
            countries=form.cleaned_data["countries"],
            themes=form.cleaned_data["themes"],
        )
        messages.success(request, _("Your subscriptions are saved."))
        return redirect("platform:subscription")
    return render(request, "platform_africa/subscription.html", {"form": form})
