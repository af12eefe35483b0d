"""Knowledge in the admin. Practices and what people do with them are shown read-only: their
rules (rendered Markdown, a publication date, a review with its notifications, the followers
told, the history's author) live in knowledge/services, which the editors' actions call
(portal/admin_services.py). Themes are reference data; thesaurus concepts save through their
service."""

from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from knowledge.models import (
    LANGUAGES,
    Application,
    Attachment,
    Comment,
    Follow,
    Outcome,
    Practice,
    Review,
    SearchIndexChange,
    Theme,
    ThesaurusConcept,
    ThesaurusTerm,
    UsefulMark,
)
from knowledge.services.thesaurus import THESAURUS_LANGUAGES, thesaurus_concept_save
from knowledge.services.workflow import (
    practice_approve,
    practice_archive,
    practice_request_changes,
)
from portal.admin_services import ReadOnlyInline, ThroughServicesAdmin, service_action


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OutcomeInline(ReadOnlyInline):
    model = Outcome
    fields = ["indicator", "baseline", "result", "unit", "position"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["title", "file", "kind", "size", "thumbnail_status", "uploaded_by"]
    readonly_fields = fields


@admin.register(Practice)
class PracticeAdmin(ThroughServicesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "status", "kind", "visibility", "author", "published_at"]
    list_filter = ["status", "kind", "visibility", "language"]
    search_fields = ["title"]
    list_select_related = ["author"]
    inlines = [OutcomeInline, AttachmentInline]
    date_hierarchy = "published_at"
    actions = [
        service_action(
            name="publish",
            description=_("Publish the selected practices in review"),
            call=lambda practice, user, reason: practice_approve(practice=practice, reviewer=user),
        ),
        service_action(
            name="request_changes",
            description=_("Send the selected practices back to their authors"),
            call=lambda practice, user, reason: practice_request_changes(
                practice=practice, reviewer=user, comment=reason
            ),
            needs_reason=True,
        ),
        service_action(
            name="archive",
            description=_("Archive the selected practices"),
            call=lambda practice, user, reason: practice_archive(practice=practice, user=user),
        ),
    ]


@admin.register(Outcome)
class OutcomeAdmin(ThroughServicesAdmin):
    list_display = ["indicator", "practice", "baseline", "result", "unit"]
    list_select_related = ["practice"]
    search_fields = ["indicator", "practice__title"]


@admin.register(Attachment)
class AttachmentAdmin(ThroughServicesAdmin):
    list_display = ["title", "practice", "kind", "size", "thumbnail_status", "uploaded_by"]
    list_filter = ["kind", "thumbnail_status"]
    list_select_related = ["practice", "uploaded_by"]
    search_fields = ["title", "practice__title"]


@admin.register(Review)
class ReviewAdmin(ThroughServicesAdmin):
    list_display = ["practice", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    search_fields = ["practice__title", "comment"]
    list_select_related = ["practice", "reviewer"]


@admin.register(Application)
class ApplicationAdmin(ThroughServicesAdmin):
    list_display = ["practice", "country", "user", "created_at"]
    list_filter = ["country"]
    search_fields = ["practice__title", "note"]
    list_select_related = ["practice", "user"]


@admin.register(UsefulMark)
class UsefulMarkAdmin(ThroughServicesAdmin):
    list_display = ["practice", "user"]
    list_select_related = ["practice", "user"]
    search_fields = ["practice__title", "user__email"]


@admin.register(Comment)
class CommentAdmin(ThroughServicesAdmin):
    list_display = ["excerpt", "practice", "author", "created_at"]
    search_fields = ["body", "practice__title"]
    list_select_related = ["practice", "author"]

    @admin.display(description=_("message"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(60)


@admin.register(Follow)
class FollowAdmin(ThroughServicesAdmin):
    list_display = ["followed", "user", "theme", "country", "created_at"]
    list_filter = ["country"]
    search_fields = ["user__email", "name", "query"]
    list_select_related = ["user", "theme"]

    @admin.display(description=_("followed"))
    def followed(self, follow: Follow) -> str:
        return str(follow)


@admin.register(SearchIndexChange)
class SearchIndexChangeAdmin(ThroughServicesAdmin):
    """The search index's change log, written by database triggers and read by its workers."""

    list_display = ["pk", "practice_id", "queued_at", "lazy"]


@admin.register(ThesaurusTerm)
class ThesaurusTermAdmin(ThroughServicesAdmin):
    """Terms change with their concept, through the concept's form."""

    list_display = ["text", "language", "concept"]
    list_filter = ["language"]
    list_select_related = ["concept"]
    search_fields = ["text", "concept__slug"]


class ThesaurusConceptForm(forms.ModelForm):
    """A concept with a box of terms per language, one term a line (the first is preferred)."""

    themes = forms.CharField(
        label=_("themes"),
        required=False,
        help_text=_("Slugs of the themes this concept names, separated by commas."),
    )

    class Meta:
        model = ThesaurusConcept
        fields = ["slug", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        concept = self.instance
        self.fields["themes"].initial = ", ".join(concept.themes or [])
        for code in THESAURUS_LANGUAGES:
            if concept.pk:
                texts = concept.terms.filter(language=code).values_list("text", flat=True)
                self.initial[f"terms_{code}"] = "\n".join(texts)

    def clean_themes(self) -> list[str]:
        return [slug.strip() for slug in self.cleaned_data["themes"].split(",") if slug.strip()]

    def terms(self) -> dict[str, list[str]]:
        return {
            code: self.cleaned_data.get(f"terms_{code}", "").splitlines()
            for code in THESAURUS_LANGUAGES
        }


# A box per language, declared on the class so the admin knows the fields.
for _code, _label in LANGUAGES:
    if _code in THESAURUS_LANGUAGES:
        ThesaurusConceptForm.declared_fields[f"terms_{_code}"] = ThesaurusConceptForm.base_fields[
            f"terms_{_code}"
        ] = forms.CharField(
            label=_label,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One term, variant or acronym a line."),
        )


@admin.register(ThesaurusConcept)
class ThesaurusConceptAdmin(admin.ModelAdmin):
    form = ThesaurusConceptForm
    list_display = ["slug", "note"]
    search_fields = ["slug", "terms__text"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["slug", "themes", "note", *(f"terms_{code}" for code in THESAURUS_LANGUAGES)]

    def save_model(
        self, request: HttpRequest, obj: ThesaurusConcept, form: ModelForm, change: bool
    ) -> None:
        # The service keeps the invariants (terms cleaned, at least one, the cache's version).
        saved = thesaurus_concept_save(
            concept=obj if change else None,
            slug=form.cleaned_data["slug"],
            themes=form.cleaned_data["themes"],
            note=form.cleaned_data.get("note", ""),
            terms=form.terms(),
        )
        obj.pk = saved.pk

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        """Terms were saved with the concept."""
