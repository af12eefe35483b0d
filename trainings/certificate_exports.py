"""A session's certificates as one ZIP, built by a worker through portal.exports.

The web request only records the job: reading a thousand PDFs (or rendering them) would hold a
web worker for minutes. The worker issues the certificates still missing, builds each PDF not
built yet (or built before its person was anonymised) through the certificate services, so the
session's page shows them ready too, and adds one PDF per completed participant, named by its
number. A job that stops midway loses no work: the certificates it built are kept, so asking
again carries on where it stopped.

Measured (benchmarks/certificate_zip.py, 2 shared cores): 200 certificates none of which was
built take one worker 55 s (0.27 s each, nearly all of it WeasyPrint); all built, 3.2 s. So a
session of 1,000 takes under 5 minutes cold; one of 20,000 about 90 minutes, so this kind has a
longer time limit than other reports (other workers build the certificates alongside).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.exports.registry import ExportKind, Files, Format, register
from portal.permissions import is_training_coordinator
from trainings.models import Certificate, Enrolment, Session
from trainings.services.certificates import (
    certificate_generate,
    certificate_is_stale,
    certificates_issue,
    certificates_reissue_for_person,
)

KIND = "trainings.certificates"
# A primary key is a 64-bit integer: a larger number cannot be a session (and would not fit).
MAX_ID = 2**63 - 1


def completed_enrolments(session_id: int) -> QuerySet[Enrolment]:
    """The enrolments that earn a certificate: completed, of people not merged into another."""
    return Enrolment.objects.filter(
        session_id=session_id,
        status=Enrolment.Status.COMPLETED,
        person__merged_into__isnull=True,
    )


class SessionCertificatesForm(forms.Form):
    session = forms.IntegerField(
        label=_("Session"),
        error_messages={
            "required": _("Choose the session whose certificates you want."),
            "invalid": _("A session is given by its number."),
        },
    )

    def clean_session(self) -> int:
        session_id = self.cleaned_data["session"]
        if not 0 < session_id <= MAX_ID or not Session.objects.filter(pk=session_id).exists():
            raise ValidationError(
                _("There is no training session number %(number)s."),
                params={"number": session_id},
                code="unknown_session",
            )
        if not completed_enrolments(session_id).exists():
            raise ValidationError(
                _("No one has completed this session yet, so it has no certificates."),
                code="no_completed_participants",
            )
        return session_id


def certificate_files(parameters: dict[str, Any]) -> Files:
    session = Session.objects.get(pk=parameters["session"])
    # Queues the PDFs of the new ones too: other workers build them while this one works
    # through the list, and this one builds any it reaches first.
    certificates_issue(session=session)
    certificates = list(
        Certificate.objects.filter(enrolment__in=completed_enrolments(session.pk))
        .order_by("number")
        .values_list("pk", "number")
    )
    return Files(
        files=((f"{number}.pdf", partial(certificate_pdf, pk)) for pk, number in certificates),
        count=len(certificates),
    )


def archive_name(session_id: int) -> str:
    """certificates-<session title>-<its start date>, as the session's page names it."""
    session = Session.objects.get(pk=session_id)
    title = slugify(session.title, allow_unicode=True)[:60] or "session"
    return f"certificates-{title}-{session.start_date:%Y-%m-%d}"


def certificate_pdf(certificate_id: int) -> bytes:
    """The certificate's PDF, built first when it has none yet or one with an old name."""
    certificate = _settled(certificate_id)
    if certificate.status == Certificate.Status.READY:
        pdf = _stored_pdf(certificate)
        if pdf is not None:
            return pdf
        # Built before its person was anonymised, or its file is gone: build it again.
        certificates_reissue_for_person(person_id=certificate.enrolment.person_id)
    certificate_generate(certificate_id=certificate_id)
    certificate = _settled(certificate_id)
    if certificate.error == SoftTimeLimitExceeded.__name__:
        # The export's time ran out while this one was rendered (certificate_generate keeps
        # every exception as the certificate's error): the job says so, not the certificate.
        raise SoftTimeLimitExceeded
    pdf = _stored_pdf(certificate) if certificate.status == Certificate.Status.READY else None
    if pdf is None:
        raise ValidationError(
            gettext(
                "The certificate %(number)s could not be built (%(error)s). Issue the "
                "certificates again from the session's page, then ask for the ZIP again."
            )
            % {"number": certificate.number, "error": certificate.error or "-"}
        )
    return pdf


def _settled(certificate_id: int) -> Certificate:
    """The certificate once no worker is building it: one that is holds the row's lock until
    the PDF is stored, so waiting for the lock waits for the PDF, without polling."""
    with transaction.atomic():
        return (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("enrolment__person")
            .get(pk=certificate_id)
        )


def _stored_pdf(certificate: Certificate) -> bytes | None:
    if not certificate.file or certificate_is_stale(certificate):
        return None
    try:
        with certificate.file.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


SESSION_CERTIFICATES = register(
    ExportKind(
        name=KIND,
        label=_("Certificates of a session"),
        description=_(
            "The certificate of every participant who completed the session, one PDF each, in "
            "a ZIP archive. Certificates not issued or built yet are built first."
        ),
        allowed=is_training_coordinator,
        formats=(Format.ZIP,),
        filename=lambda parameters: archive_name(parameters["session"]),
        files=certificate_files,
        parameters_form=SessionCertificatesForm,
        # Asked for from the session's certificates page, which names the session.
        listed=False,
        # 20,000 certificates none of which is built: about 90 minutes on one worker process.
        time_limit=110 * 60,
    )
)
