from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.i18n import Phrase
from portal.models import Email
from portal.notifications.registry import Delivery


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=100)
    # The text as written: what plain-text content reads, and the fallback for older rows.
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The title and body as Phrases (portal.i18n), when the system wrote them: rendered in the
    # reader's language each time they are shown or emailed.
    title_phrase = models.JSONField(_("title as a message"), null=True, blank=True)
    body_phrase = models.JSONField(_("text as a message"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # How it reaches the person, fixed when it is created from their preference.
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    email = models.ForeignKey(
        Email,
        verbose_name=pgettext_lazy("message", "email"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(delivery="daily", digested_at__isnull=True),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title in the active language (the system's Phrase) or as written."""
        phrase = Phrase.from_json(self.title_phrase)
        return phrase.render() if phrase else self.title

    @property
    def display_body(self) -> str:
        phrase = Phrase.from_json(self.body_phrase)
        return phrase.render() if phrase else self.body


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=100)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"
