"""Programmes, sessions and their participants (coordinators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext
from django.views.decorators.http import require_http_methods, require_POST

from trainings import selectors
from trainings.forms import (
    EnrolmentBulkForm,
    ParticipantFilterForm,
    PersonForm,
    PersonSearchForm,
    ProgrammeForm,
    SessionForm,
)
from trainings.models import Enrolment, Person, Programme, Session
from trainings.services import records
from trainings.views import coordinator_required

PROGRAMME_PAGE_SIZE = 50


@coordinator_required
def programme_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.programme_list(), PROGRAMME_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "trainings/programme_list.html", {"page": page})


@coordinator_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = records.programme_create(
                **{k: v for k, v in form.cleaned_data.items() if k != "funders"},
                funders=list(form.cleaned_data["funders"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Programme created."))
            return redirect(programme)
    return render(request, "trainings/programme_form.html", {"form": form})


@coordinator_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.select_related("host").prefetch_related("funders"), slug=slug
    )
    sessions = selectors.programme_sessions(programme)
    return render(
        request, "trainings/programme_detail.html", {"programme": programme, "sessions": sessions}
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = records.session_create(
                programme=programme,
                themes=list(form.cleaned_data["themes"]),
                **{k: v for k, v in form.cleaned_data.items() if k != "themes"},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Session created."))
            return redirect(session)
    return render(request, "trainings/session_form.html", {"form": form, "programme": programme})


def _session_or_404(pk: int) -> Session:
    try:
        return selectors.session_detail(pk)
    except Session.DoesNotExist as exc:
        raise Http404 from exc


# Participants edited per page: three fields each stays far below Django's limit on the fields
# of one POST (DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000), however large the session.
PARTICIPANTS_PER_PAGE = 100


def _page_number(value: object) -> int:
    return int(value) if str(value or "").isdigit() else 1


def _session_page(
    request: HttpRequest,
    session: Session,
    *,
    bulk_form: EnrolmentBulkForm | None = None,
    person_form: PersonForm | None = None,
    page_number: int | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = ParticipantFilterForm(
        request.GET if request.method == "GET" else _posted_filters(request)
    )
    filters = shown.filters()
    page = Paginator(
        selectors.session_enrolments(session, **filters), PARTICIPANTS_PER_PAGE
    ).get_page(page_number or request.GET.get("page"))
    if bulk_form is None:
        bulk_form = EnrolmentBulkForm(enrolments=list(page))
    search = PersonSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    matches = selectors.person_search(q) if q else []
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "bulk_form": bulk_form,
            "rows": bulk_form.rows(),
            "page": page,
            "participant_count": (
                page.paginator.count
                if not any(filters.values())
                else selectors.session_enrolments(session).count()
            ),
            "shown_count": page.paginator.count,
            "filter_form": shown,
            "filtered": any(filters.values()),
            "filter_query": _filter_query(filters),
            "statuses": Enrolment.Status.choices,
            "search_form": search,
            "q": q,
            "matches": matches,
            "person_form": person_form or PersonForm(initial={"full_name": q}),
            "imports": selectors.import_list(session)[:5],
        },
        status=status,
    )


@coordinator_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session_or_404(pk))


@coordinator_required
@require_POST
def enrolments_update(request: HttpRequest, pk: int) -> HttpResponse:
    """One POST sets status and scores of the participants of one page: all or nothing."""
    session = _session_or_404(pk)
    page_number = _page_number(request.POST.get("page"))
    if request.POST.get("action") == "selected":
        return _status_selected(request, session, page_number)
    posted = {
        int(key.removeprefix("status-"))
        for key in request.POST
        if key.startswith("status-") and key.removeprefix("status-").isdigit()
    }
    enrolments = selectors.session_enrolments(session).filter(pk__in=posted)
    form = EnrolmentBulkForm(request.POST, enrolments=list(enrolments[:PARTICIPANTS_PER_PAGE]))
    if form.is_valid():
        changes = [
            records.EnrolmentChange(
                enrolment_id=e.pk,
                status=form.cleaned_data[f"status-{e.pk}"],
                pre_score=form.cleaned_data[f"pre-{e.pk}"],
                post_score=form.cleaned_data[f"post-{e.pk}"],
            )
            for e in form.enrolments
        ]
        try:
            count = records.enrolments_bulk_update(session=session, changes=changes)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                ngettext("%(count)s participant updated.", "%(count)s participants updated.", count)
                % {"count": number_format(count, force_grouping=True)},
            )
            return _to_page(session, page_number, request)
    return _session_page(request, session, bulk_form=form, page_number=page_number, status=400)


def _status_selected(request: HttpRequest, session: Session, page_number: int) -> HttpResponse:
    """The participants ticked on the page given the status chosen beside the button."""
    ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
    return _status_given(
        request, session, page_number, request.POST.get("selected_status", ""), ids
    )


def _status_given(
    request: HttpRequest, session: Session, page_number: int, status: str, ids: list[int] | None
) -> HttpResponse:
    """One status for the participants `ids` (None: all of the session), said in a message."""
    try:
        count = records.enrolments_status_set(session=session, status=status, enrolment_ids=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_page(session, page_number, request)
    if ids is None:
        said = ngettext(
            "%(count)s participant marked “%(status)s”.",
            "All %(count)s participants marked “%(status)s”.",
            count,
        )
    else:
        said = npgettext(
            "participants ticked",
            "%(count)s participant marked “%(status)s”.",
            "%(count)s participants marked “%(status)s”.",
            count,
        )
    label = Enrolment.Status(status).label
    messages.success(
        request, said % {"count": number_format(count, force_grouping=True), "status": label}
    )
    return _to_page(session, page_number, request)


def _posted_filters(request: HttpRequest) -> QueryDict:
    """The list's filters a POST came from (kept in a hidden field as a query string)."""
    return QueryDict(request.POST.get("filters", "")[:500])


def _filter_query(filters: dict[str, str]) -> str:
    query = QueryDict(mutable=True)
    if filters.get("name"):
        query["who"] = filters["name"]
    if filters.get("status"):
        query["status"] = filters["status"]
    return query.urlencode()


def _to_page(session: Session, page_number: int, request: HttpRequest) -> HttpResponse:
    """Back to the page of the list the coordinator was on, with its filters."""
    filters = ParticipantFilterForm(_posted_filters(request)).filters()
    query = QueryDict(_filter_query(filters), mutable=True)
    if page_number > 1:
        query["page"] = str(page_number)
    url = session.get_absolute_url()
    return redirect(f"{url}?{query.urlencode()}#participants-heading" if query else url)


@coordinator_required
@require_POST
def enrolments_status_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Every participant of the session given one status, whatever its size."""
    session = _session_or_404(pk)
    page_number = _page_number(request.POST.get("page"))
    return _status_given(request, session, page_number, request.POST.get("status", ""), None)


@coordinator_required
def participant_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Existing people whose name looks like what was typed: a partial for htmx, or the whole
    session page (a plain search form) without JavaScript."""
    session = _session_or_404(pk)
    if not request.htmx:
        return _session_page(request, session)
    search = PersonSearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        "trainings/partials/records_matches.html",
        {"session": session, "q": q, "matches": selectors.person_search(q) if q else []},
    )


@coordinator_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol an existing person (person=<id>) or create a new person and enrol them."""
    session = _session_or_404(pk)
    if request.POST.get("person"):
        person = get_object_or_404(
            Person.objects.active().filter(anonymised_at__isnull=True),
            pk=request.POST.get("person") if request.POST["person"].isdigit() else 0,
        )
        _enrolment, created = records.enrolment_create(person=person, session=session)
        if created:
            messages.success(request, _("%(name)s was enrolled.") % {"name": person.full_name})
        else:
            messages.info(request, _("%(name)s is already enrolled.") % {"name": person.full_name})
        return redirect(session)
    form = PersonForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with transaction.atomic():
                person = records.person_create(**data)
                records.enrolment_create(person=person, session=session)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(name)s was added and enrolled.") % {"name": person.full_name}
            )
            return redirect(session)
    return _session_page(request, session, person_form=form, status=400)
