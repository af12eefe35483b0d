"""The Africa Mine Action Platform: member organisations, their people, requests and offers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.i18n import Phrase
from portal.models import Organisation


class MemberOrganisationQuerySet(models.QuerySet):
    def approved(self) -> MemberOrganisationQuerySet:
        return self.filter(status=MemberOrganisation.Status.APPROVED)


class MemberOrganisation(models.Model):
    """An organisation's application to the platform and, once approved, its membership."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the secretariat")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="platform_membership",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    kind = models.CharField(_("kind"), max_length=30, choices=Organisation.Kind.choices)
    country = CountryField(_("country"), blank=True)
    mandate = models.TextField(_("mandate"))
    focal_point_name = models.CharField(_("focal point's name"), max_length=150)
    focal_point_email = models.EmailField(_("focal point's email"))
    focal_areas = models.ManyToManyField(
        "knowledge.Theme", verbose_name=_("focal areas"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied on"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="platform_member_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="platform_member_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Membership(models.Model):
    """A person who acts for a member organisation on the platform."""

    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="platform_membership",
    )
    is_admin = models.BooleanField(_("organisation admin"), default=False)
    joined_at = models.DateTimeField(_("joined on"), auto_now_add=True)

    class Meta:
        ordering = ["user__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        # Translators: a person who acts for an organisation on the platform.
        return gettext("%(person)s for %(organisation)s") % {
            "person": self.user,
            "organisation": self.organisation,
        }


class Invitation(models.Model):
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="platform_invitation_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Kind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge sharing")
    COOPERATION = "cooperation", _("Technical cooperation or training")
    EQUIPMENT = "equipment", _("Equipment")
    FACILITIES = "facilities", _("Facilities")
    FUNDING = "funding", _("Funding")
    EXPERTS = "experts", _("Expert deployment")
    SITE_VISIT = "site_visit", _("Site visit")


class SupportRequestQuerySet(models.QuerySet):
    def visible_to(self, user: Any, membership: Membership | None) -> SupportRequestQuerySet:
        """Requests this person may find. Drafts and unreviewed requests stay with their
        organisation and the secretariat; published ones follow their confidentiality."""
        from portal.permissions import is_platform_secretariat

        if is_platform_secretariat(user):
            return self
        published = Q(status__in=SupportRequest.PUBLISHED)
        if membership is None or not membership.organisation.is_approved:
            return self.filter(published, confidentiality=SupportRequest.Confidentiality.SUMMARY)
        org = membership.organisation_id
        return self.filter(
            Q(organisation_id=org)
            | published
            & (
                ~Q(confidentiality=SupportRequest.Confidentiality.NAMED)
                | Q(
                    pk__in=SupportRequest.named_partners.through.objects.filter(
                        memberorganisation_id=org
                    ).values("supportrequest_id")
                )
            )
        )


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    class Nexus(models.TextChoices):
        HDP = "hdp", _("Humanitarian–development–peace nexus")
        OPERATIONAL = "operational", _("Operational and management")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Confidentiality(models.TextChoices):
        SUMMARY = "summary", _("Public summary, details for members")
        MEMBERS = "members", _("Members only")
        NAMED = "named", _("Named partners only")

    PUBLISHED = (Status.OPEN, Status.IN_PROGRESS, Status.FULFILLED, Status.CLOSED)

    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(
        "knowledge.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    nexus = models.CharField(_("nexus"), max_length=12, choices=Nexus.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("public summary"),
        max_length=300,
        help_text=_("Shown to everyone when the details are for members only."),
    )
    description = models.TextField(_("details"))
    country = CountryField(_("country"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.MEDIUM
    )
    confidentiality = models.CharField(
        _("who may read the details"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.SUMMARY,
    )
    named_partners = models.ManyToManyField(
        MemberOrganisation,
        verbose_name=_("named partners"),
        blank=True,
        related_name="requests_shared",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    opened_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    first_offer_at = models.DateTimeField(_("first offer on"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled on"), null=True, blank=True)
    subscribers_notified_at = models.DateTimeField(_("subscribers told on"), null=True, blank=True)
    # Reminders: each is sent once; a stale request is closed some days after its warning.
    no_offer_flagged_at = models.DateTimeField(_("no-offer reminder on"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("overdue reminder on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    result_practice = models.ForeignKey(
        "knowledge.Practice",
        verbose_name=_("practice that came out of it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for support")
        verbose_name_plural = _("requests for support")
        indexes = [models.Index(fields=["status", "-created_at"], name="platform_request_board")]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | ~Q(currency=""),
                name="platform_request_cost_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0),
                name="platform_request_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_at__isnull=False),
                name="platform_request_fulfilled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("platform:request-detail", args=[self.pk])


class RequestEvent(models.Model):
    """One step of a request's timeline: who moved it from which status to which, and why."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("on"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=12, choices=SupportRequest.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=SupportRequest.Status.choices)
    # What a person wrote, kept as they wrote it...
    reason = models.TextField(_("reason"), blank=True)
    # ...or the system's own reason, as a Phrase (portal.i18n): read in the reader's language.
    reason_phrase = models.JSONField(_("reason given by the system"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language (the system's) or as written (a person's)."""
        phrase = Phrase.from_json(self.reason_phrase)
        return phrase.render() if phrase else self.reason


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    return f"platform/requests/{instance.request_id}/{filename}"


class RequestAttachment(models.Model):
    """A document or photo behind a request; read by those who may read its details."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class Offer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="offers"
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("offered by"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    description = models.TextField(_("what you offer"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("offered on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="platform_offer_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="platform_offer_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.description[:40]}"


class Message(models.Model):
    """The members-only discussion under a request."""

    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")

    def __str__(self) -> str:
        return self.body[:40]


class Subscription(models.Model):
    """What new open requests a member wants to hear about (empty = any)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="platform_subscription",
    )
    kinds = ArrayField(
        models.CharField(max_length=20, choices=Kind.choices),
        verbose_name=_("kinds of support"),
        default=list,
        blank=True,
    )
    countries = ArrayField(
        models.CharField(max_length=2), verbose_name=_("countries"), default=list, blank=True
    )
    themes = models.ManyToManyField(
        "knowledge.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("request subscription")
        verbose_name_plural = _("request subscriptions")

    def __str__(self) -> str:
        return f"{self.user}"
