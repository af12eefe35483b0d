"""Good practices and lessons learned, their outcomes, files and the people who use them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import CombinedSearchVector, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, Q, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from portal.countries import country_names
from portal.models import CONTENT_LANGUAGES as LANGUAGES
from portal.models import Organisation

# Text search configurations, created by migration 0006: a copy of PostgreSQL's stemmer for the
# language with `unaccent` before it (so "deminage" finds "déminage"), and `portal_simple`
# (unaccent, no stemming) for languages PostgreSQL has no stemmer for and for acronyms and names.
SIMPLE_CONFIG = "portal_simple"
STEMMED_CONFIGS = {
    "en": "portal_english",
    "fr": "portal_french",
    "es": "portal_spanish",
    "pt": "portal_portuguese",
    "ar": "portal_arabic",
}
SEARCH_CONFIGS = (*STEMMED_CONFIGS.values(), SIMPLE_CONFIG)
_LANGUAGE_LABELS = dict(LANGUAGES)  # code: label (lazy), for Practice.language_label


def language_config(language: str) -> str:
    """The text search configuration a text in `language` is analysed with."""
    return STEMMED_CONFIGS.get(language.split("-")[0], SIMPLE_CONFIG)


def _vector_in(config: str) -> CombinedSearchVector:
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
        + SearchVector("title", weight="A", config=SIMPLE_CONFIG)
    )


def practice_search_vector() -> Case:
    """Each practice analysed in its own language, plus its title unstemmed (acronyms, names).

    A CASE over constant regconfigs stays immutable, so the vector can be a stored generated
    column (a regconfig computed from the text at run time could not).
    """
    return Case(
        *(When(language=code, then=_vector_in(config)) for code, config in STEMMED_CONFIGS.items()),
        default=_vector_in(SIMPLE_CONFIG),
        output_field=SearchVectorField(),
    )


class Theme(models.Model):
    """The controlled taxonomy editors manage (land release, non-technical survey, ...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        # The shared taxonomy is in the catalogues (knowledge/demo_data.py marks it), so a theme
        # reads in the reader's language; one an editor adds reads as written until translated.
        return gettext(self.name)


class PracticeQuerySet(models.QuerySet):
    def published(self) -> PracticeQuerySet:
        return self.filter(status=Practice.Status.PUBLISHED)

    def visible_to(self, user: settings.AUTH_USER_MODEL) -> PracticeQuerySet:
        """Published practices this person may read: members-only ones need a sign-in."""
        published = self.published()
        if user is not None and user.is_authenticated:
            return published
        return published.filter(visibility=Practice.Visibility.PUBLIC)


class Practice(models.Model):
    class Kind(models.TextChoices):
        GOOD_PRACTICE = "good_practice", _("Good practice")
        LESSON_LEARNED = "lesson_learned", _("Lesson learned")
        CASE_STUDY = "case_study", _("Case study")
        GUIDELINE = "guideline", _("Guideline or tool")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only (signed-in users)")

    class Pillar(models.TextChoices):
        HUMANITARIAN = "humanitarian", _("Humanitarian")
        DEVELOPMENT = "development", _("Development")
        PEACE = "peace", _("Peace")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("text"), help_text=_("Markdown: headings, lists, links, tables."))
    body_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="practices")
    countries = ArrayField(
        models.CharField(max_length=2, choices=list(countries)),
        verbose_name=_("countries"),
        default=list,
        blank=True,
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations involved"), related_name="practices", blank=True
    )
    year_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="en")
    hdp_pillars = ArrayField(
        models.CharField(max_length=20, choices=Pillar.choices),
        verbose_name=_("HDP nexus pillars"),
        default=list,
        blank=True,
    )
    imas_references = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("IMAS references"),
        default=list,
        blank=True,
        help_text=_("For example IMAS 08.10"),
    )
    visibility = models.CharField(
        _("who can read it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="practices",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    useful_count = models.PositiveIntegerField(_("found useful"), default=0)
    has_outcomes = models.BooleanField(_("has measured outcomes"), default=False)
    search_vector = models.GeneratedField(
        expression=practice_search_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(m2m_fields=[themes], excluded_fields=["search_vector", "body_html"])
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            GinIndex(fields=["search_vector"], name="practice_search"),
            GinIndex(fields=["countries"], name="practice_countries"),
            GinIndex(name="practice_title_trgm", fields=["title"], opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "visibility", "-published_at"], name="practice_listing"),
            # What the list's facets count and related practices sort by, readable without the wide
            # rows (index-only scans).
            models.Index(
                fields=["status", "visibility"],
                include=[
                    "id",
                    "kind",
                    "language",
                    "countries",
                    "year_start",
                    "year_end",
                    "has_outcomes",
                    "published_at",
                    "translation_of",
                ],
                name="practice_facets",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_end__isnull=True)
                | Q(year_start__isnull=True)
                | Q(year_end__gte=models.F("year_start")),
                name="practice_years_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice-detail", args=[self.slug])

    @property
    def country_objects(self) -> list:
        from django_countries.fields import Country

        return [Country(code) for code in self.countries]

    @property
    def country_list(self) -> str:
        """The countries' names in the active language, "Cambodia, Colombia" (a result card
        shows twenty: django-countries' translated lookup costs tens of microseconds each)."""
        names = country_names()
        return ", ".join(names.get(code, code) for code in self.countries)

    @property
    def kind_label(self) -> str:
        """get_kind_display, without translating every choice to find this one."""
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind

    @property
    def language_label(self) -> str:
        """get_language_display, without translating every choice to find this one."""
        return str(_LANGUAGE_LABELS.get(self.language, self.language))

    @property
    def text_direction(self) -> str:
        """ "rtl" for content in Arabic (or another right-to-left language), else "ltr"."""
        return "rtl" if self.language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"

    @property
    def period(self) -> str:
        if self.year_start and self.year_end and self.year_end != self.year_start:
            return f"{self.year_start}–{self.year_end}"
        return str(self.year_start or self.year_end or "")


class Outcome(models.Model):
    """A measured result: "days per non-technical survey: 20 → 7"."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="outcomes"
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    result = models.DecimalField(_("result"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.baseline} → {self.result}"

    @property
    def change_percent(self) -> Decimal | None:
        if not self.baseline:
            return None
        return ((self.result - self.baseline) / self.baseline * 100).quantize(Decimal("1"))


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"practices/{instance.practice_id}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF document")
        IMAGE = "image", _("Image")

    class ThumbnailStatus(models.TextChoices):
        NONE = "none", _("Not needed")
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="practices/thumbnails/", blank=True)
    thumbnail_status = models.CharField(
        _("thumbnail status"),
        max_length=10,
        choices=ThumbnailStatus.choices,
        default=ThumbnailStatus.NONE,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """An editor's decision on a submitted practice."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_decision_display()}"


class Application(models.Model):
    """Someone applied this practice in their country ("I applied this")."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="applications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    country = CountryField(_("country"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("applied a practice", "application")
        verbose_name_plural = pgettext_lazy("applied a practice", "applications")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user", "country"], name="one_application_per_country"
            )
        ]

    def __str__(self) -> str:
        # Translators: a practice applied in a country, e.g. "Land release in Cambodia".
        return gettext("%(practice)s in %(country)s") % {
            "practice": self.practice,
            "country": self.country.name,
        }


class UsefulMark(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="useful_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("“useful” mark")
        verbose_name_plural = _("“useful” marks")
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="one_useful_mark_per_user")
        ]

    def __str__(self) -> str:
        return gettext("%(user)s found %(practice)s useful") % {
            "user": self.user,
            "practice": self.practice,
        }


class Comment(models.Model):
    """A question to the author, or an answer, under a practice."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question or answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self) -> str:
        return self.body[:50]


class Follow(models.Model):
    """A person follows a theme, a country, or a saved search (the list's query string)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, null=True, blank=True
    )
    country = CountryField(_("country"), blank=True)
    query = models.CharField(_("saved search"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("something a person follows", "follow")
        verbose_name_plural = pgettext_lazy("something a person follows", "follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(theme__isnull=False, country="", query="")
                    | Q(theme__isnull=True, country__gt="", query="")
                    | Q(theme__isnull=True, country="", query__gt="")
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "theme", "country", "query"],
                name="follow_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.theme or self.country or self.query)


class ThesaurusConcept(models.Model):
    """A mine action concept and the words for it in each language (knowledge/thesaurus.csv,
    following the IMAS glossary): a search for any of them finds practices using the others."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    themes = ArrayField(
        models.SlugField(max_length=100),
        verbose_name=_("themes"),
        default=list,
        blank=True,
        help_text=_(
            "Slugs of the themes this concept names: practices tagged with them rank first."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("thesaurus concept")
        verbose_name_plural = _("thesaurus concepts")

    def __str__(self) -> str:
        return self.slug


class ThesaurusTerm(models.Model):
    """One way to say a concept: a term, a variant or an acronym, in one language."""

    concept = models.ForeignKey(
        ThesaurusConcept, verbose_name=_("concept"), on_delete=models.CASCADE, related_name="terms"
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES)
    text = models.CharField(_("term"), max_length=200)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )

    class Meta:
        ordering = ["concept", "language", "position", "pk"]
        verbose_name = _("thesaurus term")
        verbose_name_plural = _("thesaurus terms")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="thesaurus_term_once"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="thesaurus_term_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class SearchIndexChange(models.Model):
    """A practice whose entry in the derived search index (knowledge/search_index.py) must be
    rebuilt. Written only by database triggers (migrations 0010 and 0013), for every write path; no
    practice (NULL) means the whole index (a theme renamed, a table truncated)."""

    practice_id = models.IntegerField(null=True)
    queued_at = models.DateTimeField(db_default=Now())
    # Only the useful count changed: readers need not wait for it (search_index.LAZY_LAG).
    lazy = models.BooleanField(default=False, db_default=False)

    class Meta:
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")
        indexes = [models.Index(fields=["queued_at"], name="search_change_queued")]

    def __str__(self) -> str:
        return f"{self.practice_id or '*'} @ {self.queued_at:%Y-%m-%d %H:%M:%S}"
