"""Joining the platform: applications, the secretariat's decision, colleagues and invitations."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from knowledge.models import Theme
from platform_africa.models import Invitation, MemberOrganisation, Membership
from platform_africa.services.people import secretariat_users, without
from portal.i18n import Phrase
from portal.models import Organisation, User
from portal.notifications.services import notify
from portal.permissions import is_platform_secretariat
from portal.services import email_queue

INVITATION_SALT = "platform-invitation"
# An invitation link works for this long.
INVITATION_MAX_AGE = 30 * 24 * 3600


@transaction.atomic
def member_apply(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    kind: str,
    country: str,
    mandate: str,
    focal_point_name: str,
    focal_point_email: str,
    focal_areas: Iterable[Theme],
) -> MemberOrganisation:
    """An organisation asks to join; a declined one may ask again."""
    member = (
        MemberOrganisation.objects.select_for_update().filter(organisation=organisation).first()
    )
    if member is not None and member.status != MemberOrganisation.Status.DECLINED:
        raise ValidationError(
            _("%(organisation)s has already applied or is a member.")
            % {"organisation": organisation}
        )
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already act for an organisation on the platform."))
    member = member or MemberOrganisation(organisation=organisation)
    member.role = role
    member.kind = kind
    member.country = country
    member.mandate = mandate
    member.focal_point_name = focal_point_name
    member.focal_point_email = focal_point_email
    member.status = MemberOrganisation.Status.PENDING
    member.decision_reason = ""
    member.decided_at = None
    member.decided_by = None
    member.applied_by = user
    member.save()
    member.focal_areas.set(focal_areas)
    notify(
        without(secretariat_users(), user),
        "platform.application",
        title=Phrase(
            gettext_lazy("%(organisation)s applied to join the platform"),
            organisation=organisation,
        ),
        body=mandate[:300],
        url=reverse("platform:application-list"),
    )
    return member


@transaction.atomic
def member_decide(
    *, member: MemberOrganisation, user: User, approve: bool, reason: str = ""
) -> MemberOrganisation:
    """The secretariat approves or declines; the applicant is told, with the reason."""
    if not is_platform_secretariat(user):
        raise ValidationError(_("Only the platform secretariat decides on applications."))
    member = MemberOrganisation.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberOrganisation.Status.PENDING:
        raise ValidationError(_("This application has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the application is declined.")})
    member.status = (
        MemberOrganisation.Status.APPROVED if approve else MemberOrganisation.Status.DECLINED
    )
    member.decision_reason = reason.strip()
    member.decided_by = user
    member.decided_at = timezone.now()
    member.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    applicant = member.applied_by
    if approve and applicant and not Membership.objects.filter(user=applicant).exists():
        # Whoever applied becomes the organisation's first admin.
        Membership.objects.create(organisation=member, user=applicant, is_admin=True)
    if applicant:
        message = (
            gettext_lazy("%(organisation)s is now a member of the Africa Mine Action Platform")
            if approve
            else gettext_lazy("The application of %(organisation)s was declined")
        )
        notify(
            [applicant],
            "platform.application_decided",
            title=Phrase(message, organisation=member.organisation),
            body=member.decision_reason,
            url=reverse("platform:organisation"),
        )
    return member


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Invitation.objects.select_related("organisation__organisation")
        .filter(pk=pk, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )


@transaction.atomic
def invitation_create(*, organisation: MemberOrganisation, user: User, email: str) -> Invitation:
    """An organisation's admin invites a colleague; the link goes to that address only."""
    if not Membership.objects.filter(organisation=organisation, user=user, is_admin=True).exists():
        raise ValidationError(_("Only the organisation's admins invite colleagues."))
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).exists():
        raise ValidationError({"email": _("This person has already been invited.")})
    invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=user)
    link = settings.SITE_URL + reverse(
        "platform:invitation-accept", args=[invitation_token(invitation)]
    )
    context = {"invitation": invitation, "link": link, "inviter": user}
    with translation.override(_invitee_language(email, inviter=user)):
        email_queue(
            to=email,
            subject=render_to_string("platform_africa/emails/invitation-subject.txt", context),
            body_text=render_to_string("platform_africa/emails/invitation-body.txt", context),
        )
    return invitation


def _invitee_language(email: str, *, inviter: User) -> str:
    """The invited person's own language when they already have an account; otherwise the
    inviter's (a colleague, likely to share it), then the site's."""
    invitee = User.objects.filter(email__iexact=email, is_active=True).first()
    return (
        (invitee.preferred_language if invitee else "")
        or inviter.preferred_language
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is no longer valid."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already act for an organisation on the platform."))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return Membership.objects.create(organisation=invitation.organisation, user=user)


@transaction.atomic
def membership_remove(*, membership: Membership, user: User) -> None:
    """An admin removes a colleague; the last admin stays, so nobody is locked out."""
    organisation = membership.organisation
    if not Membership.objects.filter(organisation=organisation, user=user, is_admin=True).exists():
        raise ValidationError(_("Only the organisation's admins remove colleagues."))
    if (
        membership.is_admin
        and not Membership.objects.filter(organisation=organisation, is_admin=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("An organisation keeps at least one admin."))
    membership.delete()
