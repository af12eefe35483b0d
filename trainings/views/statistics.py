"""Training statistics: the coordinators' dashboard (exact figures, coordinators only) and the
public page of aggregates (small groups hidden: trainings.disclosure)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from portal.datachanges import cached
from portal.permissions import is_training_coordinator
from trainings import statistics as selectors


def _statistics(request: HttpRequest, *, public: bool) -> dict:
    form = selectors.StatisticsFilterForm(request.GET or None)
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        filters = selectors.Filters.from_cleaned(form.cleaned_data)

    def build() -> dict:
        statistics = selectors.training_statistics(filters)
        if public:
            statistics = selectors.suppressed(statistics)
        statistics = selectors.with_charts(statistics)
        context = {
            "stats": statistics,
            "small_group": selectors.SMALL_GROUP,
            "hidden_mark": selectors.hidden_mark(),
        }
        # The tables and charts hold no per-request data: rendered once per data version.
        breakdowns = render_to_string("trainings/partials/stats_breakdowns.html", context)
        return {**context, "breakdowns": breakdowns}

    view = "public" if public else "exact"
    page = cached("trainings", f"page:{view}:{get_language()}:{filters.cache_key}", build)
    return {
        **page,
        "form": form,
        "filters": filters,
        "filtered": filters != selectors.Filters(),
    }


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    if not is_training_coordinator(request.user):
        raise PermissionDenied
    return render(request, "trainings/dashboard.html", _statistics(request, public=False))


@require_safe
def public_statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "trainings/statistics_public.html", _statistics(request, public=True))
