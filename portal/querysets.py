"""Query expressions shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import IntegerField, QuerySet, Subquery


class SubqueryCount(Subquery):
    """How many rows a correlated queryset has, as a column (0 when it has none).

    A subquery, not a join grouped over the whole table: on a paginated list PostgreSQL
    evaluates it only for the rows of the page, after the sort and the limit, and the
    paginator's COUNT leaves it out.
    """

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, **extra: object) -> None:
        super().__init__(queryset.order_by().values("pk"), **extra)


def in_order(queryset: QuerySet, ids: Iterable[Any]) -> list:
    """The rows of `queryset` with these ids, in the order of `ids`, in one query: what a page
    found elsewhere (a search index, an index-only scan) reads of its rows. An id the queryset
    leaves out (not readable, deleted meanwhile) is skipped."""
    ids = list(ids)
    found = queryset.filter(pk__in=ids).in_bulk()
    return [found[pk] for pk in ids if pk in found]
