from celery import shared_task

from portal.exports import services


# Longer than the global limits: a large report streams for minutes. On the soft limit the
# service marks the job failed; the hard limit only catches a build that ignores it.
@shared_task(
    autoretry_for=(services.TransientExportError,),
    retry_backoff=30,
    retry_backoff_max=10 * 60,
    max_retries=services.MAX_ATTEMPTS,
    soft_time_limit=30 * 60,
    time_limit=32 * 60,
)
def build_export(job_id: int) -> bool:
    return services.export_build(job_id=job_id)


@shared_task(soft_time_limit=4 * 60, time_limit=5 * 60)
def fail_stale_exports() -> int:
    return services.exports_fail_stale()


@shared_task(soft_time_limit=30 * 60, time_limit=32 * 60)
def delete_expired_exports() -> int:
    return services.exports_delete_expired()
