"""Celery tasks for certificates: thin wrappers taking ids (imported by trainings.registrations,
since Celery's autodiscovery only looks for `tasks` modules)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from trainings.services import certificates


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    max_retries=3,
    soft_time_limit=2 * 60,
    time_limit=3 * 60,
)
def generate_certificate(certificate_id: int) -> bool:
    return certificates.certificate_generate(certificate_id=certificate_id)


@shared_task(soft_time_limit=60, time_limit=90)
def requeue_pending_certificates() -> int:
    return certificates.certificates_requeue_pending()
