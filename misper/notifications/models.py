from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message pushed to one user (allocation, review due); acknowledging it is recorded."""

    class Kind(models.TextChoices):
        ALLOCATION = "allocation"
        REVIEW_DUE = "review_due"
        TASK = "task"
        RISK_MISMATCH = "risk_mismatch"
        REPEAT_TRIGGER = "repeat_trigger"
        OVERDUE = "overdue"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    episode = models.ForeignKey(
        "episodes.Episode", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Set when the email job has taken the notification (sent, or the recipient has no address),
    # so that a retried or repeated job never mails it twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "acknowledged_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message
