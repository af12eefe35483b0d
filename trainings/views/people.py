"""People (personal data): list, detail, anonymise, duplicates, merge and undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_countries import countries

from portal.models import Organisation
from trainings import selectors
from trainings.forms import MergeForm, PersonSearchForm, display_value, field_label
from trainings.models import Person, PersonMerge, Session
from trainings.services import people as people_services
from trainings.views import coordinator_required

PEOPLE_PAGE_SIZE = 50
MERGE_PAGE_SIZE = 50


@coordinator_required
def person_list(request: HttpRequest) -> HttpResponse:
    search = PersonSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(selectors.person_list(q=q), PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "trainings/person_list.html", {"page": page, "search_form": search, "q": q}
    )


def _person_or_404(pk: int) -> Person:
    try:
        return selectors.person_detail(pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


@coordinator_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(pk)
    return render(
        request,
        "trainings/person_detail.html",
        {"person": person, "similar": selectors.similar_people(person)},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the irreversible erasure."""
    person = _person_or_404(pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            people_services.person_anonymise(person=person)
            messages.success(request, _("The name and contact details were erased."))
            return redirect("trainings:person-detail", pk=person.pk)
    return render(request, "trainings/person_anonymise.html", {"person": person})


MAX_DUPLICATE_PAGE = 1000
# Sessions offered in the filter: the most recent ones (any other can still be asked by id).
FILTER_SESSIONS = 200


def _pk(value: str) -> int | None:
    return int(value) if value.isdigit() and 0 < int(value) < 2**31 else None


@coordinator_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """The suggested pairs a page at a time, of one nationality, organisation or session if
    asked: one more pair than a page is read to know whether there is a next page (counting
    them all is the costly part)."""
    number = request.GET.get("page", "")
    number = min(int(number), MAX_DUPLICATE_PAGE) if number.isdigit() and int(number) else 1
    country = request.GET.get("country", "").strip().upper()
    if country not in dict(countries):
        country = ""
    organisation_pk, session_pk = (
        _pk(request.GET.get(name, "")) for name in ("organisation", "session")
    )
    organisation = (
        Organisation.objects.filter(pk=organisation_pk).first() if organisation_pk else None
    )
    session = Session.objects.filter(pk=session_pk).first() if session_pk else None
    size = selectors.DUPLICATE_LIMIT
    pairs = selectors.duplicate_pairs(
        limit=size + 1,
        offset=(number - 1) * size,
        country=country,
        organisation_id=organisation.pk if organisation else None,
        session_id=session.pk if session else None,
    )
    filters = {
        name: value
        for name, value in (
            ("country", country),
            ("organisation", organisation.pk if organisation else ""),
            ("session", session.pk if session else ""),
        )
        if value
    }
    sessions = list(Session.objects.order_by("-start_date", "-pk")[:FILTER_SESSIONS])
    if session and session not in sessions:
        sessions.append(session)
    return render(
        request,
        "trainings/merge_duplicates.html",
        {
            "pairs": pairs[:size],
            "number": number,
            "previous_page": number - 1 if number > 1 else None,
            "next_page": number + 1 if len(pairs) > size else None,
            "country": country,
            "countries": countries,
            "organisation": organisation,
            "organisations": Organisation.objects.filter(
                Exists(Person.objects.filter(organisation=OuterRef("pk")))
            ).order_by("name"),
            "session": session,
            "sessions": sessions,
            "filter_query": urlencode(filters),
            "pending": selectors.duplicates_pending(),
        },
    )


@coordinator_required
@require_POST
def pair_reject(request: HttpRequest, first: int, second: int) -> HttpResponse:
    """ "Not the same person": the pair is remembered and never suggested again."""
    pair = Person.objects.in_bulk([first, second])
    if first == second or len(pair) != 2:
        raise Http404
    people_services.person_pair_reject(first=pair[first], second=pair[second], user=request.user)
    messages.success(
        request,
        _("%(first)s and %(second)s will no longer be suggested as the same person.")
        % {"first": pair[first].display_name, "second": pair[second].display_name},
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("trainings:duplicate-list")
    return redirect(back)


@coordinator_required
@require_http_methods(["GET", "POST"])
def merge_preview(request: HttpRequest, kept: int, merged: int) -> HttpResponse:
    """The two records side by side; for each conflicting field, which value to keep."""
    pair = Person.objects.select_related("organisation").in_bulk([kept, merged])
    if kept == merged or len(pair) != 2:
        raise Http404
    kept_person, merged_person = pair[kept], pair[merged]
    if kept_person.merged_into_id or merged_person.merged_into_id:
        raise Http404
    conflicts = people_services.merge_conflicts(kept_person, merged_person)
    form = MergeForm(
        request.POST or None, kept=kept_person, merged=merged_person, conflicts=conflicts
    )
    if request.method == "POST" and form.is_valid():
        try:
            merge = people_services.person_merge(
                kept=kept_person, merged=merged_person, choices=form.cleaned_data, user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            moved = len(merge.moved_enrolment_ids)
            messages.success(
                request,
                ngettext(
                    "The records were merged: %(count)s session moved to the record kept. "
                    "You can undo it below.",
                    "The records were merged: %(count)s sessions moved to the record kept. "
                    "You can undo it below.",
                    moved,
                )
                % {"count": moved},
            )
            return redirect("trainings:merge-list")
    rows = [
        {
            "label": field_label(name),
            "kept": display_value(kept_person, name),
            "merged": display_value(merged_person, name),
            "conflict": name in conflicts,
            "field": form[name] if name in conflicts else None,
        }
        for name in people_services.MERGE_FIELDS
    ]
    return render(
        request,
        "trainings/merge_preview.html",
        {
            "kept": kept_person,
            "merged": merged_person,
            "rows": rows,
            "form": form,
            "enrolment_counts": {
                "kept": kept_person.enrolments.count(),
                "merged": merged_person.enrolments.count(),
            },
        },
    )


@coordinator_required
def merge_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.merge_list(), MERGE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trainings/merge_list.html", {"page": page})


@coordinator_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(PersonMerge, pk=pk)
    try:
        people_services.person_merge_undo(merge=merge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone: both records are back."))
    return redirect("trainings:merge-list")
