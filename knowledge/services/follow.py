"""Following themes, countries and saved searches, and telling followers about new practices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from knowledge.models import Follow, Practice, Theme
from portal.i18n import Phrase
from portal.notifications.services import notify

if TYPE_CHECKING:
    from portal.models import User
    from portal.notifications.models import Notification

# The list page's filters; anything else in a query string (page, sort, utm_...) is dropped.
SEARCH_PARAMETERS = (
    "q", "theme", "country", "kind", "organisation", "year", "language", "outcomes",
)  # fmt: skip
QUERY_MAX_LENGTH = 500
MAX_FOLLOWS = 200


def search_query_normalise(query: str) -> str:
    """A list query string reduced to its filters in a stable order: 'country=KH&q=survey'.

    Two ways of writing the same search save as one, and a search without filters is refused.
    """
    given = QueryDict(query.strip().lstrip("?"))
    pairs = [
        (name, value.strip())
        for name in SEARCH_PARAMETERS
        for value in sorted(set(given.getlist(name)))
        if value.strip()
    ]
    if not pairs:
        raise ValidationError(
            _("Choose at least one filter or search word before saving a search."),
            code="empty_search",
        )
    normalised = urlencode(pairs)
    if len(normalised) > QUERY_MAX_LENGTH:
        raise ValidationError(
            _("This search is too long to save. Use fewer filters or words."), code="too_long"
        )
    return normalised


def search_describe(query: str) -> str:
    """A name for a saved search nobody named: 'survey · Cambodia · Land release'."""
    params = QueryDict(query)
    parts = [*params.getlist("q")]
    parts += [str(countries.name(code)) or code for code in params.getlist("country")]
    slugs = params.getlist("theme")
    if slugs:
        names = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))
        parts += [names.get(slug, slug) for slug in slugs]
    kinds = dict(Practice.Kind.choices)
    parts += [str(kinds.get(kind, kind)) for kind in params.getlist("kind")]
    parts += params.getlist("year") + params.getlist("language")
    return " · ".join(parts)[:200] or gettext("Saved search")


def _check_room(user: User) -> None:
    if Follow.objects.filter(user=user).count() >= MAX_FOLLOWS:
        raise ValidationError(
            ngettext_lazy(
                "You follow %(count)s thing already. Remove it before adding more.",
                "You follow %(count)s things already. Remove some before adding more.",
                MAX_FOLLOWS,
            ),
            params={"count": MAX_FOLLOWS},
            code="too_many",
        )


@transaction.atomic
def follow_theme(*, user: User, theme: Theme) -> Follow:
    """Follow a theme; following it again changes nothing."""
    existing = Follow.objects.filter(user=user, theme=theme).first()
    if existing:
        return existing
    _check_room(user)
    return Follow.objects.create(user=user, theme=theme)


@transaction.atomic
def follow_country(*, user: User, country: str) -> Follow:
    code = country.strip().upper()
    if code not in countries:
        raise ValidationError(
            _("“%(code)s” is not a country code."), params={"code": country}, code="country"
        )
    existing = Follow.objects.filter(user=user, country=code).first()
    if existing:
        return existing
    _check_room(user)
    return Follow.objects.create(user=user, country=code)


@transaction.atomic
def search_save(*, user: User, query: str, name: str = "") -> Follow:
    """Save a list search; saving the same filters again renames it."""
    normalised = search_query_normalise(query)
    name = name.strip()[:200] or search_describe(normalised)
    existing = Follow.objects.filter(user=user, query=normalised).first()
    if existing:
        if existing.name != name:
            existing.name = name
            existing.save(update_fields=["name"])
        return existing
    _check_room(user)
    return Follow.objects.create(user=user, query=normalised, name=name)


@transaction.atomic
def follow_remove(*, user: User, follow_id: int) -> bool:
    """Stop following; True when something was removed. Other people's follows are untouched."""
    deleted, _counts = Follow.objects.filter(user=user, pk=follow_id).delete()
    return bool(deleted)


@dataclass(frozen=True)
class FollowTargets:
    """What a person follows, for pages that show "Follow" or "Following" buttons."""

    theme_ids: frozenset[int]
    countries: frozenset[str]
    queries: frozenset[str]


def follow_targets(*, user: User) -> FollowTargets:
    if not user.is_authenticated:
        return FollowTargets(frozenset(), frozenset(), frozenset())
    rows = Follow.objects.filter(user=user).values_list("theme_id", "country", "query")
    return FollowTargets(
        theme_ids=frozenset(theme for theme, _c, _q in rows if theme),
        countries=frozenset(country for _t, country, _q in rows if country),
        queries=frozenset(query for _t, _c, query in rows if query),
    )


def practice_followers(*, practice: Practice) -> list[User]:
    """Everyone who follows a theme, country or saved search the practice matches, once each,
    who may read it, except its author."""
    from knowledge.selectors import practices_search

    theme_ids = list(practice.themes.values_list("pk", flat=True))
    matched = set(
        Follow.objects.filter(Q(theme_id__in=theme_ids) | Q(country__in=practice.countries))
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    # A saved search is checked by running it: exactly what the person would see on the list.
    # People already matched by a theme or country need no further query.
    searches = (
        Follow.objects.exclude(query="")
        .exclude(user_id__in=[*matched, practice.author_id])
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for follow in searches.iterator(chunk_size=500):
        if follow.user_id in matched:
            continue
        params = QueryDict(follow.query)
        if practices_search(params=params, user=follow.user).filter(pk=practice.pk).exists():
            matched.add(follow.user_id)
    matched.discard(practice.author_id)
    users = get_user_model().objects.filter(pk__in=matched, is_active=True).order_by("pk")
    return [user for user in users if user.has_perm("knowledge.view_practice", practice)]


def followers_notify(*, practice: Practice) -> list[Notification]:
    """One notification per follower of a newly published practice, however many ways they
    follow it; delivered as each person chose (a daily digest unless they changed it)."""
    followers = practice_followers(practice=practice)
    if not followers:
        return []
    return notify(
        followers,
        "knowledge.new_practice",
        title=Phrase(_("New practice: %(title)s"), title=practice.title),
        body=practice.summary,
        url=practice.get_absolute_url(),
    )
