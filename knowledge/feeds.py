"""The Atom feed of public practices, filtered like the list (same GET parameters)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from knowledge.models import LANGUAGES, Practice, Theme
from knowledge.selectors import Filters, practices_search
from knowledge.views.browse import filter_query
from portal.models import Organisation

FEED_SIZE = 50
# `updated_at` moves on every save, the publishing one included, and when a row is loaded:
# `seed_demo` writes practices published in 2024 today, and their content has not changed since.
# So a change counts as one only when it comes later than both the publication and the row's
# creation; the save that publishes lands within milliseconds of `published_at`. Marking a
# practice useful is an update() of `useful_count` and never touches `updated_at`.
CONTENT_CHANGE_AFTER = timedelta(minutes=1)


def filters_described(filters: Filters) -> list[str]:
    """Each active filter in words, in the list's order: "Non-technical survey", "Colombia"."""
    described = []
    if filters.q:
        # Translators: a search typed by the reader, quoted, in a feed's title.
        described.append(pgettext("quoted search", "“%(q)s”") % {"q": filters.q})
    if filters.theme:
        themes = Theme.objects.filter(slug__in=filters.theme)
        described += sorted(str(theme) for theme in themes)
    described += [str(countries.name(code)) or code for code in filters.country]
    kinds = dict(Practice.Kind.choices)
    described += [str(kinds[kind]) for kind in filters.kind]
    if filters.organisation:
        organisations = Organisation.objects.filter(pk__in=filters.organisation).order_by("name")
        described += [org.acronym or org.name for org in organisations]
    described += [str(year) for year in filters.year]
    languages = dict(LANGUAGES)
    described += [str(languages[code]) for code in filters.language]
    if filters.outcomes:
        described.append(gettext("Has measured outcomes"))
    return described


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    subtitle = _("Good practices and lessons learned in mine action, newest first.")

    def get_object(self, request: HttpRequest) -> QueryDict:
        return request.GET

    def title(self, params: QueryDict) -> str:
        described = filters_described(Filters.from_params(params))
        if not described:
            return gettext("Mine Action Knowledge Portal: new practices")
        # Translators: a feed's title; %(filters)s is the filters, e.g. "Non-technical survey ·
        # Colombia".
        return gettext("New practices: %(filters)s") % {"filters": " · ".join(described)}

    def link(self, params: QueryDict) -> str:
        query = filter_query(params)
        return reverse("knowledge:practice-list") + (f"?{query}" if query else "")

    def feed_url(self, params: QueryDict) -> str:
        # rel="self": this feed's own address, filters included (Django's default drops them).
        query = filter_query(params)
        return reverse("knowledge:practice-feed") + (f"?{query}" if query else "")

    def items(self, params: QueryDict) -> QuerySet[Practice]:
        # Feed readers fetch anonymously and caches share the result: public practices only.
        return (
            practices_search(params=params, user=AnonymousUser())
            .order_by("-published_at", "-pk")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
            .select_related("author")
            .defer("body", "body_html")[:FEED_SIZE]
        )

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return item.summary

    def item_pubdate(self, item: Practice) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Practice) -> datetime | None:
        settled = max(item.published_at, item.created_at)
        if item.updated_at - settled > CONTENT_CHANGE_AFTER:
            return item.updated_at
        return item.published_at

    def item_categories(self, item: Practice) -> list[str]:
        return [str(theme) for theme in item.themes.all()]

    def item_author_name(self, item: Practice) -> str:
        return item.author.name if item.author and item.author.name else ""
