"""The participant list as built for 50,000 people: same rows, order and session counts.

The number of sessions is a subquery per shown person, not a join grouped over everyone.
"""

import pytest
from django.urls import reverse

from tests.trainings.factories import EnrolmentFactory, PersonFactory
from trainings.services.people import person_merge

pytestmark = pytest.mark.django_db


def _rows(client, **params: object) -> list[tuple[str, int]]:  # noqa: ANN001
    page = client.get(reverse("trainings:person-list"), params).context["page"]
    return [(person.full_name, person.enrolment_count) for person in page.object_list]


def test_each_person_shows_their_number_of_sessions_even_none(coordinator_client):
    busy = PersonFactory(full_name="Ana Busy")
    EnrolmentFactory.create_batch(3, person=busy)
    PersonFactory(full_name="Bo Never")
    kept = PersonFactory(full_name="Cy Kept")
    merged = PersonFactory(full_name="Cy Kept Twin")
    EnrolmentFactory(person=kept)
    EnrolmentFactory(person=merged)
    person_merge(kept=kept, merged=merged, choices={}, user=None)

    assert _rows(coordinator_client) == [("Ana Busy", 3), ("Bo Never", 0), ("Cy Kept", 2)]
    page = coordinator_client.get(reverse("trainings:person-list")).content.decode()
    assert "Cy Kept Twin" not in page


def test_people_are_listed_by_name_then_record_across_pages(coordinator_client):
    first = PersonFactory(full_name="Same Name")
    second = PersonFactory(full_name="Same Name")
    for n in range(60):
        PersonFactory(full_name=f"Zed {n:02d}")

    page_one = coordinator_client.get(reverse("trainings:person-list")).context["page"]
    page_two = coordinator_client.get(reverse("trainings:person-list"), {"page": 2}).context["page"]

    assert [p.pk for p in page_one.object_list[:2]] == [first.pk, second.pk]
    assert [p.full_name for p in page_two.object_list] == [f"Zed {n:02d}" for n in range(48, 60)]
    assert page_one.paginator.count == 62


def test_the_search_finds_part_of_a_name_in_any_case_and_misspelt_names(coordinator_client):
    EnrolmentFactory(person=PersonFactory(full_name="Sokha Chan"))
    PersonFactory(full_name="Dara Kimsokhak")
    PersonFactory(full_name="Maria Lopez")

    assert _rows(coordinator_client, q="SOKHA") == [("Dara Kimsokhak", 0), ("Sokha Chan", 1)]
    assert _rows(coordinator_client, q="Maria Lopes") == [("Maria Lopez", 0)]
    page = coordinator_client.get(reverse("trainings:person-list"), {"q": "sokha"})
    assert page.context["page"].paginator.count == 2
