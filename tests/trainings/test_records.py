import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory
from tests.trainings.factories import (
    EnrolmentFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
)
from trainings.models import Enrolment, Person, Programme, Session
from trainings.services import records

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_programme_and_a_session(coordinator_client):
    host = OrganisationFactory(acronym="CMAC")
    response = coordinator_client.post(
        reverse("trainings:programme-create"),
        {"name": "JICA-CMAC third-country training", "slug": "jica-cmac", "host": host.pk,
         "year_start": 2010},
    )  # fmt: skip
    programme = Programme.objects.get()
    assert response["Location"] == programme.get_absolute_url()

    response = coordinator_client.post(
        reverse("trainings:session-create", args=["jica-cmac"]),
        {"title": "Land release for Ukraine", "start_date": "2025-06-02",
         "end_date": "2025-06-13", "host_country": "KH", "modality": "in_person",
         "language": "en"},
    )  # fmt: skip
    session = Session.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.programme == programme


def test_a_session_cannot_end_before_it_starts(coordinator_client):
    programme = ProgrammeFactory()
    response = coordinator_client.post(
        reverse("trainings:session-create", args=[programme.slug]),
        {"title": "Backwards", "start_date": "2025-06-13", "end_date": "2025-06-02",
         "host_country": "KH", "modality": "online", "language": "en"},
    )  # fmt: skip

    assert "cannot be before the start date" in response.content.decode()
    assert not Session.objects.exists()


def test_typing_a_name_offers_similar_people_already_on_record(coordinator_client):
    session = SessionFactory()
    sokha = PersonFactory(full_name="Sokha Chann")
    PersonFactory(full_name="Dara Kim")
    url = reverse("trainings:participant-search", args=[session.pk])

    partial = coordinator_client.get(url, {"q": "Sokha Chan"}, HTTP_HX_REQUEST="true")
    full_page = coordinator_client.get(url, {"q": "Sokha Chan"})

    assert "Sokha Chann" in partial.content.decode()
    assert "Dara Kim" not in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "<html" in full_page.content.decode()  # works as a plain search form without JS
    assert f'value="{sokha.pk}"' in full_page.content.decode()


def test_enrolling_an_existing_person_and_a_new_one(coordinator_client):
    session = SessionFactory()
    existing = PersonFactory(full_name="Sokha Chan")
    add = reverse("trainings:participant-add", args=[session.pk])

    coordinator_client.post(add, {"person": existing.pk})
    coordinator_client.post(add, {"person": existing.pk})  # twice: still once
    coordinator_client.post(
        add, {"full_name": "Dara  Kim ", "sex": "male", "birth_year": "1990", "nationality": "KH"}
    )

    assert session.enrolments.count() == 2
    dara = Person.objects.get(full_name="Dara Kim")  # spaces tidied
    assert dara.age_band == "35_44"  # born 1990, recorded in 2026


def bulk_data(enrolments: list[Enrolment], **overrides: dict) -> dict:
    data = {}
    for e in enrolments:
        data[f"status-{e.pk}"] = "completed"
        data[f"pre-{e.pk}"] = "40"
        data[f"post-{e.pk}"] = "85.5"
    data.update(overrides)
    return data


def test_bulk_update_sets_status_and_scores_of_every_participant(coordinator_client):
    session = SessionFactory()
    enrolments = [EnrolmentFactory(session=session) for _ in range(3)]

    response = coordinator_client.post(
        reverse("trainings:enrolments-update", args=[session.pk]), bulk_data(enrolments)
    )

    assert response.status_code == 302
    assert set(session.enrolments.values_list("status", "pre_score", "post_score")) == {
        ("completed", 40, 85.5)
    }


def test_bulk_update_writes_nothing_when_one_row_is_wrong(coordinator_client):
    session = SessionFactory()
    enrolments = [EnrolmentFactory(session=session) for _ in range(3)]
    bad = enrolments[1]

    response = coordinator_client.post(
        reverse("trainings:enrolments-update", args=[session.pk]),
        bulk_data(enrolments, **{f"post-{bad.pk}": "150"}),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert 'class="row-error"' in page
    assert page.count('class="row-error"') == 1
    assert set(session.enrolments.values_list("status", flat=True)) == {"confirmed"}


def make_enrolled(session: Session, count: int, start: int = 0) -> None:
    organisations = [OrganisationFactory() for _ in range(3)]
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=f"Person {start + i}", nationality="KH", organisation=organisations[i % 3]
            )
            for i in range(count)
        ]
    )
    Enrolment.objects.bulk_create([Enrolment(person=p, session=session) for p in people])


def test_the_session_page_makes_as_many_queries_with_10_and_500_participants(
    coordinator_client, django_assert_max_num_queries
):
    session = SessionFactory()
    url = reverse("trainings:session-detail", args=[session.pk])
    make_enrolled(session, 10)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url)
    make_enrolled(session, 490, start=10)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = coordinator_client.get(url)

    assert len(response.context["rows"]) == 100  # a page of them
    assert "500 participants" in response.content.decode()


def test_a_session_of_1000_saves_statuses_and_scores_a_page_at_a_time(coordinator_client):
    """Three fields a row: all 1,000 in one POST were past Django's 1,000 fields (400)."""
    session = SessionFactory()
    make_enrolled(session, 1000)
    url = reverse("trainings:session-detail", args=[session.pk])

    page = coordinator_client.get(url, {"page": 7})
    shown = [row["enrolment"] for row in page.context["rows"]]
    assert "1,000 participants" in page.content.decode()
    assert "Participants 601 to 700 of 1,000" in page.content.decode()
    response = coordinator_client.post(
        reverse("trainings:enrolments-update", args=[session.pk]),
        {**bulk_data(shown), "page": "7"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=7#participants-heading"
    saved = session.enrolments.filter(status="completed", post_score=85.5)
    assert set(saved.values_list("pk", flat=True)) == {e.pk for e in shown}
    assert session.enrolments.filter(status="nominated").count() == 900


def test_every_participant_of_a_large_session_is_given_one_status_at_once(coordinator_client):
    session = SessionFactory()
    make_enrolled(session, 1000)
    other = EnrolmentFactory()

    response = coordinator_client.post(
        reverse("trainings:enrolments-status", args=[session.pk]),
        {"status": "completed"},
        follow=True,
    )

    assert "All 1,000 participants marked “Completed”." in response.content.decode()
    assert set(session.enrolments.values_list("status", flat=True)) == {"completed"}
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_one_status_for_everyone_refuses_an_unknown_status(coordinator_client):
    session = SessionFactory()
    make_enrolled(session, 3)

    response = coordinator_client.post(
        reverse("trainings:enrolments-status", args=[session.pk]),
        {"status": "graduated"},
        follow=True,
    )

    assert "Unknown status." in response.content.decode()
    assert set(session.enrolments.values_list("status", flat=True)) == {"nominated"}


def test_the_people_list_makes_as_many_queries_with_10_and_500_people(
    coordinator_client, django_assert_max_num_queries
):
    session = SessionFactory(
        start_date=datetime.date(2024, 1, 8), end_date=datetime.date(2024, 1, 9)
    )
    url = reverse("trainings:person-list")
    make_enrolled(session, 10)
    with CaptureQueriesContext(connection) as small:
        coordinator_client.get(url)
    make_enrolled(session, 490, start=10)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = coordinator_client.get(url)

    assert response.context["page"].paginator.count == 500


def test_bulk_update_service_refuses_the_whole_batch_when_one_enrolment_is_not_of_the_session():
    from django.core.exceptions import ValidationError

    from trainings.services.records import EnrolmentChange, enrolments_bulk_update

    session = SessionFactory()
    mine = EnrolmentFactory(session=session)
    elsewhere = EnrolmentFactory()
    changes = [
        EnrolmentChange(enrolment_id=e.pk, status="completed", pre_score=None, post_score=None)
        for e in (mine, elsewhere)
    ]

    with pytest.raises(ValidationError):
        enrolments_bulk_update(session=session, changes=changes)

    assert set(Enrolment.objects.values_list("status", flat=True)) == {"confirmed"}


def test_a_new_participant_with_an_impossible_year_of_birth_is_refused(coordinator_client):
    session = SessionFactory()
    add = reverse("trainings:participant-add", args=[session.pk])

    response = coordinator_client.post(
        add, {"full_name": "Dara Kim", "sex": "male", "birth_year": "1850", "nationality": "KH"}
    )

    assert response.status_code == 400
    this_year = timezone.localdate().year
    assert f"Enter a year between {this_year - 100} and {this_year - 10}." in (
        response.content.decode()
    )
    assert not Person.objects.filter(full_name="Dara Kim").exists()
    assert session.enrolments.count() == 0


def test_the_participants_ticked_are_given_one_status(coordinator_client):
    session = SessionFactory()
    make_enrolled(session, 150)
    ticked = list(session.enrolments.order_by("pk")[:3])
    elsewhere = EnrolmentFactory()
    url = reverse("trainings:enrolments-update", args=[session.pk])
    ids = [str(e.pk) for e in ticked] + [str(elsewhere.pk)]

    response = coordinator_client.post(
        url, {"action": "selected", "selected": ids, "selected_status": "attended", "page": "2"}
    )
    nothing = coordinator_client.post(
        url, {"action": "selected", "selected_status": "withdrawn"}, follow=True
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?page=2#participants-heading")
    attended = session.enrolments.filter(status="attended")
    assert set(attended.values_list("pk", flat=True)) == {e.pk for e in ticked}
    assert session.enrolments.filter(status="nominated").count() == 147
    elsewhere.refresh_from_db()
    assert elsewhere.status == "confirmed"
    assert "Tick the participants to give this status to first." in nothing.content.decode()
    assert not session.enrolments.filter(status="withdrawn").exists()


def test_a_large_session_is_filtered_by_name_in_any_script_and_by_status(coordinator_client):
    session = SessionFactory()
    make_enrolled(session, 250)
    for name in ("Олена Шевченко", "Nguyễn Văn An", "Olena Kovalenko"):
        person = records.person_create(full_name=name, nationality="UA")
        EnrolmentFactory(session=session, person=person, status="completed")
    url = reverse("trainings:session-detail", args=[session.pk])

    olena = coordinator_client.get(url, {"who": "olena"})
    names = [row["enrolment"].person.full_name for row in olena.context["rows"]]
    assert sorted(names) == ["Olena Kovalenko", "Олена Шевченко"]
    assert "2 of 253 participants match." in olena.content.decode()
    nguyen = coordinator_client.get(url, {"who": "NGUYEN"})
    assert [row["enrolment"].person.full_name for row in nguyen.context["rows"]] == [
        "Nguyễn Văn An"
    ]
    completed = coordinator_client.get(url, {"status": "completed"})
    assert len(completed.context["rows"]) == 3
    nobody = coordinator_client.get(url, {"who": "Zebedee"}).content.decode()
    assert "No participant matches" in nobody


def test_paging_and_saving_keep_the_filters_of_the_list(coordinator_client):
    session = SessionFactory()
    make_enrolled(session, 250)
    url = reverse("trainings:session-detail", args=[session.pk])

    first = coordinator_client.get(url, {"who": "Person 1"})  # Person 1, 10-19, 100-199
    page = first.content.decode()
    assert "Participants 1 to 100 of 111" in page
    assert 'href="?who=Person+1&amp;page=2"' in page
    second = coordinator_client.get(url, {"who": "Person 1", "page": 2})
    shown = [row["enrolment"] for row in second.context["rows"]]
    assert len(shown) == 11

    response = coordinator_client.post(
        reverse("trainings:enrolments-update", args=[session.pk]),
        {**bulk_data(shown), "page": "2", "filters": "who=Person+1"},
    )

    assert response["Location"] == f"{url}?who=Person+1&page=2#participants-heading"
    assert session.enrolments.filter(status="completed").count() == 11
