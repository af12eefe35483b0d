"""The admin shows training records but changes none of them: merges, undo, anonymisation,
certificates and imports keep their rules only through the trainings pages' services."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.trainings.factories import EnrolmentFactory, PersonFactory
from trainings.models import Certificate, Enrolment, ImportBatch, Person, PersonMerge
from trainings.services.people import person_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> dict:
    enrolment = EnrolmentFactory(status=Enrolment.Status.COMPLETED)
    certificate = Certificate.objects.create(
        enrolment=enrolment, number="CMAC-2026-0001", verification_code="ABCD-EFGH"
    )
    merge = person_merge(kept=enrolment.person, merged=PersonFactory(), choices={}, user=None)
    batch = ImportBatch.objects.create(
        session=enrolment.session, filename="list.csv", sha256="0" * 64
    )
    return {
        Person: enrolment.person,
        Enrolment: enrolment,
        Certificate: certificate,
        PersonMerge: merge,
        ImportBatch: batch,
    }


@pytest.fixture
def admin_client(client):  # noqa: ANN001, ANN201
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", [Person, Enrolment, Certificate, PersonMerge, ImportBatch], ids=lambda m: m.__name__
)
def test_the_admin_shows_training_records_and_changes_none(admin_client, records, model):
    obj = records[model]
    name = f"admin:trainings_{model._meta.model_name}"
    before = model.objects.filter(pk=obj.pk).values().get()

    listed = admin_client.get(reverse(f"{name}_changelist"))
    shown = admin_client.get(reverse(f"{name}_change", args=[obj.pk]))
    posted = admin_client.post(reverse(f"{name}_change", args=[obj.pk]), {"_save": "Save"})

    assert listed.status_code == 200
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert posted.status_code == 403
    assert admin_client.get(reverse(f"{name}_add")).status_code == 403
    assert (
        admin_client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert model.objects.filter(pk=obj.pk).values().get() == before
