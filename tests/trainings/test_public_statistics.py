import re

import pytest
from django.urls import reverse

from tests.trainings.report_factories import EnrolmentFactory, PersonFactory, SessionFactory
from tests.trainings.test_statistics import make_records
from trainings.models import Person
from trainings.statistics import Filters, suppressed, training_statistics

pytestmark = pytest.mark.django_db

URL = "/trainings/statistics/"


def small_group_records() -> None:
    """Ten men from Colombia and three women from Nigeria, in one session."""
    session = SessionFactory()
    for number in range(10):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(full_name=f"Carlos Colombia{number}", sex=Person.Sex.MALE),
        )
    for number in range(3):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(
                full_name=f"Ngozi Nigeria{number}", sex=Person.Sex.FEMALE, nationality="NG"
            ),
        )


def test_the_public_statistics_page_has_a_stable_address():
    assert reverse("trainings:statistics") == URL


def test_anyone_sees_headline_figures_without_signing_in(client):
    small_group_records()

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "13 officials have been trained" in content
    assert "They come from 2 countries." in content
    assert "<dd>13</dd>" in content


def test_a_group_of_fewer_than_five_people_is_shown_as_less_than_five(client):
    small_group_records()

    content = client.get(URL).content.decode()

    nigeria = re.search(r"<th scope=\"row\">Nigeria</th>(.*?)</tr>", content, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", nigeria)
    assert cells[0] == "&lt;5"
    assert "3" not in cells
    # Women overall are the same three people: hidden in the totals too.
    assert "<dd>&lt;5</dd>" in content


def test_the_public_page_names_no_one(client):
    small_group_records()

    content = client.get(URL).content.decode()

    assert "Colombia0" not in content
    assert "Nigeria0" not in content


def test_no_hidden_count_can_be_worked_out_from_the_totals():
    make_records(60, seed=3)

    statistics = suppressed(training_statistics(Filters()))

    for breakdown in statistics.breakdowns:
        rows = [*breakdown.rows, breakdown.totals]
        for row in rows:
            for cell in row.cells:
                assert cell.shown or cell.value < 5 or cell.hidden
                assert not (cell.shown and 0 < cell.value < 5)
            for group in (row.sexes, row.ages):
                hidden = [cell for cell in [row.total, *group] if not cell.shown]
                assert len(hidden) != 1
        for column in range(len(rows[0].cells)):
            hidden = [row.cells[column] for row in rows if not row.cells[column].shown]
            assert len(hidden) != 1


def test_coordinators_exact_figures_are_not_changed_by_the_public_rules():
    small_group_records()

    statistics = training_statistics(Filters())

    assert statistics.people.sexes[0].text == "3"


@pytest.mark.parametrize("size", [5, 40])
def test_public_page_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, size
):
    make_records(size)
    # Counted afresh: the data version (read for the country choices, the page and the
    # counts), the programme choices, the countries, the headline figures and the sessions,
    # five breakdowns.
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"year_from": 2019})
    assert response.status_code == 200
