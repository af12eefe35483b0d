"""Certificates: issue them for a session's completed enrolments, build their PDFs in a worker.

A certificate row is created "pending" with its number and verification code; a worker renders
the PDF and marks it "ready" (or "failed" with the reason). The worker claims the row by
locking it (SKIP LOCKED) while it is still pending, so a task delivered twice builds it once.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.dispatch import send, send_on_commit
from portal.exports.writers import write_pdf
from trainings.models import Certificate, Enrolment, Person, Session

if TYPE_CHECKING:
    from portal.models import User

logger = logging.getLogger(__name__)

Status = Certificate.Status

# RFC 4648 base32: no 0/1/8/9, so nothing is mistaken for O, I or B when read off paper.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH = 10  # 50 bits: not guessable, short enough to type
NUMBER_PREFIX = "JC"


def new_verification_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """The code as stored, from what someone typed (any case, spaces or dashes)."""
    cleaned = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if len(cleaned) != CODE_LENGTH:
        return ""
    return f"{cleaned[:5]}-{cleaned[5:]}"


def certificate_number(enrolment: Enrolment, year: int) -> str:
    # The enrolment's id makes it unique without a counter to lock.
    return f"{NUMBER_PREFIX}-{year}-{enrolment.pk:06d}"


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('trainings:certificate-verify')}?code={code}"


def display_name(person: Person) -> str:
    """The name a certificate shows: never the real one once the person is anonymised."""
    if person.is_anonymised:
        return gettext("Anonymised participant")
    return person.full_name


def certificates_issue(*, session: Session, issued_by: User | None = None) -> int:
    """Create the missing certificates of a session's completed enrolments and build them.

    Failed ones are tried again. Returns how many certificates are being built.
    """
    from trainings.tasks_certificates import generate_certificate

    with transaction.atomic():
        missing = Enrolment.objects.filter(
            session=session,
            status=Enrolment.Status.COMPLETED,
            person__merged_into__isnull=True,
            certificate__isnull=True,
        ).order_by("pk")
        year = session.start_date.year
        Certificate.objects.bulk_create(
            [
                Certificate(
                    enrolment=enrolment,
                    number=certificate_number(enrolment, year),
                    verification_code=new_verification_code(),
                )
                for enrolment in missing
            ],
            # Two coordinators pressing the button at once: the second adds nothing.
            ignore_conflicts=True,
        )
        Certificate.objects.filter(enrolment__session=session, status=Status.FAILED).update(
            status=Status.PENDING, error=""
        )
        pending = list(
            Certificate.objects.filter(
                enrolment__session=session, status=Status.PENDING
            ).values_list("pk", flat=True)
        )
        for certificate_id in pending:
            send_on_commit(generate_certificate, certificate_id)
    if issued_by is not None:
        logger.info(
            "User %s asked for %s certificates of session %s",
            issued_by.pk,
            len(pending),
            session.pk,
        )
    return len(pending)


def certificates_reissue_for_person(*, person_id: int) -> int:
    """Rebuild a person's certificates, e.g. after anonymisation, so no file keeps the old name."""
    from trainings.tasks_certificates import generate_certificate

    with transaction.atomic():
        certificates = list(
            Certificate.objects.select_for_update()
            .filter(enrolment__person_id=person_id)
            .exclude(status=Status.PENDING)
        )
        for certificate in certificates:
            if certificate.file:
                name = certificate.file.name
                transaction.on_commit(
                    lambda name=name: Certificate.file.field.storage.delete(name), robust=True
                )
            certificate.file = ""
            certificate.status = Status.PENDING
            certificate.error = ""
            certificate.save(update_fields=["file", "status", "error"])
            send_on_commit(generate_certificate, certificate.pk)
    return len(certificates)


def certificate_generate(*, certificate_id: int) -> bool:
    """Build one pending certificate's PDF. Returns True when this call built it."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("enrolment__person", "enrolment__session__programme__host")
            .filter(pk=certificate_id, status=Status.PENDING)
            .first()
        )
        if certificate is None:
            return False
        try:
            pdf = render_certificate_pdf(certificate)
        except Exception as exc:
            logger.exception("Certificate %s could not be built", certificate_id)
            certificate.status = Status.FAILED
            # The kind of error only: the page says what it means in its reader's language.
            certificate.error = type(exc).__name__
            certificate.save(update_fields=["status", "error"])
            return False
        certificate.file.save(f"{certificate.number}.pdf", ContentFile(pdf), save=False)
        certificate.status = Status.READY
        certificate.error = ""
        certificate.issued_at = timezone.now()
        certificate.save(update_fields=["file", "status", "error", "issued_at"])
    return True


# A pending certificate is the durable intent of its PDF: the sweep sends again the ones whose task
# the broker lost. A session whose certificates are still being built is left to its queue.
REQUEUE_AFTER = timedelta(seconds=45)
STILL_MOVING = timedelta(seconds=20)
REQUEUE_BATCH = 2000


def certificates_requeue_pending(*, now: datetime | None = None) -> int:
    """Hand again to a worker the certificates left pending. Returns how many."""
    from trainings.tasks_certificates import generate_certificate

    now = now or timezone.now()
    moving = Certificate.objects.filter(
        status=Status.READY, issued_at__gte=now - STILL_MOVING
    ).values("enrolment__session_id")
    waiting = list(
        Certificate.objects.filter(status=Status.PENDING, created_at__lt=now - REQUEUE_AFTER)
        .exclude(enrolment__session_id__in=moving)
        .order_by("pk")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    for certificate_id in waiting:
        send(generate_certificate, certificate_id)
    return len(waiting)


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    enrolment = certificate.enrolment
    session = enrolment.session
    programme = session.programme
    url = verification_url(certificate.verification_code)
    funders = list(programme.funders.order_by("name"))
    return {
        "certificate": certificate,
        "name": display_name(enrolment.person),
        "session": session,
        "programme": programme,
        "host": programme.host,
        "funders": funders,
        "funder_names": ", ".join(funder.name for funder in funders),
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "issued_on": timezone.localdate(),
    }


def certificate_language(session: Session) -> str:
    """A certificate is written in the language of its session when the site speaks it."""
    languages = {code for code, _name in settings.LANGUAGES}
    return session.language if session.language in languages else settings.LANGUAGE_CODE


def render_certificate_pdf(certificate: Certificate) -> bytes:
    buffer = io.BytesIO()
    with translation.override(certificate_language(certificate.enrolment.session)):
        write_pdf(buffer, "trainings/pdf/certificate.html", certificate_context(certificate))
    return buffer.getvalue()


def qr_svg(text: str) -> str:
    """A QR code as inline SVG markup (drawn by WeasyPrint without fetching anything)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    markup = image.to_string(encoding="unicode")
    return re.sub(r"^<\?xml[^>]*>\s*", "", markup)


def certificate_is_stale(certificate: Certificate) -> bool:
    """Whether the stored PDF was built before its person was anonymised (it has the old name)."""
    person = certificate.enrolment.person
    return person.is_anonymised and (
        certificate.issued_at is None or certificate.issued_at < person.anonymised_at
    )
