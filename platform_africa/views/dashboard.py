"""Resource mobilisation at a glance, for members and the secretariat."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from platform_africa import selectors
from platform_africa.permissions import membership_for
from portal.exports.charts import bar_chart_svg
from portal.permissions import is_platform_secretariat


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not (membership_for(request.user) or is_platform_secretariat(request.user)):
        raise Http404
    data = selectors.dashboard()
    return render(
        request,
        "platform_africa/dashboard.html",
        {
            "data": data,
            "can_export": is_platform_secretariat(request.user),
            "status_chart": bar_chart_svg(data.by_status, title=_("Requests by status")),
            "kind_chart": bar_chart_svg(data.by_kind, title=_("Requests by kind of support")),
            "country_chart": bar_chart_svg(data.by_country, title=_("Requests by country")),
        },
    )
