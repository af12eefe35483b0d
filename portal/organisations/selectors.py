"""Reads about organisations: a spelling's folded key, its remembered alias, and suggestions.

Suggestions for all of a page's unknown spellings are one query (a lateral join over the
spellings), so a preview with ten unknown organisations costs what one costs. Every
organisation is scored: at 2,000 organisations (seed_scale) and ten spellings it runs in a few
milliseconds, well below what an index would save.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection

from portal.models import Organisation, OrganisationAlias

SPELLING_MAX = 200
SUGGESTIONS = 5
# Below this score a "suggestion" shares a few letters by chance. Measured: "NMAC Nigeria"
# scores 1.2 against "National Mine Action Centre (Nigeria)" (acronym NMAC), 0.6 against
# "Nigeria Red Cross" (one word in common) and 0 against "Cambodian Mine Action Centre".
SUGGESTION_AT_LEAST = 0.25


def spelling_key(spelling: str) -> str:
    """The spelling as aliases are stored: without accents, case or repeated spaces, so
    "Dirección", "DIRECCION" and "direccion " are one spelling."""
    decomposed = unicodedata.normalize("NFKD", spelling or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().casefold()[:SPELLING_MAX]


def organisations_by_alias(spellings: Iterable[str]) -> dict[str, int]:
    """Organisation ids for the spellings that have an alias, keyed by spelling_key."""
    keys = {spelling_key(s) for s in spellings} - {""}
    if not keys:
        return {}
    return dict(
        OrganisationAlias.objects.filter(spelling__in=keys).values_list(
            "spelling", "organisation_id"
        )
    )


_SUGGESTIONS_SQL = """
SELECT s.n, o.id
FROM unnest(%(spellings)s::text[]) WITH ORDINALITY AS s(spelling, n)
CROSS JOIN LATERAL (
    SELECT o.id, o.name,
        GREATEST(
            similarity(unaccent(lower(o.name)), unaccent(lower(s.spelling))),
            word_similarity(unaccent(lower(s.spelling)), unaccent(lower(o.name))) * 0.9,
            CASE WHEN o.acronym = '' THEN 0
                 ELSE similarity(unaccent(lower(o.acronym)), unaccent(lower(s.spelling))) END
        )
        -- The acronym written as a word of the spelling ("NMAC Nigeria") says more than
        -- letters in common.
        + CASE WHEN o.acronym <> '' AND unaccent(lower(o.acronym)) = ANY(
                regexp_split_to_array(unaccent(lower(s.spelling)), '[^[:alnum:]]+'))
               THEN 0.6 ELSE 0 END AS score
    FROM portal_organisation o
    ORDER BY score DESC, o.name
    LIMIT %(limit)s
) o
WHERE o.score >= %(at_least)s
ORDER BY s.n, o.score DESC, o.name
"""


def organisation_suggestions(
    spellings: list[str], *, limit: int = SUGGESTIONS
) -> dict[str, list[int]]:
    """For each spelling, the ids of the organisations it most likely means, best first, by
    name and acronym similarity with accents and case ignored. One query for all spellings."""
    if not spellings:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _SUGGESTIONS_SQL,
            {"spellings": spellings, "limit": limit, "at_least": SUGGESTION_AT_LEAST},
        )
        rows = cursor.fetchall()
    found: dict[str, list[int]] = {s: [] for s in spellings}
    for n, organisation_id in rows:
        found[spellings[n - 1]].append(organisation_id)
    return found


def organisations_listed(*, at_most: int) -> list[Organisation] | None:
    """Every organisation by name, for a select; None when there are more than at_most (a
    select of thousands is unusable and heavy on a slow connection)."""
    rows = list(Organisation.objects.only("pk", "name", "acronym").order_by("name")[: at_most + 1])
    return None if len(rows) > at_most else rows
