"""Finding and reading practices: the list with search and filters, a practice's page, its PDF."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from knowledge.forms_engage import ApplicationForm, CommentForm
from knowledge.models import Practice
from knowledge.selectors import (
    FILTERS,
    PAGE_SIZE,
    Filters,
    highlighted,
    practice_applied_countries,
    practice_comments,
    practice_for_detail,
    practice_marked_useful,
    practice_results,
    practice_translations,
    practices_related,
    reader_language,
    search_suggestion,
)
from knowledge.services.follow import follow_targets
from portal.datachanges import cached
from portal.exports.writers import pdf_url_fetcher
from portal.ratelimit import rate_limit

# Fewer results than this and a respelt search is offered.
SUGGEST_BELOW = 3


# What the list's state is made of: the search, the sort and the filters (never the page).
STATE_PARAMETERS = ("q", "sort", *FILTERS)


def filter_query(params: QueryDict) -> str:
    """The list's state as a query string, shared by everything that follows the filters.

    The feed links, the saved search and the reading pack all take this one value, so after an
    htmx update they cannot disagree with the results. The page is left out (a feed, a saved
    search or a pack is of the whole list) and so are empty fields, which a plain GET form sends
    (`q=&year=`).
    """
    state = QueryDict(mutable=True)
    for name in STATE_PARAMETERS:
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            state.setlist(name, values)
    return state.urlencode()


def _page_title(filters: Filters, removals: list[tuple[str, str]]) -> str:
    """The title names the state, so a tab, a bookmark and the history tell searches apart."""
    # The search, when there is one, is the first removal; the title quotes it on its own.
    described = " · ".join(label for label, _url in removals[1 if filters.q else 0 :])
    if filters.q and described:
        # Translators: a page title, e.g. "“dogs” · Cambodia · Clearance: search practices".
        return _("“%(q)s” · %(filters)s: search practices") % {
            "q": filters.q,
            "filters": described,
        }
    if filters.q:
        return _("“%(q)s”: search practices") % {"q": filters.q}
    if described:
        # Translators: a page title, e.g. "Non-technical survey · Colombia: good practices...".
        return _("%(filters)s: good practices and lessons learned") % {"filters": described}
    return _("Good practices and lessons learned")


def _list_url(params: QueryDict) -> str:
    query = params.urlencode()
    return reverse("knowledge:practice-list") + (f"?{query}" if query else "")


def _removals(params: QueryDict, facets: Any, filters: Filters) -> list[tuple[str, str]]:
    """A link for each active filter value that drops just that value (and the page)."""
    removals = []
    base = params.copy()
    base.pop("page", None)
    if filters.q:
        without = base.copy()
        without.pop("q", None)
        removals.append((_("Search: %(q)s") % {"q": filters.q}, _list_url(without)))
    for name in FILTERS:
        options = getattr(facets, name)
        if name == "outcomes":
            if filters.outcomes:
                without = base.copy()
                without.pop("outcomes", None)
                removals.append((_("Has measured outcomes"), _list_url(without)))
            continue
        for option in options:
            if not option.selected:
                continue
            without = base.copy()
            without.setlist(name, [v for v in base.getlist(name) if v.strip() != option.value])
            if name == "country":
                without.setlist(
                    name, [v for v in without.getlist(name) if v.strip().upper() != option.value]
                )
            removals.append((option.label, _list_url(without)))
    return removals


@require_safe
@rate_limit("search", when=lambda request: bool(request.GET.get("q", "").strip()))
def practice_list(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_params(request.GET)
    found = practice_results(params=request.GET, user=request.user)
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    results = [
        (practice, highlighted(practice.headline) if filters.q else None) for practice in page_obj
    ]
    facets = found.facets()
    suggestion = ""
    # Results that allow typing mistakes mean the query as written found nothing.
    exact = 0 if found.approximate else page_obj.paginator.count
    if filters.q and exact < SUGGEST_BELOW:
        suggestion = search_suggestion(q=filters.q, user=request.user, found=exact)
    suggestion_url = ""
    if suggestion:
        params = request.GET.copy()
        params.pop("page", None)
        params["q"] = suggestion
        suggestion_url = _list_url(params)
    removals = _removals(request.GET, facets, filters)
    query = filter_query(request.GET)
    context = {
        "filters": filters,
        # The one value the feed links, "Save this search" and the reading pack are built from.
        "filter_query": query,
        "filter_params": QueryDict(query),
        "page_title": _page_title(filters, removals),
        "facets": facets,
        "page_obj": page_obj,
        "results": results,
        "suggestion": suggestion,
        "approximate": found.approximate,
        "suggestion_url": suggestion_url,
        "removals": removals,
        "kinds": dict(Practice.Kind.choices),
        "feed_url": reverse("knowledge:practice-feed") + (f"?{query}" if query else ""),
    }
    template = "knowledge/practice_list.html"
    if request.htmx and request.htmx.target == "practice-results":
        template += "#results"
    return render(request, template, context)


def _readable_practice(request: HttpRequest, slug: str) -> Practice:
    practice = practice_for_detail(slug=slug)
    if practice is None or not request.user.has_perm("knowledge.view_practice", practice):
        raise Http404
    return practice


def change_label(percent: Decimal | None) -> str:
    """A signed percentage with a real minus sign, grouped for the reader: "−65%", "+2,700%"."""
    if percent is None:
        return ""
    sign = "\u2212" if percent < 0 else "+" if percent > 0 else ""
    number = number_format(abs(percent), decimal_pos=0, force_grouping=True)
    # Translators: a change in percent, e.g. "+65%" (French writes "+65 %"). Keep the sign first.
    return pgettext("percentage change", "%(sign)s%(number)s%%") % {"sign": sign, "number": number}


def citation(practice: Practice, url: str) -> str:
    organisations = [org.acronym or org.name for org in practice.organisations.all()]
    who = ", ".join(organisations) or (practice.author.name if practice.author else "")
    year = practice.published_at.year if practice.published_at else practice.period
    parts = [f"{who} ({year})." if who else f"({year}).", f"{practice.title}."]
    parts += [_("Mine Action Knowledge Portal") + ".", url]
    return " ".join(parts)


def detail_context(
    request: HttpRequest,
    practice: Practice,
    *,
    application_form: ApplicationForm | None = None,
    comment_form: CommentForm | None = None,
) -> dict[str, Any]:
    """Everything a practice's page shows; the engage views re-render it with bound forms."""
    url = request.build_absolute_uri(practice.get_absolute_url())
    can_engage = request.user.has_perm("knowledge.engage_practice", practice)
    translations = practice_translations(practice=practice, user=request.user)
    language = reader_language()
    return {
        "practice": practice,
        "outcomes": [
            (outcome, change_label(outcome.change_percent)) for outcome in practice.outcomes.all()
        ],
        "translations": translations,
        # The version in the reader's own language, offered first on the page.
        "reader_translation": next(
            (
                other
                for other in translations
                if language and practice.language != language and other.language == language
            ),
            None,
        ),
        "related": practices_related(practice=practice, user=request.user),
        "applied_countries": practice_applied_countries(practice=practice),
        "marked_useful": practice_marked_useful(practice=practice, user=request.user),
        "comments": practice_comments(practice=practice),
        "can_engage": can_engage,
        "application_form": application_form or ApplicationForm(),
        "comment_form": comment_form or CommentForm(),
        "citation": citation(practice, url),
        "absolute_url": url,
        "follows": follow_targets(user=request.user),
    }


@require_safe
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _readable_practice(request, slug)
    response = render(request, "knowledge/practice_detail.html", detail_context(request, practice))
    if practice.visibility != Practice.Visibility.PUBLIC or practice.status != "published":
        patch_cache_control(response, private=True)
    return response


@require_safe
@rate_limit("practice_pdf")
def practice_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _readable_practice(request, slug)
    url = request.build_absolute_uri(practice.get_absolute_url())
    if request.user.is_authenticated:
        pdf = _practice_pdf_render(request, practice, url)
    else:
        # Every signed-out reader in one language gets the same file: rendered once (WeasyPrint
        # takes a second or more), kept until the practice or anything it shows is written.
        address = hashlib.sha256(url.encode()).hexdigest()[:16]
        pdf = cached(
            "knowledge",
            f"practice-pdf:{practice.pk}:{get_language()}:{address}",
            lambda: _practice_pdf_render(request, practice, url),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.pdf"'
    patch_cache_control(response, private=True, max_age=0)
    return response


def _practice_pdf_render(request: HttpRequest, practice: Practice, url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "knowledge/practice_pdf.html",
        {
            "practice": practice,
            "outcomes": [
                (outcome, change_label(outcome.change_percent))
                for outcome in practice.outcomes.all()
            ],
            "citation": citation(practice, url),
            "absolute_url": url,
        },
        request=request,
    )
    return HTML(string=html, base_url=url, url_fetcher=pdf_url_fetcher).write_pdf()
