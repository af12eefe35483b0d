"""Reads of training records, with their related rows fetched up front."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.querysets import SubqueryCount, in_order
from trainings.models import (
    Enrolment,
    ImportBatch,
    Person,
    PersonMerge,
    PersonPairCandidate,
    Programme,
    Session,
)
from trainings.names import name_key

SEARCH_LIMIT = 10
DUPLICATE_LIMIT = 100


def programme_list() -> QuerySet[Programme]:
    return (
        Programme.objects.select_related("host")
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("-year_start", "name")
    )


def programme_sessions(programme: Programme) -> QuerySet[Session]:
    return programme.sessions.annotate(
        participant_count=Count("enrolments", filter=Q(enrolments__person__merged_into=None))
    ).order_by("-start_date")


def session_detail(pk: int) -> Session:
    return (
        Session.objects.select_related("programme", "programme__host")
        .prefetch_related("themes")
        .get(pk=pk)
    )


def session_enrolments(
    session: Session, *, status: str = "", name: str = ""
) -> QuerySet[Enrolment]:
    """The participants of a session (merged duplicates are hidden), by name; only those of a
    status, or whose name holds `name` in any case, accents or script, when given."""
    enrolments = Enrolment.objects.filter(session=session, person__merged_into__isnull=True)
    if status:
        enrolments = enrolments.filter(status=status)
    if name := name.strip():
        matches = Q(person__full_name__unaccent__icontains=name)
        if key := name_key(name):
            matches |= Q(person__name_key__contains=key)
        enrolments = enrolments.filter(matches)
    return enrolments.select_related("person", "person__organisation").order_by(
        "person__full_name", "pk"
    )


class PersonResults:
    """Active people by name, for a Paginator, each with their number of enrolments.

    A page's ids come from the name index alone (an index-only scan of `person_active_by_name`,
    however deep the page), then only those people are read, with their organisation and
    enrolment count: with OFFSET on the whole query, PostgreSQL read and counted the
    enrolments of every person it skipped (146 ms for page 861 of 50,000 people; 6 ms now).
    """

    def __init__(self, people: QuerySet[Person]) -> None:
        self.people = people

    def count(self) -> int:
        return self.people.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Person]:
        ids = self.people.values_list("pk", flat=True)[index]
        rows = Person.objects.select_related("organisation").annotate(
            enrolment_count=SubqueryCount(Enrolment.objects.filter(person=OuterRef("pk")))
        )
        return in_order(rows, ids)


def person_list(*, q: str = "") -> PersonResults:
    """Active people by name (a name search: containing `q` or like it)."""
    people = Person.objects.active()
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(full_name__trigram_similar=q))
    return PersonResults(people.order_by("full_name", "pk"))


def person_search(q: str, *, limit: int = SEARCH_LIMIT) -> list[Person]:
    """People whose name looks like `q` (typed names vary: "Sokha Chan" / "Chan Sokha")."""
    q = q.strip()
    if len(q) < 2:
        return []
    return list(
        Person.objects.active()
        .filter(anonymised_at__isnull=True)
        .filter(Q(full_name__trigram_similar=q) | Q(full_name__icontains=q))
        .annotate(similarity=TrigramSimilarity("full_name", q))
        .select_related("organisation")
        .order_by("-similarity", "full_name")[:limit]
    )


def person_detail(pk: int) -> Person:
    return (
        Person.objects.select_related("organisation", "merged_into")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.select_related("session", "session__programme").order_by(
                    "-session__start_date"
                ),
            )
        )
        .get(pk=pk)
    )


# Each reason a pair is suggested or held back, as the duplicates page says it.
PAIR_REASONS = {
    "names_same": _("same name"),
    "names_folded": _("names match once accents, punctuation and word order are set aside"),
    "names_transliterated": _("names match after transliteration"),
    "names_spelling": _("names match with spelling variants"),
    "names_partial": _("names match but a middle name or initial is missing on one record"),
    "names_differ": _("names differ"),
    "same_email": _("same email"),
    "same_phone": _("same phone number"),
    "same_birth_year": _("same year of birth"),
    "near_birth_year": _("years of birth one year apart"),
    "different_birth_year": _("different years of birth"),
    "same_sex": pgettext_lazy("duplicate evidence", "same sex"),
    "different_sex": pgettext_lazy("duplicate evidence", "different sex"),
    "same_organisation": _("same organisation"),
    "same_nationality": _("same nationality"),
    "different_nationality": _("different nationality"),
}
AGAINST = {"names_differ", "different_birth_year", "different_sex", "different_nationality"}


@dataclass
class Reason:
    code: str
    label: str
    against: bool


def _reasons(codes: list[str]) -> list[Reason]:
    return [Reason(c, str(PAIR_REASONS[c]), c in AGAINST) for c in codes if c in PAIR_REASONS]


@dataclass
class DuplicatePair:
    first: Person
    second: Person
    score: int
    reasons: list[Reason]


def _candidates() -> QuerySet[PersonPairCandidate]:
    """Pairs never hold a merged or erased record (person_merge and person_anonymise delete
    theirs), so no join is needed to leave them out: each read below is an index scan of the
    pairs plus primary-key lookups, whatever the planner thinks of freshly loaded tables (a
    join on the people's flags took 23 s before ANALYZE at 5,000 people)."""
    return PersonPairCandidate.objects.select_related(
        "person_low__organisation", "person_high__organisation"
    )


def duplicate_pairs(
    *,
    limit: int = DUPLICATE_LIMIT,
    offset: int = 0,
    country: str = "",
    organisation_id: int | None = None,
    session_id: int | None = None,
) -> list[DuplicatePair]:
    """Suggested duplicates, best first: `limit` of them after `offset`, where either person
    is of `country`, works for the organisation or took part in the session. Read from the
    pairs trainings.services.people.person_pairs_refresh keeps (pairs a coordinator said are
    two people are never kept)."""
    pairs = _candidates()
    if country:
        pairs = pairs.filter(
            Q(person_low__nationality=country) | Q(person_high__nationality=country)
        )
    if organisation_id:
        pairs = pairs.filter(
            Q(person_low__organisation_id=organisation_id)
            | Q(person_high__organisation_id=organisation_id)
        )
    if session_id:
        enrolled = Enrolment.objects.filter(session_id=session_id).values("person_id")
        pairs = pairs.filter(Q(person_low__in=enrolled) | Q(person_high__in=enrolled))
    rows = pairs.order_by("-score", "person_low", "person_high")[offset : offset + limit]
    return [
        DuplicatePair(row.person_low, row.person_high, row.score, _reasons(row.reasons))
        for row in rows
    ]


def duplicates_pending() -> bool:
    """Whether some new or changed records are still waiting to be compared."""
    return Person.objects.filter(pairs_checked_at__isnull=True).exists()


@dataclass
class SimilarPerson:
    person: Person
    score: int
    reasons: list[Reason]


def similar_people(person: Person, *, limit: int = 10) -> list[SimilarPerson]:
    """Records that may be the same person as `person`, most alike first, with the reasons:
    where a merge from the person's page starts. None for a merged or erased record."""
    if person.merged_into_id or person.anonymised_at:
        return []
    rows = (
        _candidates()
        .filter(Q(person_low=person) | Q(person_high=person))
        .order_by("-score", "person_low", "person_high")[:limit]
    )
    return [
        SimilarPerson(
            row.person_high if row.person_low_id == person.pk else row.person_low,
            row.score,
            _reasons(row.reasons),
        )
        for row in rows
    ]


def merge_list() -> QuerySet[PersonMerge]:
    return PersonMerge.objects.select_related("kept", "merged", "merged_by", "undone_by")


def import_list(session: Session) -> QuerySet[ImportBatch]:
    return session.imports.select_related("uploaded_by")
