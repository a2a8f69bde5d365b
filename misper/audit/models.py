from __future__ import annotations

from django.conf import settings
from django.db import models


class Operation(models.TextChoices):
    """The processing operations that section 62 of the Data Protection Act 2018 requires us to log."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


class AuditEvent(models.Model):
    """One logged operation on personal data; writes double as the case timeline."""

    object_type = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    operation = models.CharField(max_length=20, choices=Operation.choices)
    event = models.CharField(max_length=60, help_text="What happened, e.g. episode.reported")
    summary = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    justification = models.CharField(max_length=500, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [old, new]}")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at_idx")]

    def __str__(self) -> str:
        return f"{self.operation} {self.object_type}:{self.object_id} {self.event}"
