"""People (personal data): list, detail, anonymise, duplicates, merge and undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_countries import countries

from trainings import selectors
from trainings.forms import MergeForm, PersonSearchForm, display_value, field_label
from trainings.models import Person, PersonMerge
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


@coordinator_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """The suggested pairs a page at a time, of one nationality if asked: one more pair than a
    page is read to know whether there is a next page (counting them all is the costly part)."""
    number = request.GET.get("page", "")
    number = min(int(number), MAX_DUPLICATE_PAGE) if number.isdigit() and int(number) else 1
    country = request.GET.get("country", "").strip().upper()
    if country not in dict(countries):
        country = ""
    size = selectors.DUPLICATE_LIMIT
    pairs = selectors.duplicate_pairs(limit=size + 1, offset=(number - 1) * size, country=country)
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
        },
    )


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
