from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exports.registry import Format, get_kind
from portal.models import User


def export_upload_to(job: ExportJob, filename: str) -> str:
    # A random folder per file: the path is never guessable, even where media is public.
    month = job.created_at or timezone.now()
    return f"exports/{month:%Y/%m}/{secrets.token_urlsafe(18)}/{filename}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user: User) -> ExportJobQuerySet:
        """The jobs a person may see: their own, or every job for a superuser."""
        return self if user.is_superuser else self.filter(owner=user)


class ExportJob(models.Model):
    """One report a person asked for: the status row its background build reports to."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    FINISHED = (Status.DONE, Status.FAILED, Status.EXPIRED)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("report"), max_length=100)
    parameters = models.JSONField(_("options"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows written"), default=0)
    total_rows = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=export_upload_to, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last sign of life: when it was (re)queued, then after every chunk of rows written.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # The Celery node building it: when that node starts again, the build was interrupted.
    claimed_by = models.CharField(_("worker"), max_length=200, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_recent"),
            # The periodic sweeps look only at unfinished and downloadable jobs.
            models.Index(
                fields=["status", "heartbeat_at"],
                condition=models.Q(status__in=["queued", "running"]),
                name="exportjob_unfinished",
            ),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(status="done"),
                name="exportjob_downloadable",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="exportjob_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed", "expired"]),
                name="exportjob_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | (models.Q(finished_at__isnull=False) & ~models.Q(file="")),
                name="exportjob_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_format_display()}, {self.get_status_display()})"

    @property
    def label(self) -> str:
        kind = get_kind(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def download_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
