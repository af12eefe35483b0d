import time
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.trainings.report_factories import (
    EnrolmentFactory,
    PersonFactory,
    ProgrammeFactory,
    SessionFactory,
    coordinator,
    organisation,
)
from trainings.models import Certificate, Enrolment, Person
from trainings.services.certificates import (
    certificate_generate,
    certificates_issue,
    normalise_code,
)

pytestmark = pytest.mark.django_db


def completed_enrolment(**person: object) -> Enrolment:
    programme = ProgrammeFactory(
        name="JICA-CMAC Knowledge Sharing Programme",
        host=organisation("Cambodian Mine Action Centre"),
    )
    programme.funders.add(organisation("Japan International Cooperation Agency"))
    session = SessionFactory(
        programme=programme,
        title="Land release for national authorities",
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 14),
    )
    return EnrolmentFactory(
        session=session,
        person=PersonFactory(**{"full_name": "María Rodríguez", "position": "Deputy", **person}),
    )


def issued_certificate(**person: object) -> Certificate:
    enrolment = completed_enrolment(**person)
    certificates_issue(session=enrolment.session)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate_generate(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    return certificate


def test_a_certificate_built_by_the_worker_is_a_pdf(celery_worker):
    enrolment = completed_enrolment()

    assert certificates_issue(session=enrolment.session) == 1

    deadline = time.monotonic() + 60
    certificate = Certificate.objects.get(enrolment=enrolment)
    while certificate.status == Certificate.Status.PENDING and time.monotonic() < deadline:
        time.sleep(0.3)
        certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.READY, certificate.error
    with certificate.file.open("rb") as file:
        assert file.read(4) == b"%PDF"
    assert certificate.number == f"JC-2025-{enrolment.pk:06d}"
    assert certificate.issued_at is not None


def test_only_completed_enrolments_get_a_certificate_and_issuing_twice_adds_none():
    enrolment = completed_enrolment()
    EnrolmentFactory(session=enrolment.session, status=Enrolment.Status.ATTENDED)

    certificates_issue(session=enrolment.session)
    certificates_issue(session=enrolment.session)

    assert list(Certificate.objects.values_list("enrolment", flat=True)) == [enrolment.pk]


def test_a_certificate_is_built_once_however_often_the_task_runs():
    certificate = issued_certificate()

    assert certificate_generate(certificate_id=certificate.pk) is False
    assert certificate.status == Certificate.Status.READY


def test_verification_codes_are_long_random_and_forgiving_to_type():
    first, second = issued_certificate(), issued_certificate()

    assert first.verification_code != second.verification_code
    assert len(first.verification_code.replace("-", "")) == 10
    assert normalise_code(first.verification_code.lower().replace("-", " ")) == (
        first.verification_code
    )


def test_a_valid_code_shows_only_the_name_the_session_and_its_dates(client):
    certificate = issued_certificate(email="maria@example.org", nationality="CO")

    response = client.get(
        reverse("trainings:certificate-verify"),
        {"code": certificate.verification_code.lower()},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid" in content
    assert "María Rodríguez" in content
    assert "Land release for national authorities" in content
    assert "3 March 2025 to 14 March 2025" in content
    for private in ("maria@example.org", "Deputy", "Colombia", certificate.number):
        assert private not in content


def test_a_made_up_code_is_not_valid(client):
    issued_certificate()

    valid = client.get(reverse("trainings:certificate-verify"), {"code": "AAAAA-BBBBB"})
    malformed = client.get(reverse("trainings:certificate-verify"), {"code": "nonsense"})

    for response in (valid, malformed):
        assert response.status_code == 200
        assert "This code is not valid" in response.content.decode()
        assert "María" not in response.content.decode()


def test_an_anonymised_persons_certificate_shows_no_real_name(client):
    certificate = issued_certificate()
    person = certificate.enrolment.person
    person.anonymised_at = timezone.now()
    person.save(update_fields=["anonymised_at"])

    response = client.get(
        reverse("trainings:certificate-verify"), {"code": certificate.verification_code}
    )

    assert "Anonymised participant" in response.content.decode()
    assert "María" not in response.content.decode()


def test_a_coordinator_downloads_one_certificate(client):
    certificate = issued_certificate()
    client.force_login(coordinator())

    single = client.get(reverse("trainings:certificate-download", args=[certificate.pk]))

    assert single.status_code == 200
    assert b"".join(single.streaming_content).startswith(b"%PDF")
    assert "no-store" in single["Cache-Control"]
    assert single["Content-Disposition"] == f'attachment; filename="{certificate.number}.pdf"'


def test_a_coordinator_issues_certificates_from_the_session_page(client):
    enrolment = completed_enrolment()
    client.force_login(coordinator())
    url = reverse("trainings:session-certificates", args=[enrolment.session_id])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert Certificate.objects.filter(enrolment=enrolment).exists()
    assert "María Rodríguez" in response.content.decode()


@pytest.mark.parametrize("name", ["download", "zip", "session"])
def test_staff_without_the_coordinator_role_cannot_reach_certificates(client, name):
    certificate = issued_certificate()
    client.force_login(UserFactory(is_staff=True))
    session_id = certificate.enrolment.session_id
    url = {
        "download": reverse("trainings:certificate-download", args=[certificate.pk]),
        "zip": reverse("trainings:session-certificates-zip", args=[session_id]),
        "session": reverse("trainings:session-certificates", args=[session_id]),
    }[name]

    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)
    assert Certificate.objects.count() == 1


def test_downloading_a_certificate_issued_before_anonymisation_rebuilds_it_first(client):
    certificate = issued_certificate()
    person = certificate.enrolment.person
    person.anonymised_at = timezone.now()
    person.save(update_fields=["anonymised_at"])
    client.force_login(coordinator())

    response = client.get(reverse("trainings:certificate-download", args=[certificate.pk]))

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert certificate_generate(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    with certificate.file.open("rb") as file:
        assert file.read(4) == b"%PDF"
    assert (
        client.get(reverse("trainings:certificate-download", args=[certificate.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("size", [2, 20])
def test_session_certificates_page_query_count_does_not_grow(
    client, django_assert_max_num_queries, size
):
    session = SessionFactory()
    for _ in range(size):
        EnrolmentFactory(session=session)
    certificates_issue(session=session)
    client.force_login(coordinator())

    with django_assert_max_num_queries(8):
        response = client.get(reverse("trainings:session-certificates", args=[session.pk]))

    assert response.status_code == 200


def test_a_large_sessions_certificates_are_listed_a_page_at_a_time_with_counts_of_all(client):
    session = SessionFactory()
    people = Person.objects.bulk_create(
        Person(full_name=f"Participant {number:03d}", nationality="KH") for number in range(250)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(session=session, person=person, status=Enrolment.Status.COMPLETED)
        for person in people
    )
    Enrolment.objects.filter(pk=enrolments[-1].pk).update(status=Enrolment.Status.ATTENDED)
    client.force_login(coordinator())
    url = reverse("trainings:session-certificates", args=[session.pk])

    first = client.get(url)
    third = client.get(url, {"page": 3})

    assert len(first.context["rows"]) == 100
    page = first.content.decode()
    assert "249 participants completed this session." in page
    assert "Download all 249 certificates (ZIP)" in page
    assert 'href="?page=2"' in page
    assert [row["name"] for row in third.context["rows"]][-1] == "Participant 249"
    assert len(third.context["rows"]) == 50
