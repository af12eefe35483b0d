from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Email
from portal.notifications.registry import Delivery


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=100)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    # How it reaches the person, fixed when it is created from their preference.
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    email = models.ForeignKey(Email, on_delete=models.SET_NULL, null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
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
        return self.title


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=100)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"
