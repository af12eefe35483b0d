"""Report exports: request one, build it in a worker, sweep up the stale and the expired.

A job moves queued -> running -> done (or failed), and done -> expired when its file is
deleted. Every move is a conditional UPDATE on the status, so a task delivered twice, a
worker killed mid-run and the periodic sweeps never fight over a row.

A worker killed mid-build leaves its job "running"; the redelivered task (acks_late) cannot
claim it again, so `exports_fail_stale` hands it to a worker again once its heartbeat is
STALE_AFTER old, and fails it only after MAX_ATTEMPTS builds.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import dispatch
from portal.database import when_database_answers
from portal.dispatch import send
from portal.exports import writers
from portal.exports.models import ExportJob
from portal.exports.registry import ARCHIVE_FORMATS, TABLE_FORMATS, ExportKind, Format, get_kind
from portal.i18n import Phrase
from portal.notifications.services import notify

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)

Status = ExportJob.Status

MAX_ATTEMPTS = 3
# A running job that has written nothing for this long has lost its worker (a job records its
# progress every 2,000 rows or every file; the sweep runs every minute).
STALE_AFTER = timedelta(minutes=3)
# A queued job no worker has picked up for this long is handed to the broker again (a Redis
# restart empties the queue; a job handed over twice is built once, by its claim)...
REQUEUE_AFTER = timedelta(seconds=30)
# ...until it is this old, when it is given up.
GIVE_UP_AFTER = timedelta(hours=24)
# Errors worth another try later: the database connection, not the report.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class TransientExportError(Exception):
    """The build failed for a reason that may pass; the task should try again later."""


class ExportCancelled(Exception):
    """The job stopped being ours while it was being built (a sweep marked it failed)."""


def export_request(
    *, owner: User, kind: str, fmt: str, parameters: dict[str, Any] | None = None
) -> ExportJob:
    """Record a report request and hand it to a worker once the transaction commits.

    Raises PermissionDenied when the person may not run the report and ValidationError when the
    report, format or options are wrong; nothing is written then.
    """

    export_kind = get_kind(kind)
    if export_kind is None:
        raise ValidationError(_("There is no report called “%(kind)s”."), params={"kind": kind})
    if not export_kind.allowed(owner):
        raise PermissionDenied(
            gettext("You do not have permission to run the report “%(label)s”.")
            % {"label": export_kind.label}
        )
    if fmt not in export_kind.formats:
        raise ValidationError(
            _("The report “%(label)s” is not available as %(format)s."),
            params={"label": export_kind.label, "format": fmt.upper()},
            code="format",
        )
    cleaned = export_kind.clean_parameters(parameters or {})
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=owner,
            kind=export_kind.name,
            format=fmt,
            parameters=cleaned,
            heartbeat_at=timezone.now(),
        )
        transaction.on_commit(lambda: _queue(job.pk, export_kind), robust=True)
    return job


def _queue(job_id: int, export_kind: ExportKind | None) -> None:
    """Hand the job to a worker, with the kind's own time limit when it has one."""
    from portal.exports.tasks import build_export

    if export_kind is not None and export_kind.time_limit:
        send(
            build_export,
            job_id,
            soft_time_limit=export_kind.time_limit,
            time_limit=export_kind.time_limit + 2 * 60,
        )
    else:
        send(build_export, job_id)


def export_build(*, job_id: int) -> bool:
    """Build one queued report. Returns True when this call built it.

    The row is claimed with a conditional update, so a second run of the task does nothing.
    """
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        row_count=0,
        error="",
        attempts=F("attempts") + 1,
        claimed_by=dispatch.worker_name,
    )
    if not claimed:
        return False
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    # Headers, labels and messages in the language of the person who asked.
    with _language_of(job.owner):
        try:
            name, row_count = _build_file(job)
        except ExportCancelled:
            logger.info("Export %s was given up while it was being built", job_id)
            return False
        except SoftTimeLimitExceeded:
            _fail(job, gettext("The report took too long to build and was stopped."))
            return False
        except TRANSIENT_ERRORS as exc:
            # The connection broke: drop it, so the next query opens a fresh one.
            connection.close()
            try:
                # While the database restarts, the job is handed back as soon as it answers
                # (left "running", it would wait for the stale sweep).
                requeued = job.attempts < MAX_ATTEMPTS and when_database_answers(
                    lambda: _requeue(job)
                )
            except TRANSIENT_ERRORS:
                # Still no database: the job stays "running", the sweep hands it over again.
                connection.close()
                raise TransientExportError(str(exc)) from exc
            if requeued:
                raise TransientExportError(str(exc)) from exc
            logger.exception("Export %s failed for good", job_id)
            _fail(job, gettext("The report could not be built: the database was unavailable."))
            return False
        except (ValidationError, PermissionDenied) as exc:
            _fail(job, _readable(exc))
            return False
        except Exception as exc:
            logger.exception("Export %s failed", job_id)
            _fail(
                job,
                gettext("The report could not be built because of an error (%(error)s).")
                % {"error": type(exc).__name__},
            )
            return False
        return _finish(job, name=name, row_count=row_count)


def _build_file(job: ExportJob) -> tuple[str, int]:
    """Write the report to a temporary file, then store it. Returns (stored name, rows or files)."""
    export_kind = get_kind(job.kind)
    if export_kind is None:
        raise ValidationError(gettext("This report is no longer available."))
    if not export_kind.allowed(job.owner):
        raise PermissionDenied(gettext("You no longer have permission to run this report."))
    # Checked again: the options were stored as JSON and the data may have changed since.
    parameters = export_kind.clean_parameters(job.parameters)
    suffix = f".{job.format}"
    filename = f"{export_kind.filename_for(parameters)}-{timezone.localdate():%Y-%m-%d}{suffix}"
    with tempfile.TemporaryFile(suffix=suffix) as target:
        if job.format in TABLE_FORMATS:
            table = export_kind.rows(parameters)
            _record_progress(job, rows=0, total=table.count)
            on_chunk = _progress_recorder(job, total=table.count)
            if job.format == Format.CSV:
                row_count = writers.write_csv(target, table.headers, table.rows, on_chunk)
            else:
                row_count = writers.write_xlsx(
                    target, table.headers, table.rows, on_chunk, title=str(export_kind.label)
                )
        elif job.format in ARCHIVE_FORMATS:
            archive = export_kind.files(parameters)
            _record_progress(job, rows=0, total=archive.count)
            on_file = _progress_recorder(job, total=archive.count)
            row_count = writers.write_zip(target, archive.files, on_file)
        else:
            document = export_kind.document(parameters)
            _record_progress(job, rows=0, total=None, progress=50)
            writers.write_pdf(target, document.template, document.context)
            row_count = 0
        target.seek(0)
        storage = job.file.storage
        name = storage.save(job.file.field.generate_filename(job, filename), File(target, filename))
    return name, row_count


def _progress_recorder(job: ExportJob, *, total: int) -> writers.ProgressCallback:
    def record(rows: int) -> None:
        # The writer may still zip the file after the last row: 99% until it is stored.
        progress = min(rows * 100 // total, 99) if total else 99
        _record_progress(job, rows=rows, total=total, progress=progress)

    return record


def _record_progress(job: ExportJob, *, rows: int, total: int | None, progress: int = 0) -> None:
    updated = ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
        row_count=rows, total_rows=total, progress=progress, heartbeat_at=timezone.now()
    )
    if not updated:
        raise ExportCancelled


def _finish(job: ExportJob, *, name: str, row_count: int) -> bool:
    now = timezone.now()
    with transaction.atomic():
        finished = ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.DONE,
            file=name,
            row_count=row_count,
            progress=100,
            finished_at=now,
            heartbeat_at=now,
            expires_at=now + timedelta(days=settings.EXPORTS_EXPIRE_DAYS),
        )
        if finished:
            notify(
                [job.owner],
                "exports.ready",
                title=Phrase(_("Your report “%(label)s” is ready"), label=_label(job)),
                # A Phrase's parameters have no date type: the date is written in the owner's
                # language, the one their email goes out in.
                body=Phrase(
                    _("You can download it until %(date)s."),
                    date=_date(now + timedelta(days=settings.EXPORTS_EXPIRE_DAYS)),
                ),
                url=reverse("exports:detail", args=[job.pk]),
            )
    if not finished:
        # A sweep gave up on the job while the file was being stored: do not keep an orphan.
        job.file.storage.delete(name)
    return bool(finished)


def _fail(job: ExportJob, error: str, *, from_status: str = Status.RUNNING) -> bool:
    with transaction.atomic():
        failed = ExportJob.objects.filter(pk=job.pk, status=from_status).update(
            status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
        )
        if failed:
            _notify_failed(job, error)
    return bool(failed)


def _notify_failed(job: ExportJob, error: str) -> None:
    notify(
        [job.owner],
        "exports.failed",
        title=Phrase(_("Your report “%(label)s” could not be built"), label=_label(job)),
        # Written in the owner's language, as it is kept on the job.
        body=error,
        url=reverse("exports:detail", args=[job.pk]),
    )


def _requeue(job: ExportJob) -> bool:
    return bool(
        ExportJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(
            status=Status.QUEUED, heartbeat_at=timezone.now()
        )
    )


def exports_resume_interrupted(*, node: str) -> int:
    """A worker node starts again: the builds it was running when it stopped are queued again
    now (or failed, after MAX_ATTEMPTS) instead of after STALE_AFTER. Returns how many."""
    interrupted = list(
        ExportJob.objects.filter(status=Status.RUNNING, claimed_by=node).select_related("owner")
    )
    _interrupted_handle(interrupted)
    return len(interrupted)


def _interrupted_handle(jobs: Iterable[ExportJob]) -> int:
    """Build again the running jobs whose worker died; fail those out of attempts. Returns how
    many were failed."""
    failed = 0
    for job in jobs:
        if job.attempts < MAX_ATTEMPTS:
            # Its worker died or lost the database: built again from the start.
            if _requeue(job):
                _queue(job.pk, get_kind(job.kind))
            continue
        with _language_of(job.owner):
            error = gettext(
                "The report stopped while it was being built (the worker stopped answering). "
                "Please ask for it again."
            )
            failed += _fail(job, error)
    return failed


def exports_fail_stale(*, stale_after: timedelta = STALE_AFTER) -> int:
    """Fail running jobs whose worker went quiet; hand long-queued jobs to the broker again.

    Returns how many jobs were marked failed.
    """

    now = timezone.now()
    failed = _interrupted_handle(
        ExportJob.objects.filter(
            status=Status.RUNNING, heartbeat_at__lt=now - stale_after
        ).select_related("owner")
    )

    abandoned = ExportJob.objects.filter(
        status=Status.QUEUED, created_at__lt=now - GIVE_UP_AFTER
    ).select_related("owner")
    for job in abandoned:
        with _language_of(job.owner):
            error = gettext("No worker was available to build the report. Please ask for it again.")
            failed += _fail(job, error, from_status=Status.QUEUED)

    waiting = dict(
        ExportJob.objects.filter(
            status=Status.QUEUED, heartbeat_at__lt=now - REQUEUE_AFTER
        ).values_list("pk", "kind")
    )
    # Mark them first, so the next sweep waits another REQUEUE_AFTER before sending them again.
    ExportJob.objects.filter(pk__in=waiting, status=Status.QUEUED).update(heartbeat_at=now)
    for job_id, kind in waiting.items():
        _queue(job_id, get_kind(kind))
    return failed


def exports_delete_expired(*, now: datetime | None = None) -> int:
    """Delete the files of reports past their expiry date. Returns how many were deleted."""
    now = now or timezone.now()
    expired = 0
    for job_id, name in ExportJob.objects.filter(
        status=Status.DONE, expires_at__lte=now
    ).values_list("pk", "file"):
        # Mark it first: from here on nobody is offered a download of the file being deleted.
        if not ExportJob.objects.filter(pk=job_id, status=Status.DONE).update(
            status=Status.EXPIRED, file=""
        ):
            continue
        try:
            ExportJob.file.field.storage.delete(name)
        except OSError:
            logger.exception("Could not delete the file %s of expired export %s", name, job_id)
        expired += 1
    return expired


def _language_of(user: User) -> translation.override:
    return translation.override(user.preferred_language or settings.LANGUAGE_CODE)


def _readable(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc) or gettext("You do not have permission to run this report.")


def _label(job: ExportJob) -> str | Promise:
    """The kind's label as given (a lazy one is stored as its message id), else its name."""
    kind = get_kind(job.kind)
    return kind.label if kind else job.kind


def _date(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATE_FORMAT")
