"""The daily tasking meeting's record: the DCI's decisions, each an action (a Task) on a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TaskingDecision(models.Model):
    """A decision or action recorded in the daily tasking meeting; its action is a Task on the case."""

    meeting_date = models.DateField()
    episode = models.ForeignKey("episodes.Episode", on_delete=models.CASCADE, related_name="+")
    decision = models.TextField()
    task = models.OneToOneField(
        "episodes.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting_date", "recorded_at", "id"]
        indexes = [models.Index(fields=["meeting_date"], name="tasking_decision_date_idx")]

    def __str__(self) -> str:
        return f"Tasking decision of {self.meeting_date} on episode {self.episode_id}"
