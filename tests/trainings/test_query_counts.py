"""Every list page of the training records costs the same number of queries at 2 and 12 rows."""

import datetime

import pytest
from django.urls import reverse

from knowledge.models import Theme
from portal.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import assert_flat_queries
from trainings.models import Certificate, Enrolment, ImportBatch, Person, PersonMerge
from trainings.services.people import person_pairs_refresh

from .factories import EnrolmentFactory, PersonFactory, ProgrammeFactory, SessionFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ["KH", "CO", "LA", "UA", "AO", "ET", "IQ", "NG", "SO", "SS", "VN", "ZM"]
STATUSES = list(Enrolment.Status.values)
SEXES = list(Person.Sex.values)
AGE_BANDS = list(Person.AgeBand.values)
KINDS = list(Organisation.Kind.values)


def _person(n: int, **fields: object) -> Person:
    """Person n, of their own organisation, country, sex and age band."""
    return PersonFactory(
        **{
            "full_name": f"Trainee {n:03d}",
            "organisation": OrganisationFactory(kind=KINDS[n % len(KINDS)]),
            "nationality": COUNTRIES[n % 12],
            "sex": SEXES[n % len(SEXES)],
            "age_band": AGE_BANDS[n % len(AGE_BANDS)],
            **fields,
        }
    )


def _session(n: int, **fields: object) -> object:
    session = SessionFactory(
        **{
            "title": f"Course {n:03d}",
            "programme": ProgrammeFactory(name=f"Programme {n:03d}"),
            "host_country": COUNTRIES[n % 12],
            "start_date": datetime.date(2015 + n % 10, 1 + n % 12, 1),
            "end_date": datetime.date(2015 + n % 10, 1 + n % 12, 20),
            **fields,
        }
    )
    session.themes.add(Theme.objects.create(name=f"Skill {n:03d}", slug=f"skill-{n}"))
    return session


def _enrol(start: int, stop: int, session: object) -> list[str]:
    for n in range(start, stop):
        EnrolmentFactory(person=_person(n), session=session, status=STATUSES[n % len(STATUSES)])
    return [f"Trainee {n:03d}" for n in range(start, stop)]


def test_programme_list(coordinator_client, django_assert_max_num_queries):
    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            programme = ProgrammeFactory(
                name=f"Programme {n:03d}", host=OrganisationFactory(name=f"Host {n:03d}")
            )
            programme.funders.add(OrganisationFactory(), OrganisationFactory())
            SessionFactory(programme=programme)
            SessionFactory(programme=programme)
        return [
            text for n in range(start, stop) for text in (f"Programme {n:03d}", f"Host {n:03d}")
        ]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:programme-list"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_programme_page_with_its_sessions(coordinator_client, django_assert_max_num_queries):
    programme = ProgrammeFactory()

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            programme.funders.add(OrganisationFactory(name=f"Funder {n:03d}"))
            session = _session(n, programme=programme)
            _enrol(100 + 2 * n, 102 + 2 * n, session)
        return [text for n in range(start, stop) for text in (f"Funder {n:03d}", f"Course {n:03d}")]

    assert_flat_queries(
        coordinator_client,
        programme.get_absolute_url(),
        build,
        budget=8,
        max_queries=django_assert_max_num_queries,
    )


def test_session_page_with_its_enrolments_and_imports(
    coordinator_client, django_assert_max_num_queries
):
    session = _session(0)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            session.themes.add(Theme.objects.create(name=f"Topic {n:03d}", slug=f"topic-{n}"))
            ImportBatch.objects.create(
                session=session,
                uploaded_by=UserFactory(),
                filename=f"list-{n:03d}.csv",
                sha256=f"{n:064d}",
            )
        return _enrol(start, stop, session) + [f"Topic {n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        coordinator_client,
        session.get_absolute_url(),
        build,
        budget=10,
        max_queries=django_assert_max_num_queries,
    )


def test_session_page_searching_people_to_add(coordinator_client, django_assert_max_num_queries):
    session = _session(0)

    def build(start: int, stop: int) -> list[str]:
        _enrol(start, stop, session)
        # Not yet in the session: found by the search, each with their organisation.
        for n in range(start, stop):
            _person(500 + n, full_name=f"Trainee {n:03d} Sokha")
        return [f"Trainee {n:03d} Sokha" for n in range(start, min(stop, 10))]

    assert_flat_queries(
        coordinator_client,
        session.get_absolute_url() + "?q=Sokha",
        build,
        budget=11,
        max_queries=django_assert_max_num_queries,
    )


def test_session_certificates(coordinator_client, django_assert_max_num_queries):
    session = _session(0)
    statuses = list(Certificate.Status.values)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            enrolment = EnrolmentFactory(
                person=_person(n), session=session, status=Enrolment.Status.COMPLETED
            )
            Certificate.objects.create(
                enrolment=enrolment,
                number=f"CERT-{n:05d}",
                verification_code=f"code-{n}",
                status=statuses[n % len(statuses)],
            )
        return [f"Trainee {n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:session-certificates", args=[session.pk]),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_import_page_with_its_preview(
    coordinator_client, coordinator, django_assert_max_num_queries
):
    batch = ImportBatch.objects.create(
        session=_session(0),
        uploaded_by=coordinator,
        filename="list.csv",
        sha256="0" * 64,
        status=ImportBatch.Status.PREVIEWED,
    )

    def build(start: int, stop: int) -> list[str]:
        people = [_person(n) for n in range(start, stop)]
        batch.preview += [
            {
                "row": n + 2,
                "name": person.full_name,
                "country": COUNTRIES[n % 12],
                "organisation": person.organisation.name,
                "action": "match" if n % 2 else "create",
                "person_id": person.pk,
            }
            for n, person in enumerate(people, start)
        ]
        batch.total_rows = stop
        batch.save()
        return [person.full_name for person in people]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:import-detail", args=[batch.pk]),
        build,
        budget=6,
        max_queries=django_assert_max_num_queries,
    )


@pytest.mark.parametrize("q", ["", "Trainee"])
def test_people_list(coordinator_client, django_assert_max_num_queries, q):
    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            person = _person(n)
            EnrolmentFactory(person=person, session=_session(n))
        return [f"Trainee {n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:person-list") + (f"?q={q}" if q else ""),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_person_page_with_their_enrolments(coordinator_client, django_assert_max_num_queries):
    person = _person(0)

    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            EnrolmentFactory(person=person, session=_session(n), status=STATUSES[n % 6])
        return [
            text for n in range(start, stop) for text in (f"Course {n:03d}", f"Programme {n:03d}")
        ]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:person-detail", args=[person.pk]),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def test_duplicates(coordinator_client, django_assert_max_num_queries):
    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            email = f"twin{n}@example.org"
            _person(n, full_name=f"Sokha Chan Twin{n:03d}", email=email)
            _person(n, full_name=f"Chan Sokha Twin{n:03d}", email=email.upper())
        person_pairs_refresh()  # what the worker does after people are written
        return [f"Chan Sokha Twin{n:03d}" for n in range(start, stop)]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:duplicate-list"),
        build,
        budget=8,  # 7, and whether records are still waiting to be compared
        max_queries=django_assert_max_num_queries,
    )


def test_merges(coordinator_client, django_assert_max_num_queries):
    def build(start: int, stop: int) -> list[str]:
        for n in range(start, stop):
            kept, merged = _person(n), _person(100 + n, full_name=f"Absorbed {n:03d}")
            merged.merged_into = kept
            merged.save()
            PersonMerge.objects.create(
                kept=kept,
                merged=merged,
                snapshot={"merged": {"full_name": merged.full_name}},
                merged_by=UserFactory(name=f"Merger {n:03d}"),
                undone_by=UserFactory() if n % 2 else None,
            )
        return [
            text for n in range(start, stop) for text in (f"Trainee {n:03d}", f"Merger {n:03d}")
        ]

    assert_flat_queries(
        coordinator_client,
        reverse("trainings:merge-list"),
        build,
        budget=7,
        max_queries=django_assert_max_num_queries,
    )


def _records(start: int, stop: int) -> list[str]:
    """People of every sex, age band and country, in sessions of many programmes and years.

    The statistics pages cache their counts: they are measured cold, computing them.
    """
    for n in range(start, stop):
        session = _session(n)
        EnrolmentFactory(person=_person(1000 + 2 * n), session=session, status="completed")
        EnrolmentFactory(person=_person(1001 + 2 * n), session=session, status=STATUSES[n % 6])
    return [f"Programme {n:03d}" for n in range(start, stop)]


def test_coordinator_dashboard(coordinator_client, django_assert_max_num_queries):
    assert_flat_queries(
        coordinator_client,
        reverse("trainings:dashboard"),
        _records,
        cold=True,
        budget=16,
        max_queries=django_assert_max_num_queries,
    )


def test_coordinator_dashboard_filtered(coordinator_client, django_assert_max_num_queries):
    assert_flat_queries(
        coordinator_client,
        reverse("trainings:dashboard") + "?country=CO&year_from=2015&year_to=2024",
        _records,
        cold=True,
        budget=16,
        max_queries=django_assert_max_num_queries,
    )


def test_public_statistics(client, django_assert_max_num_queries):
    assert_flat_queries(
        client,
        reverse("trainings:statistics"),
        _records,
        cold=True,
        budget=12,
        max_queries=django_assert_max_num_queries,
    )
