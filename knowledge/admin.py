from typing import Any

from django import forms
from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from knowledge.markdown import render
from knowledge.models import (
    LANGUAGES,
    Application,
    Attachment,
    Comment,
    Follow,
    Outcome,
    Practice,
    Review,
    Theme,
    ThesaurusConcept,
)
from knowledge.services.thesaurus import THESAURUS_LANGUAGES, thesaurus_concept_save


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["indicator", "baseline", "result", "unit", "position"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "kind", "size", "thumbnail_status", "uploaded_by"]
    readonly_fields = ["kind", "size", "thumbnail_status", "uploaded_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Uploads go through the practice form, which checks a file's content.
        return False


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "kind", "visibility", "author", "published_at"]
    list_filter = ["status", "kind", "visibility", "language"]
    search_fields = ["title"]
    list_select_related = ["author"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "translation_of", "organisations"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "useful_count", "has_outcomes"]
    inlines = [OutcomeInline, AttachmentInline]
    date_hierarchy = "published_at"

    def save_model(
        self, request: HttpRequest, obj: Practice, form: ModelForm, change: bool
    ) -> None:
        # The same invariants the services keep: safe HTML, and a publication date once published.
        obj.body_html = render(obj.body)
        if obj.status == Practice.Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        practice = form.instance
        has_outcomes = practice.outcomes.exists()
        if practice.has_outcomes != has_outcomes:
            Practice.objects.filter(pk=practice.pk).update(has_outcomes=has_outcomes)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["practice", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    search_fields = ["practice__title", "comment"]
    list_select_related = ["practice", "reviewer"]
    raw_id_fields = ["practice", "reviewer"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["practice", "country", "user", "created_at"]
    list_filter = ["country"]
    search_fields = ["practice__title", "note"]
    list_select_related = ["practice", "user"]
    raw_id_fields = ["practice", "user"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "practice", "author", "created_at"]
    search_fields = ["body", "practice__title"]
    list_select_related = ["practice", "author"]
    raw_id_fields = ["practice", "author"]

    @admin.display(description=_("message"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(60)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["followed", "user", "theme", "country", "created_at"]
    list_filter = ["country"]
    search_fields = ["user__email", "name", "query"]
    list_select_related = ["user", "theme"]
    raw_id_fields = ["user"]

    @admin.display(description=_("followed"))
    def followed(self, follow: Follow) -> str:
        return str(follow)


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
