"""allauth, fitted to the portal: account email through the outbox, in its reader's language.

An account email (confirmation, password reset, "your email changed"...) is read by the person
who owns the address, so it is written in their preferred language, not in whatever language
the page that triggered it was in; an address nobody owns yet (sign-up, an unknown account)
gets the language of the visitor who typed it.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.db.models import Q
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from portal import services
from portal.models import User

# The subject prefix in settings (ACCOUNT_EMAIL_SUBJECT_PREFIX), marked here so it is
# translated; any other configured prefix is used as it is.
gettext_noop("[Mine Action Portal] ")


@dataclass(frozen=True)
class PortalSite:
    """What allauth's email templates call `current_site`: "Hello from {{ site_name }}!".

    Without django.contrib.sites allauth has no name for the site, and the emails read
    "Hello from !".
    """

    name: str
    domain: str


def current_site() -> PortalSite:
    return PortalSite(
        name=gettext("Mine Action Knowledge Portal"), domain=urlsplit(settings.SITE_URL).netloc
    )


def owner_language(email: str) -> str:
    """The preferred language of the person who owns this address, or "" if nobody does."""
    languages = dict(settings.LANGUAGES)
    owner = (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .values_list("preferred_language", flat=True)
        .first()
    )
    return owner if owner in languages else ""


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        """A new person's emails and pages stay in the language they signed up in."""
        language = getattr(request, "LANGUAGE_CODE", "")
        if not user.preferred_language and language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def format_email_subject(self, subject: str) -> str:
        prefix = app_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            return super().format_email_subject(subject)
        return gettext(prefix) + subject

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account email leaves through the outbox and a Celery worker, never in the request."""
        language = owner_language(email) or translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": allauth_context.request,
                    "email": email,
                    "current_site": current_site(),
                    **context,
                },
            )
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        services.email_queue(
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            from_email=message.from_email,
        )
