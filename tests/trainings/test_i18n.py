"""Training records in the reader's language: plurals by count, dates and numbers formatted for
the language, import problems written when they are read, certificates in the session's
language. No catalogue exists yet, so French is checked through what Django ships (month
names, number formats, country names) and English through its plural forms."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from tests.factories import OrganisationFactory
from tests.trainings.report_factories import EnrolmentFactory, PersonFactory, SessionFactory
from tests.trainings.test_certificates import completed_enrolment, issued_certificate
from tests.trainings.test_import import csv_bytes, row
from trainings.forms import PersonForm
from trainings.models import Certificate, Enrolment, ImportBatch
from trainings.services import certificates as certificate_services
from trainings.services.import_messages import error_text, import_message
from trainings.statistics import Cell, Filters, suppressed, training_statistics, with_charts

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:  # noqa: ANN001
    """The messages this request added (earlier ones wait in the session until shown)."""
    return [str(message) for message in response.wsgi_request._messages._queued_messages]


@pytest.fixture(autouse=True)
def _english_and_cmac() -> None:
    """English unless a test says otherwise (a request in French leaves French active), and
    the organisation the import rows name."""
    translation.activate("en")
    OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC")


def _upload(client, session, rows: list[list[str]]) -> ImportBatch:  # noqa: ANN001
    client.post(
        reverse("trainings:import-start", args=[session.pk]),
        {"file": SimpleUploadedFile("participants.csv", csv_bytes(rows))},
    )
    return ImportBatch.objects.latest("pk")


# Plurals by count ---------------------------------------------------------------------------


def test_the_import_preview_counts_one_new_person_and_one_row_with_errors(coordinator_client):
    session = SessionFactory()
    batch = _upload(coordinator_client, session, [row("Sokha Chan"), row("Dara Kim", sex="?")])

    page = coordinator_client.get(batch.get_absolute_url()).content.decode()

    assert "<strong>1</strong> new person<" in page
    assert "<strong>1</strong> row with errors" in page
    assert "1 error: nothing will be saved until it is fixed" in page
    assert "new people" not in page and "rows with errors" not in page


def test_the_import_preview_counts_new_people_and_rows_with_errors_in_the_plural(
    coordinator_client,
):
    session = SessionFactory()
    rows = [row("Sokha Chan"), row("Vanna Lim"), row("Dara Kim", sex="?"), row("Bopha", age="x")]
    batch = _upload(coordinator_client, session, rows)

    page = coordinator_client.get(batch.get_absolute_url()).content.decode()

    assert "<strong>2</strong> new people" in page
    assert "<strong>2</strong> rows with errors" in page
    assert "2 errors: nothing will be saved until they are fixed" in page


def test_a_finished_import_says_one_new_person_or_many(coordinator_client):
    one = _upload(coordinator_client, SessionFactory(), [row("Sokha Chan")])
    response = coordinator_client.post(reverse("trainings:import-confirm", args=[one.pk]))
    assert _messages(response) == [
        "Import finished: 1 new person created. 0 rows matched people on record."
    ]
    page = coordinator_client.get(one.get_absolute_url()).content.decode()
    assert "Saved: 1 new person created." in page

    two = _upload(coordinator_client, SessionFactory(), [row("Dara Kim"), row("Sokha Chan")])
    response = coordinator_client.post(reverse("trainings:import-confirm", args=[two.pk]))
    assert _messages(response) == [
        "Import finished: 1 new person created. 1 row matched a person on record."
    ]


def test_a_merge_says_how_many_sessions_moved(coordinator_client):
    kept, merged = PersonFactory(full_name="Sokha Chan"), PersonFactory(full_name="Sokha Chann")
    EnrolmentFactory(person=merged)
    url = reverse("trainings:merge-preview", args=[kept.pk, merged.pk])
    page = coordinator_client.get(url).content.decode()
    assert "<td>0 sessions</td>" in page and "<td>1 session</td>" in page

    response = coordinator_client.post(url, {"full_name": "kept"})

    assert _messages(response) == [
        "The records were merged: 1 session moved to the record kept. You can undo it below."
    ]

    other, duplicate = PersonFactory(full_name="Dara Kim"), PersonFactory(full_name="Dara Kimm")
    EnrolmentFactory(person=duplicate)
    EnrolmentFactory(person=duplicate)
    response = coordinator_client.post(
        reverse("trainings:merge-preview", args=[other.pk, duplicate.pk]), {"full_name": "kept"}
    )
    assert "2 sessions moved" in _messages(response)[0]


def test_issuing_certificates_says_one_certificate_or_many(coordinator_client):
    enrolment = completed_enrolment()
    url = reverse("trainings:session-certificates", args=[enrolment.session_id])

    response = coordinator_client.post(url)
    assert _messages(response) == [
        "1 certificate is being prepared. Refresh this page in a moment."
    ]

    session = SessionFactory()
    EnrolmentFactory(session=session)
    EnrolmentFactory(session=session)
    response = coordinator_client.post(reverse("trainings:session-certificates", args=[session.pk]))
    assert _messages(response) == [
        "2 certificates are being prepared. Refresh this page in a moment."
    ]


def test_updating_one_participant_says_one_participant(coordinator_client):
    enrolment = EnrolmentFactory(status=Enrolment.Status.CONFIRMED)

    response = coordinator_client.post(
        reverse("trainings:enrolments-update", args=[enrolment.session_id]),
        {
            f"status-{enrolment.pk}": "attended",
            f"pre-{enrolment.pk}": "",
            f"post-{enrolment.pk}": "",
        },
    )

    assert _messages(response) == ["1 participant updated."]


# Import problems are stored as codes and written on reading ---------------------------------


def test_import_errors_are_stored_as_codes_with_their_values(coordinator_client):
    batch = _upload(coordinator_client, SessionFactory(), [row("Vanna Lim", country="Atlantis")])

    (error,) = batch.errors
    assert (error["code"], error["params"]) == ("unknown_country", {"value": "Atlantis"})
    # The English sentence is kept for whoever reads the JSON; pages write it again.
    assert error["message"].startswith("Unknown country “Atlantis”")
    with translation.override("fr"):
        french = error_text(error)
    assert "Atlantis" in french
    assert not french.startswith("Unknown country")  # written again, in the reader's language


def test_an_error_stored_before_codes_existed_still_shows_its_message():
    assert error_text({"row": 3, "column": "name", "message": "The name is missing."}) == (
        "The name is missing."
    )


def test_a_limit_in_an_import_message_is_grouped_the_readers_way():
    with translation.override("fr"):
        separator = get_format("THOUSAND_SEPARATOR")
        french = import_message("too_many_rows", {"max": 20_000})
    english = import_message("too_many_rows", {"max": 20_000})

    assert "more than 20,000 rows" in english
    assert f"20{separator}000" in french
    assert "20,000" not in french


# Dates and numbers ------------------------------------------------------------------------


def test_a_french_certificate_gives_its_dates_with_french_month_names():
    certificate = issued_certificate()

    with translation.override("fr"):
        html = render_to_string(
            "trainings/pdf/certificate.html", certificate_services.certificate_context(certificate)
        )

    assert 'lang="fr"' in html
    assert "3 mars 2025" in html and "14 mars 2025" in html
    assert "March" not in html


def test_a_certificate_is_written_in_the_language_of_its_session(monkeypatch):
    certificate = issued_certificate()
    session = certificate.enrolment.session
    session.language = "fr"
    session.save(update_fields=["language"])
    written: list[tuple[str, str]] = []

    def capture(target, template, context):  # noqa: ANN001, ANN202
        written.append((translation.get_language(), render_to_string(template, context)))

    monkeypatch.setattr(certificate_services, "write_pdf", capture)
    certificate = Certificate.objects.select_related(
        "enrolment__person", "enrolment__session__programme__host"
    ).get(pk=certificate.pk)
    certificate_services.render_certificate_pdf(certificate)

    ((language, html),) = written
    assert language == "fr"
    assert "3 mars 2025" in html


def test_a_session_in_a_language_the_site_does_not_speak_gets_an_english_certificate():
    session = SessionFactory(language="km")

    assert certificate_services.certificate_language(session) == "en"


def test_the_verification_page_gives_dates_in_the_visitors_language(client):
    certificate = issued_certificate()

    response = client.get(
        reverse("trainings:certificate-verify"),
        {"code": certificate.verification_code},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert "3 mars 2025" in response.content.decode()


def test_counts_in_the_statistics_are_grouped_the_readers_way():
    with translation.override("fr"):
        french = Cell(12_345).text
        separator = get_format("THOUSAND_SEPARATOR")
    assert Cell(12_345).text == "12,345"
    assert french == f"12{separator}345"


def test_chart_and_table_labels_follow_the_readers_language():
    EnrolmentFactory(person=PersonFactory(nationality="KH"))

    with translation.override("fr"):
        stats = with_charts(suppressed(training_statistics(Filters())))
    by_country = next(b for b in stats.breakdowns if b.key == "country")

    assert [row.label for row in by_country.rows] == ["Cambodge"]
    assert "Cambodge" not in str(by_country.chart)  # a group of one is not drawn in public
    with translation.override("fr"):
        exact = with_charts(training_statistics(Filters()))
    chart = str(next(b for b in exact.breakdowns if b.key == "country").chart)
    assert "Cambodge" in chart and "Cambodia" not in chart


def test_chart_titles_and_table_captions_are_whole_sentences():
    EnrolmentFactory()

    stats = with_charts(training_statistics(Filters()))
    by_kind = next(b for b in stats.breakdowns if b.key == "organisation_kind")

    assert "<title>People trained by kind of organisation</title>" in str(by_kind.chart)
    assert by_kind.sex_caption == "People trained by kind of organisation and sex"
    assert by_kind.age_caption == "People trained by kind of organisation and age band"


def test_the_public_page_is_cached_once_per_language(client):
    EnrolmentFactory.create_batch(6, person__nationality="KH")

    french = client.get("/trainings/statistics/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get("/trainings/statistics/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Cambodge" in french and "Cambodia" not in french
    assert "Cambodia" in english


# The person form ----------------------------------------------------------------------------


def test_the_age_field_has_a_capitalised_label_next_to_the_year_of_birth(coordinator_client):
    form = PersonForm()
    names = list(form.fields)

    assert form.fields["age"].label == "Age"
    assert names.index("age") == names.index("birth_year") + 1

    session = SessionFactory()
    page = coordinator_client.get(session.get_absolute_url()).content.decode()
    assert 'for="id_age">Age <span class="optional">(optional)</span>' in page
    assert ">age <" not in page
