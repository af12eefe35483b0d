"""A practice's page: the practice, its translations, related practices, engagement."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, Q

from knowledge import search_index
from knowledge.models import Application, Comment, Practice, Theme, UsefulMark
from knowledge.selectors import indexed
from knowledge.selectors.common import TOPIC, cache_name, reader
from knowledge.selectors.listing import reader_language, with_reader_translation
from portal.datachanges import cached
from portal.models import Organisation
from portal.querysets import in_order


def practice_for_detail(*, slug: str) -> Practice | None:
    """The practice with everything its page shows, whatever its status (the view decides)."""
    return (
        Practice.objects.select_related("author", "translation_of")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
            "outcomes",
            "attachments",
        )
        .filter(slug=slug)
        .first()
    )


def practice_translations(*, practice: Practice, user: Any) -> list[Practice]:
    """The other-language versions of a practice that `user` may read."""
    root_id = practice.translation_of_id or practice.pk
    return list(
        Practice.objects.visible_to(user)
        .filter(Q(pk=root_id) | Q(translation_of_id=root_id) | Q(translation_of_id=practice.pk))
        .exclude(pk=practice.pk)
        .only("slug", "title", "language")
        .order_by("language", "pk")
    )


_RELATED_SQL = """
WITH shared AS (
    SELECT practice_id, count(*) AS n FROM {practice_themes}
    WHERE theme_id = ANY(%(themes)s) GROUP BY practice_id
),
candidates AS (
    SELECT id, countries, published_at, translation_of_id FROM {practices}
    WHERE status = %(published)s AND visibility = ANY(%(visibilities)s)
        AND id <> ALL(%(excluded)s)
        AND (translation_of_id IS NULL OR translation_of_id <> ALL(%(excluded)s))
)
(
    SELECT c.id, shared.n, c.countries && %(countries)s AS same_country, c.published_at
    FROM shared JOIN candidates c ON c.id = shared.practice_id
    ORDER BY 2 DESC, 3 DESC, 4 DESC, 1 DESC LIMIT %(limit)s
)
UNION ALL
(
    SELECT c.id, 0, TRUE, c.published_at FROM candidates c
    WHERE c.countries && %(countries)s
        AND NOT EXISTS (SELECT 1 FROM shared WHERE shared.practice_id = c.id)
    ORDER BY 4 DESC, 1 DESC LIMIT %(limit)s
)
"""


def _related_ids(practice: Practice, theme_ids: list[int], user: Any, limit: int) -> list[int]:
    # The practice in other languages is listed as a translation, not as related.
    root_id = practice.translation_of_id or practice.pk
    visibilities = [Practice.Visibility.PUBLIC]
    if reader(user) == "member":
        visibilities.append(Practice.Visibility.MEMBERS)
    sql = _RELATED_SQL.format(
        practice_themes=Practice.themes.through._meta.db_table,
        practices=Practice._meta.db_table,
    )
    params = {
        "themes": theme_ids,
        "published": Practice.Status.PUBLISHED,
        "visibilities": visibilities,
        "excluded": sorted({practice.pk, root_id}),
        "countries": list(practice.countries),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Most themes in common, then the same country, then the newest.
    rows.sort(key=lambda row: (row[1], row[2], row[3], row[0]), reverse=True)
    return [row[0] for row in rows[:limit]]


def _related(practice: Practice, theme_ids: list[int], user: Any, limit: int) -> list[Practice]:
    return _cards(_related_ids(practice, theme_ids, user, limit), user)


def _cards(ids: list[int], user: Any) -> list[Practice]:
    """The practices `ids` `user` may read, in that order, with what a related card shows."""
    cards = with_reader_translation(
        Practice.objects.visible_to(user).only(
            "slug",
            "title",
            "kind",
            "countries",
            "year_start",
            "year_end",
            "published_at",
            "language",
        ),
        user,
    )
    return in_order(cards, ids)


def practices_related(*, practice: Practice, user: Any, limit: int = 5) -> list[Practice]:
    """Up to `limit` readable practices sharing themes or countries, most in common first:
    from the search index when it is in step, else from PostgreSQL, kept until the knowledge
    base changes."""
    themes = list(practice.themes.all())
    searcher = search_index.searcher()
    if searcher is not None:
        ids = indexed.related_ids(
            searcher,
            family=practice.translation_of_id or practice.pk,
            themes=[theme.slug for theme in themes],
            countries=list(practice.countries),
            user=user,
            limit=limit,
        )
        return _cards(ids, user)
    theme_ids = sorted(theme.pk for theme in themes)
    # Each card may link to its version in the reader's language: kept per language too.
    name = cache_name("related", reader(user), reader_language(), practice.pk, limit)
    return cached(TOPIC, name, lambda: _related(practice, theme_ids, user, limit))


def practice_applied_countries(*, practice: Practice) -> int:
    return (
        Application.objects.filter(practice=practice)
        .aggregate(n=Count("country", distinct=True))
        .get("n")
        or 0
    )


def practice_marked_useful(*, practice: Practice, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return UsefulMark.objects.filter(practice=practice, user=user).exists()


def practice_comments(*, practice: Practice) -> list[Comment]:
    return list(Comment.objects.filter(practice=practice).select_related("author"))
