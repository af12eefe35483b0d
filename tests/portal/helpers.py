import base64
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

from portal import services
from portal.models import Email


def deliver_queued_emails() -> list[Email]:
    """Do what the worker does for every queued email (for tests that run no worker)."""
    queued = list(Email.objects.filter(status=Email.Status.QUEUED))
    for email in queued:
        services.email_deliver(email_id=email.pk)
    return queued


def wait_for_mail(mail_dir: Path, count: int = 1, timeout: float = 20) -> list[str]:
    """The messages a worker wrote to the mail folder, waiting for them to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []
        if len(files) >= count:
            return [file.read_text() for file in files]
        time.sleep(0.1)
    raise AssertionError(f"expected {count} email(s) in {mail_dir} within {timeout}s")


def first_link(text: str, path_prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S*)", text)
    assert match, f"no link to {path_prefix} in:\n{text}"
    return match.group(1)


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code, computed independently of allauth."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def use_catalogue(settings, folder: Path, language: str, entries: dict[str, str]) -> None:
    """A small catalogue of our own for `language`: the project's may not hold these strings
    yet. Changing LOCALE_PATHS empties Django's translation cache, before and after the test."""
    import polib

    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for msgid, msgstr in entries.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    messages = folder / language / "LC_MESSAGES"
    messages.mkdir(parents=True, exist_ok=True)
    po.save_as_mofile(str(messages / "django.mo"))
    settings.LOCALE_PATHS = [str(folder)]
