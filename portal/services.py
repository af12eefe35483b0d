"""Writes that belong to the portal itself: the email outbox."""

from __future__ import annotations

import logging
import smtplib
import socket
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import dispatch
from portal.database import when_database_answers
from portal.dispatch import send, send_on_commit
from portal.models import Email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A delivery left "sending" longer than this lost its worker: deliver_email's hard time limit
# (SMTP gives up after EMAIL_TIMEOUT) is well below it, so no live delivery is sent twice.
SENDING_LOST_AFTER = timedelta(minutes=3)
# A queued email no worker took for this long lost its task (a Redis restart empties the
# queue, a killed worker held it): handed over again once the queue has stopped moving (nothing
# sent for QUEUE_IDLE), so a long fan-out still on its way is not sent twice over. After
# QUEUED_SURELY_LOST it is handed over anyway. A task run twice sends once (the claim).
QUEUED_LOST_AFTER = timedelta(seconds=30)
QUEUE_IDLE = timedelta(seconds=10)
QUEUED_SURELY_LOST = timedelta(minutes=10)
TRANSIENT_SMTP_CODES = range(400, 500)


def _is_transient(exc: Exception) -> bool:
    """Worth another try later: the mail server or the network failed, not the message."""
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code in TRANSIENT_SMTP_CODES
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code in TRANSIENT_SMTP_CODES for code, _ in exc.recipients.values())
    return isinstance(exc, ConnectionError | TimeoutError | socket.gaierror)


def email_send_template(
    *, to: str, template: str, context: dict[str, Any], language: str = ""
) -> Email:
    """Queue an email rendered from templates/emails/<template>-subject.txt, -body.txt and
    -body.html, in the recipient's language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        body_text = render_to_string(f"emails/{template}-body.txt", context)
        body_html = render_to_string(f"emails/{template}-body.html", context)
    return email_queue(to=to, subject=subject, body_text=body_text, body_html=body_html)


def email_queue(
    *, to: str, subject: str, body_text: str, body_html: str = "", from_email: str = ""
) -> Email:
    """Store an email in the outbox and hand it to a worker once the transaction commits."""
    from portal.tasks import deliver_email

    email = Email.objects.create(
        to=to,
        subject=subject.replace("\n", " ").strip()[:300],
        body_text=body_text,
        body_html=body_html,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
    )
    send_on_commit(deliver_email, email.pk)
    return email


class TransientEmailError(Exception):
    """Delivery failed for a reason that may pass; the caller should try again later."""


def email_deliver(*, email_id: int) -> bool:
    """Send one queued email. Returns True when this call sent it.

    The row is claimed with a conditional update, so two workers (or a task run twice) never
    send the same email twice.
    """
    claimed = Email.objects.filter(
        pk=email_id, status__in=[Email.Status.QUEUED, Email.Status.RETRY]
    ).update(
        status=Email.Status.SENDING,
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
        claimed_by=dispatch.worker_name,
    )
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[email.to],
        headers={"Message-ID": email_message_id(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:
        retry = _is_transient(exc) and email.attempts < MAX_ATTEMPTS
        _record(
            email_id,
            status=Email.Status.RETRY if retry else Email.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        if retry:
            raise TransientEmailError(str(exc)) from exc
        logger.warning("Email %s failed for good: %s", email_id, exc)
        return False
    _record(email_id, status=Email.Status.SENT, sent_at=timezone.now(), error="")
    return True


def _record(email_id: int, **fields: Any) -> None:
    """The message has left (or failed) whatever the database does: its outcome is written as
    soon as the database answers again, so a restart never leaves a sent email "sending"."""
    when_database_answers(
        lambda: Email.objects.filter(pk=email_id).update(**fields, updated_at=timezone.now())
    )


def email_message_id(email: Email) -> str:
    """The message's Message-ID, the same at every attempt: a receiver that got a copy from an
    attempt interrupted after the server accepted it keeps one (RFC 5322 section 3.6.4)."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def emails_requeue_stuck(
    *,
    older_than: timedelta = timedelta(minutes=10),
    queued_lost_after: timedelta = QUEUED_LOST_AFTER,
    sending_lost_after: timedelta = SENDING_LOST_AFTER,
    node: str = "",
    after_crash: bool = False,
) -> int:
    """Hand queued emails that no worker picked up back to the broker. Returns how many.

    node: a worker node starting again; what it held "sending" when it stopped is sent again
    now, instead of after SENDING_LOST_AFTER. after_crash: it was started again after dying, so
    the messages it had taken (prefetched) are lost: every queued email is handed over now,
    moving queue or not.

    An email left "sending" means its worker died during delivery: it may or may not have
    left, and it is sent again (at least once, never lost), with the same Message-ID so the
    receiving side keeps one copy.
    """
    from portal.tasks import deliver_email

    now = timezone.now()
    lost_rule = Q(updated_at__lt=now - sending_lost_after)
    if node:
        lost_rule |= Q(claimed_by=node)
    lost = Email.objects.filter(lost_rule, status=Email.Status.SENDING)
    again = list(lost.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    Email.objects.filter(pk__in=again, status=Email.Status.SENDING).update(
        status=Email.Status.RETRY,
        error="Interrupted during delivery; sent again with the same Message-ID.",
        updated_at=now,
    )
    lost.update(
        status=Email.Status.FAILED,
        error="Interrupted during delivery too many times.",
        updated_at=now,
    )
    # A retry waits for its back-off (its task is due later): only a long silence is a loss.
    moving = Email.objects.filter(
        status=Email.Status.SENT, updated_at__gte=now - QUEUE_IDLE
    ).exists()
    lost_after = QUEUED_SURELY_LOST if moving else queued_lost_after
    if after_crash:
        lost_after = timedelta(0)
    waiting = Email.objects.filter(
        Q(status=Email.Status.QUEUED, updated_at__lt=now - lost_after)
        | Q(status=Email.Status.RETRY, updated_at__lt=now - older_than)
    ).values_list("pk", flat=True)
    stuck = sorted({*again, *waiting})
    for email_id in stuck:
        send(deliver_email, email_id)
    return len(stuck)


def user_welcome(*, user: Any) -> None:
    """Welcome a person once, when their first email address is confirmed."""
    from allauth.account.models import EmailAddress
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from portal.i18n import Phrase
    from portal.notifications.models import Notification
    from portal.notifications.services import notify

    already = Notification.objects.filter(recipient=user, kind="account.welcome").exists()
    if already or EmailAddress.objects.filter(user=user, verified=True).count() > 1:
        return
    notify(
        [user],
        "account.welcome",
        title=Phrase(_("Welcome to the Mine Action Knowledge Portal")),
        body=Phrase(
            _(
                "Your email address is confirmed. Complete your profile so colleagues know "
                "which organisation and country you work for."
            )
        ),
        url=reverse("profile"),
    )
