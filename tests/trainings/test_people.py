import pytest
from django.db.models import Count
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.trainings.factories import EnrolmentFactory, PersonFactory, SessionFactory
from trainings import selectors
from trainings.models import Enrolment, Person, PersonMerge
from trainings.services.people import (
    person_anonymise,
    person_merge,
    person_merge_undo,
    person_pairs_refresh,
)

pytestmark = pytest.mark.django_db


def pair_ids() -> set[tuple[int, int]]:
    person_pairs_refresh()
    return {(p.first.pk, p.second.pk) for p in selectors.duplicate_pairs()}


def test_people_with_the_same_email_in_any_case_are_suggested_as_duplicates():
    a = PersonFactory(full_name="Sokha Chan", email="Sokha.Chan@cmac.gov.kh")
    b = PersonFactory(full_name="Chan Sokha", email="sokha.chan@CMAC.gov.kh", nationality="TH")
    PersonFactory(full_name="Someone Else", email="other@cmac.gov.kh")

    assert pair_ids() == {(a.pk, b.pk)}


def test_similar_names_are_suggested_unless_evidence_says_two_people():
    cmac = OrganisationFactory()
    a = PersonFactory(full_name="Sokha Chan", organisation=cmac)
    b = PersonFactory(full_name="Sokha Chann", organisation=cmac)
    PersonFactory(full_name="Sokha Chan", organisation=cmac, nationality="LA")  # other country
    PersonFactory(full_name="Sokha Chann", organisation=cmac, sex="male")  # other sex
    PersonFactory(full_name="Dara Kim", organisation=cmac)

    assert pair_ids() == {(a.pk, b.pk)}
    pair = selectors.duplicate_pairs()[0]
    assert pair.score >= 80
    assert "same organisation" in [reason.label for reason in pair.reasons]


def test_merged_and_anonymised_people_are_not_suggested():
    a = PersonFactory(email="same@example.org")
    b = PersonFactory(email="same@example.org")
    c = PersonFactory(email="same@example.org")
    person_merge(kept=a, merged=b, choices={}, user=None)
    person_anonymise(person=c)

    assert pair_ids() == set()


def test_a_merge_moves_enrolments_and_undo_puts_everything_back(coordinator):
    first, second, shared = SessionFactory(), SessionFactory(), SessionFactory()
    kept = PersonFactory(full_name="Sokha Chan", email="", position="Deputy")
    merged = PersonFactory(
        full_name="Sokha Chann", email="sokha@cmac.gov.kh", position="Team leader", birth_year=1990
    )
    kept_enrolment = EnrolmentFactory(person=kept, session=first)
    moved = EnrolmentFactory(person=merged, session=second)
    kept_shared = EnrolmentFactory(person=kept, session=shared, status="nominated")
    merged_shared = EnrolmentFactory(person=merged, session=shared, status="completed")

    merge = person_merge(
        kept=kept,
        merged=merged,
        choices={"position": "merged", "full_name": "kept"},
        user=coordinator,
    )

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert set(kept.enrolments.values_list("session_id", flat=True)) == {
        first.pk,
        second.pk,
        shared.pk,
    }
    assert Enrolment.objects.get(pk=kept_shared.pk).status == "completed"  # the better status
    assert (kept.full_name, kept.position) == ("Sokha Chan", "Team leader")
    assert (kept.email, kept.birth_year) == ("sokha@cmac.gov.kh", 1990)  # empty fields filled
    assert merge.moved_enrolment_ids == [moved.pk]

    person_merge_undo(merge=merge, user=coordinator)

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert merged.merged_into is None
    assert (merged.full_name, merged.email, merged.position) == (
        "Sokha Chann",
        "sokha@cmac.gov.kh",
        "Team leader",
    )
    assert (kept.full_name, kept.email, kept.position, kept.birth_year) == (
        "Sokha Chan",
        "",
        "Deputy",
        None,
    )
    assert set(kept.enrolments.values_list("pk", flat=True)) == {kept_enrolment.pk, kept_shared.pk}
    assert set(merged.enrolments.values_list("pk", flat=True)) == {moved.pk, merged_shared.pk}
    assert Enrolment.objects.get(pk=kept_shared.pk).status == "nominated"
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert merge.undone_by == coordinator


def test_the_merge_page_shows_conflicts_and_merges_with_the_chosen_values(coordinator_client):
    kept = PersonFactory(full_name="Sokha Chan", position="Deputy")
    merged = PersonFactory(full_name="Sokha Chann", position="Team leader")
    EnrolmentFactory(person=merged)
    url = reverse("trainings:merge-preview", args=[kept.pk, merged.pk])

    page = coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"full_name": "merged", "position": "kept"})

    assert 'class="conflict"' in page
    assert response.status_code == 302
    kept.refresh_from_db()
    assert (kept.full_name, kept.position) == ("Sokha Chann", "Deputy")
    assert kept.enrolments.count() == 1
    merge = PersonMerge.objects.get()
    list_page = coordinator_client.get(reverse("trainings:merge-list")).content.decode()
    assert reverse("trainings:merge-undo", args=[merge.pk]) in list_page

    coordinator_client.post(reverse("trainings:merge-undo", args=[merge.pk]))

    assert merged.enrolments.count() == 1
    assert PersonMerge.objects.get().undone_at is not None


def test_the_duplicates_page_lists_the_suggested_pairs(coordinator_client):
    a = PersonFactory(email="same@example.org")
    b = PersonFactory(email="SAME@example.org")
    person_pairs_refresh()

    page = coordinator_client.get(reverse("trainings:duplicate-list")).content.decode()

    assert reverse("trainings:merge-preview", args=[a.pk, b.pk]) in page


def counts_by_sex() -> dict[str, int]:
    return dict(Enrolment.objects.values_list("person__sex").annotate(n=Count("pk")).order_by())


def test_anonymising_erases_name_and_contacts_but_keeps_the_statistics(coordinator_client):
    person = PersonFactory(
        full_name="Sokha Chan",
        local_name="សុខា ចាន់",
        email="sokha@cmac.gov.kh",
        phone="+855 12 345 678",
        position="Deputy",
        sex="female",
        age_band="35_44",
        nationality="KH",
    )
    EnrolmentFactory(person=person)
    EnrolmentFactory(person=PersonFactory(sex="male"))
    before = counts_by_sex()
    url = reverse("trainings:person-anonymise", args=[person.pk])

    assert "cannot be undone" in coordinator_client.get(url).content.decode()
    coordinator_client.post(url, {})  # not confirmed: nothing happens
    assert Person.objects.get(pk=person.pk).anonymised_at is None
    coordinator_client.post(url, {"confirm": "yes"})

    person.refresh_from_db()
    assert person.full_name == f"Anonymised participant #{person.pk}"
    assert (person.local_name, person.email, person.phone, person.position) == ("", "", "", "")
    assert (person.sex, person.age_band, person.nationality.code) == ("female", "35_44", "KH")
    assert person.anonymised_at is not None
    assert counts_by_sex() == before


def test_anonymising_also_erases_a_duplicate_merged_into_the_person():
    kept = PersonFactory(full_name="Sokha Chan")
    merged = PersonFactory(full_name="Sokha Chann", email="sokha@example.org")
    merge = person_merge(kept=kept, merged=merged, choices={}, user=None)

    person_anonymise(person=kept)

    merged.refresh_from_db()
    merge.refresh_from_db()
    assert merged.email == "" and merged.anonymised_at is not None
    assert merge.snapshot["merged"]["email"] == ""
    assert "Sokha" not in str(merge.snapshot)


def test_anonymising_also_erases_the_name_from_import_previews(coordinator_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = SessionFactory()
    coordinator_client.post(
        reverse("trainings:import-start", args=[session.pk]),
        {"file": SimpleUploadedFile("list.csv", b"name,country\nSokha Chan,KH\n")},
    )
    batch = session.imports.get()
    coordinator_client.post(reverse("trainings:import-confirm", args=[batch.pk]))
    person = Person.objects.get(full_name="Sokha Chan")

    person_anonymise(person=person)

    batch.refresh_from_db()
    assert "Sokha" not in str(batch.preview)


def test_a_persons_page_offers_to_compare_and_merge_the_same_person_written_otherwise(
    coordinator_client,
):
    an = PersonFactory(full_name="Nguyễn Văn An", nationality="VN", email="")
    unaccented = PersonFactory(full_name="Nguyen Van An", nationality="VN", email="")
    same_email = PersonFactory(full_name="A. Nguyen", nationality="KH", email="")
    an.email = same_email.email = "an.nguyen@vnmac.example"
    an.save()
    same_email.save()
    elsewhere = PersonFactory(full_name="Nguyen Van An", nationality="LA", email="")
    other = PersonFactory(full_name="Trần Thị Bình", nationality="VN", email="")
    merged = PersonFactory(full_name="Nguyễn Văn An", nationality="VN", email="")
    person_merge(kept=unaccented, merged=merged, choices={}, user=None)
    person_pairs_refresh()

    page = coordinator_client.get(reverse("trainings:person-detail", args=[an.pk]))

    similar = [match.person for match in page.context["similar"]]
    assert set(similar) == {unaccented, same_email}
    assert elsewhere not in similar and other not in similar
    content = page.content.decode()
    assert reverse("trainings:merge-preview", args=[an.pk, unaccented.pk]) in content
    assert "Compare and merge" in content


def _pairs(count: int, nationality: str, start: int = 0) -> None:
    """`count` pairs of similar names, each pair in an organisation of its own."""
    from portal.models import Organisation

    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Mine action centre {nationality} {start + n}") for n in range(count)
    )
    Person.objects.bulk_create(
        Person(full_name=name, nationality=nationality, organisation=organisation)
        for n, organisation in enumerate(organisations, start=start)
        for name in (f"Participant number{n}", f"Participant numbr{n}")
    )
    person_pairs_refresh()


def test_the_duplicates_page_is_paged_and_filtered_by_nationality(coordinator_client):
    _pairs(130, "KH")
    _pairs(120, "VN", start=1000)
    url = reverse("trainings:duplicate-list")

    first = coordinator_client.get(url)
    third = coordinator_client.get(url, {"page": 3})
    vietnam = coordinator_client.get(url, {"country": "vn", "page": 2})

    assert len(first.context["pairs"]) == 100
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert len(third.context["pairs"]) == 50
    assert 'rel="next"' not in third.content.decode()
    assert len(vietnam.context["pairs"]) == 20
    assert {p.first.nationality.code for p in vietnam.context["pairs"]} == {"VN"}
    assert 'href="?page=1&amp;country=VN" rel="prev"' in vietnam.content.decode()


def test_the_merge_page_offers_not_the_same_person_which_is_remembered(coordinator_client):
    from trainings.models import PersonPairDecision

    first = PersonFactory(full_name="Chea Sokha")
    second = PersonFactory(full_name="Chea Sokhea")
    url = reverse("trainings:merge-preview", args=[first.pk, second.pk])
    reject = reverse("trainings:pair-reject", args=[first.pk, second.pk])

    page = coordinator_client.get(url).content.decode()
    assert f'action="{reject}"' in page
    response = coordinator_client.post(reject, {"next": reverse("trainings:duplicate-list")})

    assert response["Location"] == reverse("trainings:duplicate-list")
    assert PersonPairDecision.objects.count() == 1
