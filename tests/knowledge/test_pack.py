"""The offline reading pack: a PDF of the practices on a filtered list, built as a report."""

import pytest
from django.urls import reverse
from django.utils import translation

from knowledge.exports import PACK, PACK_MAX_PRACTICES, pack_document, pack_parameters
from knowledge.models import Outcome, Practice
from portal.exports.models import ExportJob
from portal.exports.services import export_build, export_request
from tests.exports.helpers import file_bytes, pdf_text_objects, wait_for_job
from tests.factories import UserFactory

from .factories import PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_list_form_asks_for_a_pack_and_shows_its_progress_page(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("knowledge:pack"),
        {"q": "survey", "country": ["KH", "CO"], "theme": "land-release", "page": "2"},
    )

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:detail", args=[job.pk])
    assert (job.owner, job.kind, job.format) == (user, PACK, "pdf")
    assert job.parameters == {"q": "survey", "country": "KH,CO", "theme": "land-release"}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Offline reading pack" in page.content.decode()
    assert "KH,CO" in page.content.decode()
    reports = client.get(reverse("exports:list"))
    assert reports.status_code == 200
    assert "Offline reading pack" in reports.content.decode()


def test_visitors_must_sign_in_for_a_pack(client):
    response = client.post(reverse("knowledge:pack"), {"q": "survey"})
    assert response.status_code == 302
    assert not ExportJob.objects.exists()


def test_the_pack_is_a_pdf_with_the_titles_of_the_matching_practices():
    land = ThemeFactory(name="Land release", slug="land-release")
    PracticeFactory(title="Land release in Battambang", countries=["KH"], themes=[land])
    colombia = PracticeFactory(
        title="Survey days cut in Colombia", countries=["CO"], themes=[land], has_outcomes=True
    )
    Outcome.objects.create(practice=colombia, indicator="Days per survey", baseline=20, result=7)
    PracticeFactory(title="Victim assistance in Angola", countries=["AO"])
    PracticeFactory(
        title="Draft not for the pack",
        status=Practice.Status.DRAFT,
        published_at=None,
        themes=[land],
    )
    job = export_request(
        owner=UserFactory(), kind=PACK, fmt="pdf", parameters={"theme": "land-release"}
    )

    assert export_build(job_id=job.pk) is True

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    data = file_bytes(job)
    assert data.startswith(b"%PDF-")
    text = pdf_text_objects(data)
    assert b"Land release in Battambang" in text
    assert b"Survey days cut in Colombia" in text
    assert b"Victim assistance in Angola" not in text
    assert b"Draft not for the pack" not in text


def test_members_only_practices_are_in_a_members_pack():
    PracticeFactory(title="Members only practice", visibility=Practice.Visibility.MEMBERS)
    document = pack_document({})
    assert [p.title for p in document.context["practices"]] == ["Members only practice"]


def test_a_pack_holds_at_most_fifty_practices():
    author = UserFactory()
    Practice.objects.bulk_create(
        PracticeFactory.build(slug=f"p-{n}", title=f"P {n}", author=author)
        for n in range(PACK_MAX_PRACTICES + 5)
    )
    document = pack_document({})
    assert len(document.context["practices"]) == PACK_MAX_PRACTICES


def test_repeated_list_filters_become_one_stored_value_each():
    from django.http import QueryDict

    params = QueryDict("country=KH&country=LA&q=dogs&outcomes=1&csrfmiddlewaretoken=x&page=4")
    assert pack_parameters(params) == {"country": "KH,LA", "q": "dogs", "outcomes": "1"}


@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_the_pack(celery_worker):
    PracticeFactory(title="Mine detection dogs in Cambodia")
    job = export_request(owner=UserFactory(), kind=PACK, fmt="pdf", parameters={"q": "dogs"})

    job = wait_for_job(job)

    assert job.status == ExportJob.Status.DONE, job.error
    assert b"Mine detection dogs in Cambodia" in pdf_text_objects(file_bytes(job))


def test_the_reports_page_does_not_offer_the_pack_form_but_the_list_does(client):
    PracticeFactory()
    client.force_login(UserFactory())
    reports = client.get(reverse("exports:list")).content.decode()
    assert "Offline reading pack" not in reports
    practices = client.get(reverse("knowledge:practice-list")).content.decode()
    assert reverse("knowledge:pack") in practices


def test_the_pack_names_its_kind_and_language_filters_as_people_read_them():
    PracticeFactory(kind=Practice.Kind.CASE_STUDY, language="fr")

    with translation.override("en"):
        document = pack_document({"kind": "case_study", "language": "fr"})
        filters = {label: str(value) for label, value in document.context["filters"]}

    assert filters["Kinds"] == "Case study"
    assert filters["Languages"] == "French"
