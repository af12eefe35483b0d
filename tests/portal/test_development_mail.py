"""In development every email is a file under the project's var/mail/ (the README says so)."""

import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings as django_settings

from portal import services

BASE_DIR = Path(django_settings.BASE_DIR)


def mail_settings(**env: str) -> str:
    code = (
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "1",
            "PYTHONPATH": str(BASE_DIR),
            **env,
        },
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_development_mail_goes_to_the_projects_var_mail_whatever_the_current_folder():
    backend, path = mail_settings(
        DATABASE_URL="postgres://x@127.0.0.1/x", REDIS_URL="redis://x"
    ).split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path == str(BASE_DIR / "var" / "mail")


def test_an_absolute_filemail_url_is_kept_absolute():
    _backend, path = mail_settings(
        EMAIL_URL="filemail:///srv/portal/mail",
        DATABASE_URL="postgres://x@127.0.0.1/x",
        REDIS_URL="redis://x",
    ).split()
    assert path == "/srv/portal/mail"


def test_the_worker_writes_a_sent_email_to_var_mail(celery_worker, settings):
    # pytest-django swaps in the in-memory backend; put back the development one (tested above).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    folder = Path(settings.EMAIL_FILE_PATH)
    assert folder == BASE_DIR / "var" / "mail"
    before = set(folder.glob("*.log")) if folder.exists() else set()
    email = services.email_queue(
        to="olena@example.org", subject="Ваш звіт готовий", body_text="Олена, звіт готовий."
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        new = set(folder.glob("*.log")) - before
        texts = [file.read_text() for file in new]
        if any("olena@example.org" in text for text in texts):
            break
        time.sleep(0.1)
    else:
        email.refresh_from_db()
        raise AssertionError(f"no email appeared in {folder}: {email.status} {email.error}")
