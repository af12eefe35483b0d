"""The Atom feed of public practices, filtered like the list (same GET parameters)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from knowledge.models import Practice, Theme
from knowledge.selectors import practices_search

FEED_SIZE = 50


class PracticeFeed(Feed):
    feed_type = Atom1Feed
    title = _("Mine Action Knowledge Portal: new practices")
    subtitle = _("Good practices and lessons learned in mine action, newest first.")

    def get_object(self, request: HttpRequest) -> QueryDict:
        return request.GET

    def link(self, params: QueryDict) -> str:
        query = params.urlencode()
        return reverse("knowledge:practice-list") + (f"?{query}" if query else "")

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

    def item_pubdate(self, item: Practice):  # noqa: ANN201 - datetime
        return item.published_at

    def item_updateddate(self, item: Practice):  # noqa: ANN201 - datetime
        return item.updated_at

    def item_categories(self, item: Practice) -> list[str]:
        return [str(theme) for theme in item.themes.all()]

    def item_author_name(self, item: Practice) -> str:
        return item.author.name if item.author and item.author.name else ""
