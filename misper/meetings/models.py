from __future__ import annotations

from django.conf import settings
from django.db import models


class ReviewMeeting(models.Model):
    """A multi-agency meeting about one person: why do they go missing, and what will we do."""

    class Reason(models.TextChoices):
        REPEAT_MISSING = "repeat_missing", "Repeat missing (policy threshold reached)"

    class Status(models.TextChoices):
        PENDING = "pending"
        HELD = "held"
        CANCELLED = "cancelled"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="review_meetings")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The repeat window this meeting answers for: later episodes inside it call no new meeting.
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    triggered_by = models.ForeignKey(
        "episodes.Episode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitees = models.JSONField(default=list, blank=True, help_text='[{"name", "organisation", "contact"}]')
    created_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    push_factors = models.TextField(
        blank=True, help_text="What pushes the person away (home, placement, school)"
    )
    pull_factors = models.TextField(blank=True, help_text="What pulls them (people, places, exploitation)")
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["person", "reason", "window_start"], name="meeting_person_window_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "reason", "window_start"],
                name="meeting_one_per_window",
                violation_error_message="A review meeting already covers this window.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} meeting for person {self.person_id}"


class MeetingAction(models.Model):
    """An action agreed at a meeting, owned by someone in any organisation."""

    meeting = models.ForeignKey(ReviewMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner_name = models.CharField(max_length=200)
    owner_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]

    def __str__(self) -> str:
        return self.description


class CasePlan(models.Model):
    """The intensive, individual plan for someone in the top repeat list."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="case_plan")
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_cadence_days = models.PositiveSmallIntegerField(default=14)
    plan = models.TextField(blank=True)
    next_review_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Case plan for person {self.person_id}"
