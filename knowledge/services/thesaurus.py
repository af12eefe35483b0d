"""Writes to the mine action thesaurus: the file in the repository, and editors' changes.

knowledge/thesaurus.csv holds one concept a line: its slug, the themes it names (slugs,
separated by "|"), then its terms in en, fr, es, pt, ar and uk (variants and acronyms separated
by "|", the first the preferred term, wording shared with locale/glossary.csv where they meet)
and a note (usually the IMAS reference). Migration 0008 loads it into every database; editors
then change concepts in the admin, which saves through `thesaurus_concept_save`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from knowledge.models import ThesaurusConcept, ThesaurusTerm

CSV_PATH = Path(__file__).resolve().parent.parent / "thesaurus.csv"
THESAURUS_LANGUAGES = ("en", "fr", "es", "pt", "ar", "uk")


def thesaurus_rows(path: Path = CSV_PATH) -> list[dict[str, Any]]:
    """The concepts of the CSV file: {"slug", "themes", "note", "terms": {language: [...]}}."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "slug": row["concept"].strip(),
                "themes": _split(row["themes"]),
                "note": row["note"].strip(),
                "terms": {language: _split(row[language]) for language in THESAURUS_LANGUAGES},
            }
            for row in csv.DictReader(handle)
        ]


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _clean_terms(terms: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for language, texts in terms.items():
        if language not in THESAURUS_LANGUAGES:
            raise ValidationError(_("Unknown language: %(language)s") % {"language": language})
        unique: list[str] = []
        for text in texts:
            text = " ".join(text.split())
            if text and text not in unique:
                unique.append(text[:200])
        cleaned[language] = unique
    if not any(cleaned.values()):
        raise ValidationError(_("A concept needs at least one term."))
    return cleaned


def _write(
    concept_model: Any,
    term_model: Any,
    *,
    concept: Any,
    terms: dict[str, list[str]],
) -> None:
    kept = []
    for language, texts in terms.items():
        for position, text in enumerate(texts):
            term, _created = term_model.objects.update_or_create(
                concept=concept, language=language, text=text, defaults={"position": position}
            )
            kept.append(term.pk)
    term_model.objects.filter(concept=concept, language__in=list(terms)).exclude(
        pk__in=kept
    ).delete()


@transaction.atomic
def thesaurus_concept_save(
    *,
    slug: str,
    terms: Mapping[str, Sequence[str]],
    themes: Sequence[str] = (),
    note: str = "",
    concept: ThesaurusConcept | None = None,
) -> ThesaurusConcept:
    """Create a concept or change one (`concept`), its themes, note and terms: every language
    given in `terms` gets exactly those terms, in that order. A search uses the change at once
    (the thesaurus tables are part of the words topic, WORDS_TOPIC)."""
    cleaned = _clean_terms(terms)
    if concept is None:
        concept = ThesaurusConcept(slug=slug)
    concept.slug = slug
    concept.themes = [theme.strip() for theme in themes if theme.strip()]
    concept.note = note.strip()
    concept.full_clean(validate_unique=True)
    concept.save()
    _write(ThesaurusConcept, ThesaurusTerm, concept=concept, terms=cleaned)
    return concept


def thesaurus_import(
    *,
    rows: Iterable[Mapping[str, Any]],
    concept_model: Any = ThesaurusConcept,
    term_model: Any = ThesaurusTerm,
) -> int:
    """Load concepts (thesaurus_rows) by slug, replacing their terms; returns how many.

    The models are parameters so a data migration can pass its historical ones.
    """
    count = 0
    for row in rows:
        concept, _created = concept_model.objects.update_or_create(
            slug=row["slug"], defaults={"themes": list(row["themes"]), "note": row["note"]}
        )
        _write(concept_model, term_model, concept=concept, terms=_clean_terms(row["terms"]))
        count += 1
    return count
