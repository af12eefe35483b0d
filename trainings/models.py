"""Training programmes, sessions, the people trained, their enrolments, imports and certificates.

People are personal data: only training coordinators see them, their URLs carry the integer
primary key only, and a person can be anonymised (statistics keep sex, age band, nationality).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.models import CONTENT_LANGUAGES as LANGUAGES
from portal.models import Organisation


class Programme(models.Model):
    """A training programme, e.g. the JICA-CMAC third-country training since 2010."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="hosted_programmes",
    )
    funders = models.ManyToManyField(
        Organisation, verbose_name=_("funders"), related_name="funded_programmes", blank=True
    )
    year_start = models.PositiveSmallIntegerField(_("first year"))
    year_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year_start", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__isnull=True) | Q(year_end__gte=models.F("year_start")),
                name="programme_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("trainings:programme-detail", args=[self.slug])

    @property
    def period(self) -> str:
        if self.year_end and self.year_end != self.year_start:
            return f"{self.year_start}–{self.year_end}"
        if self.year_end is None:
            return f"{self.year_start}–"
        return str(self.year_start)


class Session(models.Model):
    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        SITE_VISIT = "site_visit", _("Site visit")
        WORKSHOP = "workshop", _("Workshop")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=250)
    themes = models.ManyToManyField(
        "knowledge.Theme", verbose_name=_("themes"), related_name="training_sessions", blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host_country = CountryField(_("host country"))
    modality = models.CharField(
        _("modality"), max_length=20, choices=Modality.choices, default=Modality.IN_PERSON
    )
    trainers = models.TextField(_("trainers"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:session-detail", args=[self.pk])


class PersonQuerySet(models.QuerySet):
    def active(self) -> PersonQuerySet:
        """People not merged into someone else (merged rows are kept only for undo)."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """Someone trained. Personal data: coordinators only; the URL carries the pk only."""

    class Sex(models.TextChoices):
        FEMALE = "female", pgettext_lazy("sex", "Female")
        MALE = "male", pgettext_lazy("sex", "Male")
        OTHER = "other", pgettext_lazy("sex", "Other")
        NOT_RECORDED = "not_recorded", pgettext_lazy("sex", "Not recorded")

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", _("Under 25")
        FROM_25_TO_34 = "25_34", _("25–34")
        FROM_35_TO_44 = "35_44", _("35–44")
        FROM_45_TO_54 = "45_54", _("45–54")
        FROM_55 = "55_plus", _("55 and over")
        UNKNOWN = "unknown", pgettext_lazy("age band", "Unknown")

    full_name = models.CharField(_("full name"), max_length=200)
    local_name = models.CharField(_("name in local script"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=15, choices=Sex.choices, default=Sex.NOT_RECORDED)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    # Recorded, not computed on read: the band at the time of recording is what donors report
    # (a 2012 participant aged 30 stays "25–34" in the 2012 figures). The service sets it from
    # birth_year when that is given (age = recording year - birth_year), else from a stated age.
    age_band = models.CharField(
        _("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    nationality = CountryField(_("nationality"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trained_people",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_to_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # trainings.names.name_key(full_name): the name in one spelling, whatever its script,
    # accents or word order; set by every service that writes full_name.
    name_key = models.CharField(
        _("name key"), max_length=200, blank=True, db_index=True, editable=False
    )
    # When this record was last compared with everyone else for duplicates; empty for a new or
    # changed record: the durable intent that trainings.tasks.person_pairs_refresh_task
    # works through (a lost task is picked up by the next sweep).
    pairs_checked_at = models.DateTimeField(
        _("compared for duplicates"), null=True, blank=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_people",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            GinIndex(name="person_name_trgm", fields=["full_name"], opclasses=["gin_trgm_ops"]),
            models.Index(Lower("email"), name="person_email_ci"),
            models.Index(
                fields=["id"],
                condition=Q(pairs_checked_at__isnull=True),
                name="person_pairs_unchecked",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="person_not_merged_into_self"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("trainings:person-detail", args=[self.pk])

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def display_name(self) -> str:
        """The name shown: an anonymised record reads as such in the reader's language."""
        if self.is_anonymised:
            return gettext("Anonymised participant #%(pk)s") % {"pk": self.pk}
        return self.full_name


def age_band_for(age: int | None) -> str:
    """The band for an age in whole years; unknown when there is no age."""
    if age is None:
        return Person.AgeBand.UNKNOWN
    if age < 25:
        return Person.AgeBand.UNDER_25
    if age < 35:
        return Person.AgeBand.FROM_25_TO_34
    if age < 45:
        return Person.AgeBand.FROM_35_TO_44
    if age < 55:
        return Person.AgeBand.FROM_45_TO_54
    return Person.AgeBand.FROM_55


# Ages a participant may have: the age field, and years of birth (forms and imports).
MIN_AGE, MAX_AGE = 10, 100


def birth_year_range(on: date) -> tuple[int, int]:
    """The first and last year of birth accepted on the day `on`."""
    return on.year - MAX_AGE, on.year - MIN_AGE


def age_band_from_birth_year(birth_year: int | None, *, on: date) -> str:
    """The band at the time of recording: age is taken as `on.year - birth_year`."""
    if birth_year is None:
        return Person.AgeBand.UNKNOWN
    return age_band_for(on.year - birth_year)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", pgettext_lazy("enrolment status", "Nominated")
        CONFIRMED = "confirmed", pgettext_lazy("enrolment status", "Confirmed")
        ATTENDED = "attended", pgettext_lazy("enrolment status", "Attended")
        COMPLETED = "completed", pgettext_lazy("enrolment status", "Completed")
        WITHDRAWN = "withdrawn", pgettext_lazy("enrolment status", "Withdrawn")
        NO_SHOW = "no_show", pgettext_lazy("enrolment status", "No-show")

    # Which of two statuses is "better" when two records of one person meet in one session.
    STATUS_RANK = {
        "completed": 6,
        "attended": 5,
        "confirmed": 4,
        "nominated": 3,
        "withdrawn": 2,
        "no_show": 1,
    }

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED
    )
    pre_score = models.DecimalField(
        _("pre-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    post_score = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    feedback_rating = models.PositiveSmallIntegerField(_("feedback rating"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["session", "person__full_name", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session"], name="enrolment_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__gte=0, pre_score__lte=100),
                name="enrolment_pre_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__gte=0, post_score__lte=100),
                name="enrolment_post_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="enrolment_feedback_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("certificate status", "Pending")
        READY = "ready", pgettext_lazy("certificate status", "Ready")
        FAILED = "failed", pgettext_lazy("certificate status", "Failed")

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=64, unique=True)
    file = models.FileField(_("file"), upload_to="trainings/certificates/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # The kind of error that stopped the PDF (an exception's name), shown with an explanation.
    error = models.TextField(_("error"), blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.number


class PersonMerge(models.Model):
    """One merge of a duplicate into the record kept, with what undo needs to reverse it."""

    kept = models.ForeignKey(
        Person, verbose_name=_("record kept"), on_delete=models.PROTECT, related_name="merges_kept"
    )
    merged = models.ForeignKey(
        Person,
        verbose_name=_("record merged"),
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
    )
    # The merged person's fields and the kept person's fields before the merge (undo restores).
    snapshot = models.JSONField(_("fields before the merge"), default=dict)
    moved_enrolment_ids = models.JSONField(_("enrolments moved"), default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        constraints = [
            models.CheckConstraint(condition=~Q(kept=models.F("merged")), name="merge_two_people"),
        ]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.kept_id}"


class PersonPair(models.Model):
    """Two people, the lower primary key first (so a pair is stored once)."""

    person_low = models.ForeignKey(
        Person, verbose_name=_("first person"), on_delete=models.CASCADE, related_name="+"
    )
    person_high = models.ForeignKey(
        Person, verbose_name=_("second person"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"#{self.person_low_id} / #{self.person_high_id}"


class PersonPairCandidate(PersonPair):
    """A pair that may be one person, with its score and the evidence for and against.

    Kept by trainings.services.people.person_pairs_refresh: computing every pair at 50,000
    people takes seconds, reading them a page at a time takes milliseconds."""

    score = models.PositiveSmallIntegerField(_("score"))
    # Codes of trainings.selectors.PAIR_REASONS, strongest first.
    reasons = ArrayField(models.CharField(max_length=30), verbose_name=_("reasons"))
    found_at = models.DateTimeField(_("found"), auto_now=True)

    class Meta:
        ordering = ["-score", "person_low", "person_high"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        indexes = [
            models.Index(
                F("score").desc(), "person_low", "person_high", name="pair_candidate_by_score"
            ),
            models.Index(fields=["person_high"], name="pair_candidate_high"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_low", "person_high"], name="pair_candidate_once"
            ),
            models.CheckConstraint(
                condition=Q(person_low__lt=F("person_high")), name="pair_candidate_in_order"
            ),
            models.CheckConstraint(condition=Q(score__lte=100), name="pair_candidate_score_100"),
        ]


class PersonPairDecision(PersonPair):
    """A coordinator said these two records are not the same person: never suggest them."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("not the same person")
        verbose_name_plural = _("not the same person")
        constraints = [
            models.UniqueConstraint(
                fields=["person_low", "person_high"], name="pair_decision_once"
            ),
            models.CheckConstraint(
                condition=Q(person_low__lt=F("person_high")), name="pair_decision_in_order"
            ),
        ]


class ImportBatch(models.Model):
    """One uploaded participant list for a session: preview first, then written in one go."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", pgettext_lazy("import status", "Uploaded")
        PREVIEWED = "previewed", pgettext_lazy("import status", "Previewed")
        PROCESSING = "processing", pgettext_lazy("import status", "Processing")
        DONE = "done", pgettext_lazy("import status", "Done")
        FAILED = "failed", pgettext_lazy("import status", "Failed")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Private: personal data. Never link its URL; it is read back only by the import service.
    file = models.FileField(_("file"), upload_to="trainings/imports/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    encoding = models.CharField(_("text encoding"), max_length=20, blank=True)
    separator = models.CharField(_("column separator"), max_length=5, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows saved"), default=0)
    created_count = models.PositiveIntegerField(_("people created"), default=0)
    matched_count = models.PositiveIntegerField(_("people matched"), default=0)
    # Problems as codes of trainings.services.import_messages with their parameters.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="import_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("trainings:import-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return int(self.processed_rows * 100 / self.total_rows)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


# MODELS READY
