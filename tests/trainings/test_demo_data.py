from io import StringIO

import pytest
from django.core.management import call_command

from trainings.models import Enrolment, Person, Programme, Session
from trainings.statistics import Filters, training_statistics

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", stdout=StringIO())


def counts() -> tuple[int, ...]:
    return (
        Programme.objects.count(),
        Session.objects.count(),
        Person.objects.count(),
        Enrolment.objects.count(),
        Session.themes.through.objects.count(),
    )


def test_seeding_twice_adds_no_training_records(seeded):
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before


def test_demo_programme_has_over_600_people_trained_from_11_countries(seeded):
    programme = Programme.objects.get(slug="jica-cmac-knowledge-sharing")
    statistics = training_statistics(Filters(programme=programme.pk))

    assert programme.host.acronym == "CMAC"
    assert list(programme.funders.values_list("acronym", flat=True)) == ["JICA"]
    assert statistics.people.total.value >= 600
    assert statistics.countries == 11
    assert programme.sessions.order_by("start_date").first().start_date.year == 2010


def test_demo_people_are_about_a_quarter_women_and_more_so_lately(seeded):
    statistics = training_statistics(Filters())
    women = statistics.people.sexes[0].value / statistics.people.total.value
    early = training_statistics(Filters(year_to=2013)).people
    late = training_statistics(Filters(year_from=2022)).people

    assert 0.2 <= women <= 0.3
    assert early.sexes[0].value / early.total.value < late.sexes[0].value / late.total.value


def test_demo_records_are_the_same_on_every_fresh_database(seeded):
    first = list(Person.objects.order_by("pk").values_list("full_name", "sex", "nationality")[:50])
    Enrolment.objects.all().delete()
    Session.themes.through.objects.all().delete()
    Session.objects.all().delete()
    Person.objects.all().delete()

    call_command("seed_demo", stdout=StringIO())

    assert (
        list(Person.objects.order_by("pk").values_list("full_name", "sex", "nationality")[:50])
        == first
    )
