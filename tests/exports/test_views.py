import re
from collections.abc import Callable

import pytest
from django.urls import reverse

from portal.exports.models import ExportJob
from portal.exports.registry import ExportKind, Format, Rows
from tests.factories import OrganisationFactory, UserFactory

from .factories import DoneExportJobFactory, ExportJobFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_enqueue(broker_queue) -> Callable[[], list[int]]:
    return lambda: [args[0] for args in broker_queue("portal.exports.tasks.build_export")]


def urls(job: ExportJob) -> list[str]:
    return [
        reverse("exports:detail", args=[job.pk]),
        reverse("exports:status", args=[job.pk]),
        reverse("exports:download", args=[job.pk]),
    ]


def test_anonymous_visitor_is_sent_to_sign_in(client):
    job = DoneExportJobFactory()
    for url in [reverse("exports:list"), *urls(job)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_another_person_gets_404_for_a_report_not_theirs(client):
    job = DoneExportJobFactory()
    client.force_login(StaffFactory())
    for url in urls(job):
        assert client.get(url).status_code == 404


def test_owner_downloads_the_file_as_an_attachment(client):
    job = DoneExportJobFactory()
    client.force_login(job.owner)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Name\r\nCMAC\r\n"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_superuser_may_open_anyones_report(client):
    job = DoneExportJobFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 200


def test_report_without_a_file_has_nothing_to_download(client):
    job = ExportJobFactory(status=ExportJob.Status.RUNNING)
    client.force_login(job.owner)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_staff_asks_for_a_report_and_lands_on_its_page(client, no_enqueue):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("exports:request"),
        {"kind": "portal.organisations", "format": "xlsx"},
        follow=True,
    )
    job = ExportJob.objects.get()
    assert (job.owner, job.format, job.status) == (staff, "xlsx", ExportJob.Status.QUEUED)
    assert response.redirect_chain == [(reverse("exports:detail", args=[job.pk]), 302)]
    assert "Your report has been requested." in response.content.decode()


def test_with_the_broker_down_a_report_request_is_kept_and_built_once_it_is_back(
    client, broker_queue, broker_down, django_capture_on_commit_callbacks
):
    """Issue 15: the request answered 500 with Redis down. Now the job is recorded, the person
    lands on its page, and the sweep hands it to a worker when the broker is back."""
    import datetime

    from django.utils import timezone

    from portal.exports import services

    client.force_login(staff := StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:request"), {"kind": "portal.organisations", "format": "csv"}
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.owner, job.status) == (staff, ExportJob.Status.QUEUED)
    broker_down()  # back
    ExportJob.objects.update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=40))
    services.exports_fail_stale()
    assert [args[0] for args in broker_queue("portal.exports.tasks.build_export")] == [job.pk]


def test_country_option_comes_from_the_form(client, no_enqueue):
    OrganisationFactory(country="ZM")
    client.force_login(StaffFactory())
    client.post(
        reverse("exports:request"),
        {"kind": "portal.organisations", "format": "csv", "country": "ZM"},
    )
    assert ExportJob.objects.get().parameters == {"country": "ZM"}


def test_member_asking_for_the_staff_report_is_told_why_and_nothing_is_created(client, no_enqueue):
    client.force_login(UserFactory())
    response = client.post(
        reverse("exports:request"), {"kind": "portal.organisations", "format": "csv"}
    )
    assert response.status_code == 403
    assert "You do not have permission to run the report" in response.content.decode()
    assert not ExportJob.objects.exists()
    assert no_enqueue() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "payroll", "format": "csv"}, "There is no report called"),
        ({"kind": "portal.organisations", "format": "pdf"}, "is not available as PDF"),
        ({"kind": "portal.organisations", "format": "docx"}, "is not a format reports come in"),
        ({"format": "csv"}, "Choose a report to create"),
    ],
)
def test_bad_request_is_explained_and_nothing_is_created(client, no_enqueue, data, message):
    client.force_login(StaffFactory())
    response = client.post(reverse("exports:request"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExportJob.objects.exists()


def test_request_needs_post(client):
    client.force_login(StaffFactory())
    assert client.get(reverse("exports:request")).status_code == 405


def test_list_offers_staff_reports_only_to_staff(client):
    client.force_login(UserFactory())
    member_page = client.get(reverse("exports:list")).content.decode()
    assert "Organisations list" not in member_page
    client.force_login(StaffFactory())
    staff_page = client.get(reverse("exports:list")).content.decode()
    assert "Organisations list" in staff_page
    assert "Organisations by kind and country" in staff_page


def test_list_says_so_when_there_is_no_report_to_create(client, monkeypatch):
    from portal.exports import registry

    monkeypatch.setattr(registry, "_kinds", {})
    client.force_login(UserFactory())
    page = client.get(reverse("exports:list")).content.decode()
    assert "There are no reports you can create yet" in page


def test_kind_asked_for_from_its_own_page_is_not_offered_on_the_list(
    client, register_kind, no_enqueue
):
    register_kind(
        ExportKind(
            name="tests.pack",
            label="Reading pack from a search",
            description="",
            allowed=lambda user: True,
            formats=(Format.CSV,),
            filename="pack",
            rows=lambda parameters: Rows(headers=["n"], rows=iter(()), count=0),
            listed=False,
        )
    )
    client.force_login(UserFactory())
    assert "Reading pack from a search" not in client.get(reverse("exports:list")).content.decode()
    response = client.post(reverse("exports:request"), {"kind": "tests.pack", "format": "csv"})
    assert response.status_code == 302
    assert ExportJob.objects.get().kind == "tests.pack"


def test_list_shows_only_your_own_reports(client):
    mine = DoneExportJobFactory()
    DoneExportJobFactory(kind="portal.organisations_summary", format="pdf")
    client.force_login(mine.owner)
    page = client.get(reverse("exports:list")).content.decode()
    assert reverse("exports:download", args=[mine.pk]) in page
    # Its page and its download, and no link to the other person's job.
    assert len(re.findall(r'href="/exports/\d+/', page)) == 2


@pytest.mark.parametrize("jobs", [2, 30])
def test_list_page_query_count_stays_flat(client, django_assert_max_num_queries, jobs):
    owner = StaffFactory()
    OrganisationFactory.create_batch(3)
    ExportJobFactory.create_batch(jobs, owner=owner)
    client.force_login(owner)
    # session, user, roles and unread notifications (base.html), countries for the filter,
    # count, page
    with django_assert_max_num_queries(7):
        response = client.get(reverse("exports:list"))
    assert response.status_code == 200


def test_job_page_shows_progress_polls_and_is_not_cached(client):
    job = ExportJobFactory(status=ExportJob.Status.RUNNING, progress=40, total_rows=5000)
    ExportJob.objects.filter(pk=job.pk).update(row_count=2000)
    client.force_login(job.owner)
    response = client.get(reverse("exports:detail", args=[job.pk]))
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert '<progress value="40" max="100"' in page
    assert "2,000 of 5,000 rows written." in page
    assert f'hx-get="{reverse("exports:status", args=[job.pk])}"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page


def test_finished_job_page_offers_the_download_and_stops_polling(client):
    job = DoneExportJobFactory()
    client.force_login(job.owner)
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert reverse("exports:download", args=[job.pk]) in page
    assert "hx-get" not in page
    assert "http-equiv" not in page


def test_status_partial_tells_htmx_to_stop_once_finished(client):
    job = ExportJobFactory(status=ExportJob.Status.RUNNING)
    client.force_login(job.owner)
    url = reverse("exports:status", args=[job.pk])
    running = client.get(url, headers={"HX-Request": "true"})
    assert running.status_code == 200
    assert "<html" not in running.content.decode()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error="Broken.")
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished.status_code == 286
    assert "Broken." in finished.content.decode()


def test_failed_job_page_shows_the_error_and_offers_to_ask_again(client):
    job = ExportJobFactory(
        status=ExportJob.Status.FAILED, error="Country: Select a valid choice.", parameters={}
    )
    client.force_login(job.owner)
    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "Country: Select a valid choice." in page
    assert "Ask for it again" in page
