import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.permissions import Role
from tests.factories import UserFactory
from tests.trainings.factories import EnrolmentFactory, PersonFactory
from trainings.models import ImportBatch, PersonMerge
from trainings.services.people import person_merge

pytestmark = pytest.mark.django_db

# Every page that shows or changes personal data: (url name, which object's id it takes).
PAGES = [
    ("trainings:programme-list", None),
    ("trainings:programme-create", None),
    ("trainings:programme-detail", "programme"),
    ("trainings:session-create", "programme"),
    ("trainings:session-detail", "session"),
    ("trainings:enrolments-update", "session"),
    ("trainings:enrolments-status", "session"),
    ("trainings:participant-search", "session"),
    ("trainings:participant-add", "session"),
    ("trainings:import-start", "session"),
    ("trainings:import-detail", "batch"),
    ("trainings:import-status", "batch"),
    ("trainings:import-confirm", "batch"),
    ("trainings:import-discard", "batch"),
    ("trainings:import-organisations", "batch"),
    ("trainings:person-list", None),
    ("trainings:person-detail", "person"),
    ("trainings:person-anonymise", "person"),
    ("trainings:duplicate-list", None),
    ("trainings:merge-preview", "pair"),
    ("trainings:pair-reject", "pair"),
    ("trainings:merge-list", None),
    ("trainings:merge-undo", "merge"),
]
POST_ONLY = {"trainings:enrolments-update", "trainings:enrolments-status",
             "trainings:participant-add",
             "trainings:import-confirm", "trainings:import-discard",
             "trainings:import-organisations", "trainings:pair-reject",
             "trainings:merge-undo"}  # fmt: skip


@pytest.fixture
def records() -> dict:
    enrolment = EnrolmentFactory()
    other = PersonFactory()
    session = enrolment.session
    batch = ImportBatch.objects.create(session=session, filename="list.csv", sha256="0" * 64)
    merge = person_merge(kept=enrolment.person, merged=PersonFactory(), choices={}, user=None)
    return {
        "programme": [session.programme.slug],
        "session": [session.pk],
        "batch": [batch.pk],
        "person": [enrolment.person.pk],
        "pair": [enrolment.person.pk, other.pk],
        "merge": [merge.pk],
    }


def url_for(name: str, kind: str | None, records: dict) -> str:
    return reverse(name, args=records[kind] if kind else [])


@pytest.mark.parametrize(("name", "kind"), PAGES)
def test_staff_without_the_coordinator_role_cannot_reach_personal_data(client, records, name, kind):
    client.force_login(UserFactory(is_staff=True))
    url = url_for(name, kind, records)

    response = client.post(url) if name in POST_ONLY else client.get(url)

    assert response.status_code in (403, 404)
    assert not PersonMerge.objects.filter(undone_at__isnull=False).exists()


@pytest.mark.parametrize(("name", "kind"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, records, name, kind):
    url = url_for(name, kind, records)

    response = client.post(url) if name in POST_ONLY else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kind"), [p for p in PAGES if p[0] not in POST_ONLY])
def test_pages_with_personal_data_are_never_stored_by_browsers(
    coordinator_client, records, name, kind
):
    response = coordinator_client.get(url_for(name, kind, records))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_admin_without_the_role_may_manage_records(client, records):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("trainings:person-list")).status_code == 200


def test_person_urls_carry_only_the_number_never_the_name_or_email(coordinator_client):
    person = PersonFactory(full_name="Sokha Chan", email="sokha@cmac.gov.kh")
    EnrolmentFactory(person=person)

    page = coordinator_client.get(reverse("trainings:person-list")).content.decode()

    assert f'href="/trainings/people/{person.pk}/"' in page
    assert "sokha@" not in reverse("trainings:person-detail", args=[person.pk])


def test_members_of_the_coordinators_group_may_manage_records(db):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.TRAINING_COORDINATOR.value)[0])

    assert user.has_perm("trainings.manage")
