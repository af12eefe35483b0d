"""Loads the knowledge base's demo content (knowledge/demo_data.py) for `manage.py seed_demo`.

Idempotent: rows are found by slug and saved only when their content changed, so running it
again neither duplicates practices nor adds history entries.
"""

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

from knowledge import demo_data
from knowledge.demo_data import DemoPractice
from knowledge.markdown import render
from knowledge.models import Outcome, Practice, Theme, ThesaurusConcept, UsefulMark
from knowledge.services.thesaurus import thesaurus_import, thesaurus_rows
from portal.models import Organisation, User

# The hour (UTC) demo practices appear published on their date.
PUBLISHED_AT = time(9, 0)


def seed(write: Callable[[str], None]) -> None:
    if not ThesaurusConcept.objects.exists():
        # A flushed database (a test's) lost what migration 0008 loaded.
        thesaurus_import(rows=thesaurus_rows())
    themes = _themes()
    organisations = {o.acronym: o for o in Organisation.objects.exclude(acronym="")}
    users = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith=f"@{demo_data.DEMO_DOMAIN}")
    }
    practices: dict[str, Practice] = {}
    for item in demo_data.PRACTICES:
        practices[item.slug] = _practice(
            item, themes=themes, organisations=organisations, users=users, saved=practices
        )
    write(f"Knowledge base: {len(practices)} practices, {len(themes)} themes")


def _themes() -> dict[str, Theme]:
    themes = {}
    for slug, name, description in demo_data.THEMES:
        theme, _ = Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        themes[slug] = theme
    return themes


def _practice(
    item: DemoPractice,
    *,
    themes: dict[str, Theme],
    organisations: dict[str, Organisation],
    users: dict[str, User],
    saved: dict[str, Practice],
) -> Practice:
    author = users.get(item.author)
    values = _values(item, author=author, saved=saved)
    practice = Practice.objects.filter(slug=item.slug).first()
    if practice is None:
        practice = Practice(slug=item.slug, **values)
        practice._history_user = author
        practice.save()
    else:
        changed = [name for name, value in values.items() if getattr(practice, name) != value]
        if changed:
            for name in changed:
                setattr(practice, name, values[name])
            practice._history_user = author
            practice.save(update_fields=[*changed, "updated_at"])
    practice.themes.set([themes[slug] for slug in item.themes])
    practice.organisations.set([organisations[a] for a in item.organisations if a in organisations])
    _outcomes(practice, item)
    _useful_marks(practice, item, users)
    return practice


def _values(
    item: DemoPractice, *, author: User | None, saved: dict[str, Practice]
) -> dict[str, Any]:
    original = saved[item.translation_of] if item.translation_of else None
    visibility = Practice.Visibility.MEMBERS if item.members_only else Practice.Visibility.PUBLIC
    return {
        "title": item.title,
        "summary": item.summary,
        "body": item.body,
        "body_html": render(item.body),
        "kind": Practice.Kind(item.kind),
        "countries": list(item.countries),
        "year_start": item.year_start,
        "year_end": item.year_end,
        "language": item.language,
        "hdp_pillars": [Practice.Pillar(p) for p in item.hdp_pillars],
        "imas_references": list(item.imas),
        "visibility": visibility,
        "status": Practice.Status.PUBLISHED,
        "published_at": datetime.combine(item.published, PUBLISHED_AT, tzinfo=UTC),
        "translation_of_id": original.pk if original else None,
        "author_id": author.pk if author else None,
        "has_outcomes": bool(item.outcomes),
    }


def _outcomes(practice: Practice, item: DemoPractice) -> None:
    wanted = [
        (o.indicator, o.baseline, o.result, o.unit, position)
        for position, o in enumerate(item.outcomes)
    ]
    current = list(
        practice.outcomes.values_list("indicator", "baseline", "result", "unit", "position")
    )
    if current == wanted:
        return
    practice.outcomes.all().delete()
    Outcome.objects.bulk_create(
        Outcome(
            practice=practice,
            indicator=indicator,
            baseline=baseline,
            result=result,
            unit=unit,
            position=position,
        )
        for indicator, baseline, result, unit, position in wanted
    )


def _useful_marks(practice: Practice, item: DemoPractice, users: dict[str, User]) -> None:
    """Demo accounts mark practices useful, so useful_count matches real marks."""
    for local in item.useful_by:
        if local in users:
            UsefulMark.objects.get_or_create(practice=practice, user=users[local])
    count = practice.useful_marks.count()
    if practice.useful_count != count:
        Practice.objects.filter(pk=practice.pk).update(useful_count=count)
        practice.useful_count = count
