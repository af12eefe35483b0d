"""ZIP archives: files made one at a time by the kind, progress after every file."""

import io
import zipfile

import pytest
from django.urls import reverse

from portal.exports import services
from portal.exports.models import ExportJob
from portal.exports.registry import ExportKind, Files, Format
from portal.exports.writers import write_zip

from .factories import ExportJobFactory, StaffFactory
from .helpers import file_bytes, wait_for_job


def zip_kind(name: str, files) -> ExportKind:  # noqa: ANN001
    return ExportKind(
        name=name,
        label="Letters",
        description="",
        allowed=lambda user: True,
        formats=(Format.ZIP,),
        filename="letters",
        files=files,
    )


def test_zip_holds_each_file_stored_under_its_name_and_reports_every_file():
    calls = []
    made = []

    def letter(text: str) -> bytes:
        # Made only when its turn comes: the one before is in the archive already.
        made.append((text, len(calls)))
        return text.encode()

    target = io.BytesIO()
    count = write_zip(
        target,
        [("a.txt", b"first"), ("b.txt", lambda: letter("second")), ("c.txt", b"third")],
        calls.append,
    )

    assert count == 3
    assert calls == [1, 2, 3]
    assert made == [("second", 1)]
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["a.txt", "b.txt", "c.txt"]
        assert archive.read("b.txt") == b"second"
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}


def test_an_empty_zip_is_still_an_archive_and_reports_nothing_written():
    calls = []
    target = io.BytesIO()

    assert write_zip(target, [], calls.append) == 0

    assert calls == [0]
    assert zipfile.ZipFile(target).namelist() == []


def test_two_files_of_the_same_name_are_refused():
    with pytest.raises(ValueError, match="a.txt"):
        write_zip(io.BytesIO(), [("a.txt", b"1"), ("a.txt", b"2")], lambda count: None)


def test_a_kind_offering_zip_must_say_where_its_files_come_from():
    with pytest.raises(ValueError, match="offers ZIP but has no files"):
        zip_kind("tests.no_files", None)


@pytest.mark.django_db
def test_progress_and_heartbeat_are_recorded_after_every_file(register_kind):
    seen = []

    def watched(number: int) -> bytes:
        seen.append(ExportJob.objects.values_list("progress", "row_count", "total_rows").get())
        return f"letter {number}".encode()

    def files(parameters: dict) -> Files:
        return Files(
            files=((f"{n}.txt", lambda n=n: watched(n)) for n in range(4)),
            count=4,
        )

    register_kind(zip_kind("tests.letters", files))
    job = ExportJobFactory(kind="tests.letters", format="zip")

    services.export_build(job_id=job.pk)

    job.refresh_from_db()
    assert seen == [(0, 0, 4), (25, 1, 4), (50, 2, 4), (75, 3, 4)]
    assert (job.status, job.progress, job.row_count, job.total_rows) == ("done", 100, 4, 4)
    assert job.download_name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(file_bytes(job))) as archive:
        assert archive.read("3.txt") == b"letter 3"


@pytest.mark.django_db
def test_a_file_that_cannot_be_made_fails_the_job_with_no_file(register_kind, media_root):
    def files(parameters: dict) -> Files:
        def broken() -> bytes:
            raise RuntimeError("printer on fire")

        return Files(files=[("a.txt", b"a"), ("b.txt", broken)], count=2)

    register_kind(zip_kind("tests.broken_letters", files))
    job = ExportJobFactory(kind="tests.broken_letters", format="zip")

    services.export_build(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "The report could not be built because of an error (RuntimeError)."
    assert not list(media_root.rglob("*.zip"))


def test_worker_builds_a_zip_and_its_page_offers_it_as_a_zip(client, celery_worker, register_kind):
    register_kind(
        zip_kind(
            "tests.worker_letters",
            lambda parameters: Files(files=[("hello.txt", lambda: b"hello")], count=1),
        )
    )
    owner = StaffFactory()
    job = services.export_request(owner=owner, kind="tests.worker_letters", fmt="zip")
    job = wait_for_job(job)
    assert job.status == ExportJob.Status.DONE, job.error
    client.force_login(owner)

    page = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    download = client.get(reverse("exports:download", args=[job.pk]))

    assert "1 file." in page
    assert "Download ZIP" in page
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.read("hello.txt") == b"hello"


@pytest.mark.django_db(transaction=True)
def test_a_kind_with_its_own_time_limit_is_queued_with_it():
    """A ZIP of 20,000 certificates takes longer than build_export's 30 minutes: the job goes to
    the broker with the certificates kind's own limits, other reports with the task's."""
    import json

    import redis
    from django.conf import settings

    from portal.celery import app as celery_app
    from trainings import certificate_exports

    kind = certificate_exports.SESSION_CERTIFICATES
    assert kind.time_limit and kind.time_limit > 30 * 60
    celery_app.control.purge()
    services._queue(ExportJobFactory().pk, kind)
    services._queue(ExportJobFactory().pk, None)

    queued = redis.Redis.from_url(settings.CELERY_BROKER_URL).lrange("celery", 0, -1)
    limits = sorted(json.loads(message)["headers"]["timelimit"] for message in queued)
    assert limits == [[32 * 60, 30 * 60], [kind.time_limit + 120, kind.time_limit]]
    celery_app.control.purge()
