import random
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from portal.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.trainings.report_factories import (
    EnrolmentFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    coordinator,
)
from trainings.models import Enrolment, Person
from trainings.statistics import AGE_BANDS, SEXES, Filters, training_statistics

pytestmark = pytest.mark.django_db

TRAINED = {Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED}


def make_records(size: int, *, seed: int = 7) -> list[Enrolment]:
    """People of every sex and age band in sessions of two years, in every status."""
    rng = random.Random(seed)  # noqa: S311
    programme = ProgrammeFactory()
    sessions = [
        SessionFactory(programme=programme, start_date=date(2019, 5, 1), end_date=date(2019, 5, 9)),
        SessionFactory(programme=programme, start_date=date(2023, 2, 1), end_date=date(2023, 2, 9)),
    ]
    organisations = [
        OrganisationFactory(kind=Organisation.Kind.NATIONAL_AUTHORITY),
        OrganisationFactory(kind=Organisation.Kind.OPERATOR),
    ]
    enrolments = []
    for _ in range(size):
        person = PersonFactory(
            sex=rng.choice([value for value, _label in SEXES]),
            age_band=rng.choice([value for value, _label in AGE_BANDS]),
            nationality=rng.choice(["CO", "LA", "UA"]),
            organisation=rng.choice([*organisations, None]),
        )
        for session in rng.sample(sessions, rng.randint(1, 2)):
            enrolments.append(
                EnrolmentFactory(
                    person=person,
                    session=session,
                    status=rng.choice(list(Enrolment.Status)),
                )
            )
    return enrolments


def expected_split(people: set[Person]) -> list[int]:
    sexes = Counter(person.sex for person in people)
    bands = Counter(person.age_band for person in people)
    return [
        len(people),
        *(sexes[value] for value, _label in SEXES),
        *(bands[value] for value, _label in AGE_BANDS),
    ]


def test_people_trained_by_sex_and_age_band_match_a_count_made_by_hand():
    enrolments = make_records(40)

    statistics = training_statistics(Filters())

    trained = {e.person for e in enrolments if e.status in TRAINED}
    assert [cell.value for cell in statistics.people.cells] == expected_split(trained)
    by_year = {
        row.label: [cell.value for cell in row.cells] for row in statistics.breakdowns[0].rows
    }
    for year in (2019, 2023):
        people = {
            e.person
            for e in enrolments
            if e.status in TRAINED and e.session.start_date.year == year
        }
        assert by_year[str(year)] == expected_split(people)


def test_every_breakdown_by_country_matches_a_count_made_by_hand():
    enrolments = make_records(30, seed=11)

    statistics = training_statistics(Filters())

    by_country = {b.key: b for b in statistics.breakdowns}["country"]
    rows = {row.label: [cell.value for cell in row.cells] for row in by_country.rows}
    for code, name in (("CO", "Colombia"), ("LA", "Laos"), ("UA", "Ukraine")):
        people = {
            e.person for e in enrolments if e.status in TRAINED and e.person.nationality == code
        }
        if people:
            assert rows[name] == expected_split(people)


def test_someone_trained_twice_counts_once():
    person = PersonFactory()
    EnrolmentFactory(person=person)
    EnrolmentFactory(person=person)

    assert training_statistics(Filters()).people.total.value == 1


def test_records_merged_into_another_and_people_who_did_not_attend_are_not_counted():
    kept = PersonFactory()
    EnrolmentFactory(person=kept)
    EnrolmentFactory(person=PersonFactory(merged_into=kept))
    EnrolmentFactory(status=Enrolment.Status.NO_SHOW)
    EnrolmentFactory(status=Enrolment.Status.WITHDRAWN)

    assert training_statistics(Filters()).people.total.value == 1


def test_filters_narrow_the_figures_to_a_programme_period_and_country():
    programme = ProgrammeFactory()
    old = SessionFactory(
        programme=programme, start_date=date(2012, 1, 9), end_date=date(2012, 1, 20)
    )
    new = SessionFactory(
        programme=programme, start_date=date(2024, 1, 8), end_date=date(2024, 1, 19)
    )
    EnrolmentFactory(session=old, person=PersonFactory(nationality="LA"))
    EnrolmentFactory(session=new, person=PersonFactory(nationality="LA"))
    EnrolmentFactory(session=new, person=PersonFactory(nationality="CO"))
    EnrolmentFactory()  # another programme

    def total(**filters: object) -> int:
        return training_statistics(Filters(**filters)).people.total.value

    assert total() == 4
    assert total(programme=programme.pk) == 3
    assert total(programme=programme.pk, year_from=2020) == 2
    assert total(programme=programme.pk, year_to=2020) == 1
    assert total(programme=programme.pk, country="LA") == 2


def test_coordinator_sees_the_dashboard_with_figures_charts_and_tables(client):
    make_records(10)
    client.force_login(coordinator())

    response = client.get(reverse("trainings:dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<svg") >= 5
    assert "By kind of organisation" in content
    total = training_statistics(Filters()).people.total.value
    assert f"<dd>{total}</dd>" in content


def test_dashboard_filters_are_applied_and_a_wrong_period_is_explained(client):
    client.force_login(coordinator())

    response = client.get(reverse("trainings:dashboard"), {"year_from": 2024, "year_to": 2010})

    assert response.status_code == 200
    assert "The first year must not be after the last year." in response.content.decode()


def test_staff_without_the_coordinator_role_cannot_see_the_dashboard(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("trainings:dashboard")).status_code == 403


def test_visitors_are_asked_to_sign_in_for_the_dashboard(client):
    response = client.get(reverse("trainings:dashboard"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("size", [5, 40])
def test_dashboard_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, size
):
    make_records(size)
    client.force_login(coordinator())
    # Counted afresh (not yet cached): three more for the data version, and the sessions
    # counted apart from the people (trainings.statistics.trained_people).
    with django_assert_max_num_queries(16):
        response = client.get(reverse("trainings:dashboard"), {"country": "CO"})
    assert response.status_code == 200


def test_figures_change_as_soon_as_the_data_does_whatever_wrote_it():
    """The counts are cached; bulk writes, queryset updates and deletes still show at once."""
    person = PersonFactory(sex=Person.Sex.FEMALE)
    first = EnrolmentFactory(person=person)
    assert training_statistics(Filters()).people.total.value == 1

    Enrolment.objects.bulk_create(
        [
            Enrolment(
                person=PersonFactory(sex=Person.Sex.MALE),
                session=first.session,
                status=Enrolment.Status.ATTENDED,
            )
        ]
    )
    assert training_statistics(Filters()).people.total.value == 2

    Person.objects.filter(pk=person.pk).update(sex=Person.Sex.MALE)
    sexes = [value for value, _label in SEXES]
    female = training_statistics(Filters()).people.sexes[sexes.index(Person.Sex.FEMALE)]
    assert female.value == 0

    Enrolment.objects.filter(pk=first.pk).delete()
    assert training_statistics(Filters()).people.total.value == 1


def test_a_second_look_at_the_dashboard_is_served_from_the_cache(
    client, django_assert_max_num_queries
):
    make_records(10)
    client.force_login(coordinator())
    first = client.get(reverse("trainings:dashboard"))

    # Session, user, roles, programme choices, the data version (country choices and page),
    # the unread count: none of the counting queries.
    with django_assert_max_num_queries(7):
        second = client.get(reverse("trainings:dashboard"))

    assert second.status_code == 200
    total = training_statistics(Filters()).people.total.value
    assert f"<dd>{total}</dd>" in first.content.decode()
    assert f"<dd>{total}</dd>" in second.content.decode()
