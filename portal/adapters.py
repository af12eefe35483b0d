from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from portal import services


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account email leaves through the outbox and a Celery worker, never in the request."""
        message = self.render_mail(template_prefix, email, context)
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
