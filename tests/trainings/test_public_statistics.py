import re
from datetime import date

import pytest
from django.urls import reverse

from tests.trainings.report_factories import (
    EnrolmentFactory,
    PersonFactory,
    SessionFactory,
    coordinator,
)
from tests.trainings.test_disclosure import worked_out
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


def row_cells(content: str, label: str) -> list[list[str]]:
    """The cells of the rows headed `label`: one list for the sex table, one for the age table."""
    rows = re.findall(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', content, re.S)
    assert rows, f"no row {label!r} on the page"
    return [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows]


def test_a_group_of_fewer_than_five_people_is_hidden(client):
    small_group_records()

    content = client.get(URL).content.decode()

    for cells in row_cells(content, "Nigeria"):
        assert set(cells) == {"x"}
    # Women overall are the same three people: hidden in the headline figures too.
    assert "<dd>x</dd>" in content


def many_colombians() -> None:
    session = SessionFactory()
    for number in range(30):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(
                sex=Person.Sex.FEMALE if number % 2 else Person.Sex.MALE,
                age_band=[Person.AgeBand.UNDER_25, Person.AgeBand.FROM_45_TO_54][number % 2],
            ),
        )
    for number in range(20):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(nationality="UA", sex=Person.Sex.FEMALE if number % 3 else "male"),
        )


def test_a_group_of_three_men_shows_neither_its_zero_women_nor_its_one_age_band(client):
    """Three men from Laos, all 35 to 44: "Women 0" or one non-zero age band would say so."""
    many_colombians()
    session = SessionFactory()
    for _ in range(3):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(
                nationality="LA", sex=Person.Sex.MALE, age_band=Person.AgeBand.FROM_35_TO_44
            ),
        )

    content = client.get(URL).content.decode()

    sex_cells, age_cells = row_cells(content, "Laos")
    assert sex_cells == ["x"] * 5
    assert age_cells == ["x"] * 7


def test_one_man_among_six_cannot_be_worked_out_from_the_five_women(client):
    many_colombians()
    session = SessionFactory()
    for number in range(6):
        EnrolmentFactory(
            session=session,
            person=PersonFactory(
                nationality="NG", sex=Person.Sex.MALE if number == 0 else Person.Sex.FEMALE
            ),
        )

    content = client.get(URL).content.decode()

    sex_cells, _age_cells = row_cells(content, "Nigeria")
    total, women, men, _other, _not_recorded = sex_cells
    assert (women, men) == ("x", "x"), "6 with 5 women shown leaves 1 man"
    if total != "x":
        assert total == "6"


def test_a_year_with_one_participant_cannot_be_subtracted_from_the_total(client):
    many_colombians()
    EnrolmentFactory(
        session=SessionFactory(start_date=date(2019, 4, 1), end_date=date(2019, 4, 5)),
        person=PersonFactory(nationality="UA", sex=Person.Sex.FEMALE),
    )
    EnrolmentFactory.create_batch(
        7,
        session=SessionFactory(start_date=date(2021, 4, 1), end_date=date(2021, 4, 5)),
        person__nationality="UA",
    )

    content = client.get(URL).content.decode()

    for cells in row_cells(content, "2019"):
        assert set(cells) == {"x"}
    # 58 people in all, 50 in 2025: 2021's 7 would give 2019's 1 back.
    assert "58 officials have been trained" in content
    assert row_cells(content, "2021")[0][0] == "x"


def test_every_hidden_figure_has_the_same_mark(client):
    """Small groups marked one way and the figures hidden beside them another would let a
    reader tell which is which, and work them out (6 in all, "5 or more" and "<5": 5 and 1)."""
    many_colombians()
    EnrolmentFactory.create_batch(6, person__nationality="NG", person__sex=Person.Sex.FEMALE)
    EnrolmentFactory(person=PersonFactory(nationality="NG", sex=Person.Sex.MALE))

    content = client.get(URL).content.decode()

    hidden = re.findall(r'<td class="suppressed">([^<]*)</td>', content)
    assert hidden
    assert set(hidden) == {"x"}
    assert "&lt;5" not in content


def test_a_hidden_count_does_not_show_through_the_plural(client):
    many_colombians()
    EnrolmentFactory(person=PersonFactory(sex=Person.Sex.OTHER))

    statistics = suppressed(training_statistics(Filters()))
    other = statistics.people.sexes[2]

    assert not other.shown
    assert other.count == 5


def test_the_page_says_in_plain_words_what_is_hidden(client):
    small_group_records()

    content = client.get(URL).content.decode()

    assert "groups of fewer than 5 people are hidden, and so is one more figure" in content
    assert "Every hidden figure is marked “x”" in content


def test_a_hidden_group_is_not_drawn_and_the_chart_says_so(client):
    many_colombians()
    EnrolmentFactory.create_batch(3, person__nationality="NG")

    content = client.get(URL).content.decode()

    chart = content.split('id="breakdown-country"', 1)[1].split("</figure>", 1)[0]
    assert "Nigeria" not in chart
    assert "Colombia" in chart
    # Nigeria, and Ukraine with it: 53 less Colombia's 30 would give Nigeria's 3.
    assert "2 groups are not drawn: their figures are hidden to protect small groups." in chart


def test_hidden_rows_come_after_the_shown_ones_whatever_their_size(client):
    """Listed by size among the others, a hidden row's place would bound it."""
    many_colombians()
    EnrolmentFactory.create_batch(3, person__nationality="KH")
    EnrolmentFactory.create_batch(4, person__nationality="NG")

    statistics = suppressed(training_statistics(Filters()))
    by_country = {b.key: b for b in statistics.breakdowns}["country"]

    shown = [row.total.shown for row in by_country.rows]
    assert shown == sorted(shown, reverse=True)
    hidden_labels = [row.label for row in by_country.rows if not row.total.shown]
    assert hidden_labels == sorted(hidden_labels)


def test_the_public_page_names_no_one(client):
    small_group_records()

    content = client.get(URL).content.decode()

    assert "Colombia0" not in content
    assert "Nigeria0" not in content


@pytest.mark.parametrize("seed", [3, 11])
def test_no_hidden_count_can_be_worked_out_from_the_totals(seed):
    """The breakdowns of what belongs to a person alone (country, kind of organisation) add up:
    attacked like the tables of tests/trainings/test_disclosure.py, nothing hidden is pinned."""
    make_records(60, seed=seed)

    statistics = suppressed(training_statistics(Filters()))

    additive = [b for b in statistics.breakdowns if b.key in {"country", "organisation_kind"}]
    tables = [[[cell.value for cell in row.cells] for row in b.rows] for b in additive]
    totals = [cell.value for cell in statistics.people.cells]
    masks = (
        [[[cell.hidden for cell in row.cells] for row in b.rows] for b in additive],
        [cell.hidden for cell in statistics.people.cells],
    )
    least = {
        (t, r, c): 0
        for t, b in enumerate(additive)
        for r, row in enumerate(b.rows)
        if 0 < row.total.value < 5
        for c in range(1, len(row.cells))
    }
    assert any(masks[1]) or any(any(any(row) for row in table) for table in masks[0])
    assert worked_out(tables, totals, masks, least) == []
    for breakdown in statistics.breakdowns:
        for row in [*breakdown.rows, breakdown.totals]:
            assert not any(cell.shown and 0 < cell.value < 5 for cell in row.cells)


def test_coordinators_exact_figures_are_not_changed_by_the_public_rules():
    small_group_records()

    statistics = training_statistics(Filters())

    assert statistics.people.sexes[0].text == "3"


def test_the_coordinators_dashboard_keeps_the_exact_figures(client):
    small_group_records()
    client.force_login(coordinator())

    content = client.get(reverse("trainings:dashboard")).content.decode()

    sex_cells, _age_cells = row_cells(content, "Nigeria")
    assert sex_cells == ["3", "3", "0", "0", "0"]


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
