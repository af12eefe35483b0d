from django.conf import settings

from portal.celery import app


def test_beat_schedule_names_tasks_the_worker_knows():
    from portal.exports import tasks  # noqa: F401 - registers the tasks

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in (
        "portal.exports.tasks.fail_stale_exports",
        "portal.exports.tasks.delete_expired_exports",
    ):
        assert name in scheduled
        assert name in app.tasks


def test_build_task_has_a_soft_time_limit_below_its_hard_limit():
    from portal.exports.tasks import build_export

    assert build_export.soft_time_limit < build_export.time_limit
    assert build_export.time_limit < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
