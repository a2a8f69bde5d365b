from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from misper.people.models import CareStatus


class Status(models.TextChoices):
    MISSING = "missing"
    FOUND = "found"
    CLOSED = "closed"


OPEN_STATUSES = (Status.MISSING, Status.FOUND)


class Grade(models.TextChoices):
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class PersonMatch(models.TextChoices):
    NEW = "new"
    EXISTING = "existing"


class Episode(models.Model):
    """One missing incident: from the report to the supervisor's closure."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    person_match = models.CharField(max_length=10, choices=PersonMatch.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MISSING)
    risk_grade = models.CharField(max_length=20, choices=Grade.choices)
    missing_since = models.DateTimeField()
    reported_at = models.DateTimeField()
    found_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    age_at_missing = models.PositiveSmallIntegerField(null=True, blank=True)
    last_seen_location = models.CharField(max_length=300, blank=True)
    last_seen_by = models.CharField(max_length=200, blank=True)
    circumstances = models.TextField(blank=True)
    clothing = models.TextField(blank=True)
    reporting_person_name = models.CharField(max_length=200, blank=True)
    reporting_person_contact = models.CharField(max_length=200, blank=True)
    care_status = models.CharField(max_length=20, choices=CareStatus.choices, default=CareStatus.NONE)
    responsible_authority = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    police_only_notes = models.TextField(blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["missing_since", "id"]
        indexes = [
            models.Index(fields=["missing_since", "id"], name="episode_missing_since_idx"),
            models.Index(fields=["status", "risk_grade"], name="episode_status_grade_idx"),
            models.Index(fields=["person", "missing_since"], name="episode_person_idx"),
            # Open caseloads (allocation) and "my work" scan only the few unclosed episodes.
            models.Index(fields=["status", "officer"], name="episode_open_officer_idx"),
            models.Index(fields=["status", "supervisor"], name="episode_open_supervisor_idx"),
            models.Index(fields=["reported_at"], name="episode_reported_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_at__gte=F("missing_since")),
                name="episode_reported_after_missing",
                violation_error_message="The report cannot come before the person went missing.",
            ),
            models.CheckConstraint(
                condition=Q(found_at__isnull=True) | Q(found_at__gte=F("missing_since")),
                name="episode_found_after_missing",
                violation_error_message="The person cannot be found before they went missing.",
            ),
            models.CheckConstraint(
                condition=Q(status="missing", found_at__isnull=True) | ~Q(status="missing"),
                name="episode_missing_has_no_found_time",
                violation_error_message="A missing person has no found time.",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode {self.pk}"


class RiskAssessment(models.Model):
    """One grading of risk, by a person, at a time, with the answers and their sources."""

    class Kind(models.TextChoices):
        INITIAL = "initial"
        REVIEW = "review"
        REASSESSMENT = "reassessment"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="risk_assessments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    grade = models.CharField(max_length=20, choices=Grade.choices)
    suggested_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    # [{"key", "question", "answer": "yes"|"no"|"unknown", "detail", "source", "given_at"}]
    answers = models.JSONField(default=list, blank=True)
    rationale = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["assessed_at", "id"]

    def __str__(self) -> str:
        return f"{self.grade} at {self.assessed_at:%Y-%m-%d %H:%M}"

    @property
    def disagrees_with_suggestion(self) -> bool:
        return bool(self.suggested_grade) and self.suggested_grade != self.grade


class Allocation(models.Model):
    """Who owns the case from when to when; reallocation ends one and starts another."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="allocations")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField()
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allocated_at", "id"]

    def __str__(self) -> str:
        return f"Allocation of episode {self.episode_id}"


class Review(models.Model):
    """A supervisor's review that the policy requires for a grade (high: DI, medium: DS)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="reviews")
    required_role = models.CharField(max_length=10)
    grade_at_request = models.CharField(max_length=20, choices=Grade.choices)
    due_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.TextField(blank=True)
    confirmed_grade = models.CharField(max_length=20, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["completed_at", "due_at"], name="review_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.required_role} review of episode {self.episode_id}"


class Task(models.Model):
    """Something someone must do on a case by a time."""

    class State(models.TextChoices):
        OPEN = "open"
        DONE = "done"
        CANCELLED = "cancelled"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=40)
    description = models.CharField(max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_at"], name="task_owner_open_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for episode {self.episode_id}"


class ExploitationIndicator(models.TextChoices):
    OTHER_FORCE_AREA = "other_force_area", "Found in another force area"
    WITH_OLDER_ADULTS = "with_older_adults", "With unknown or older adults, or in their vehicles"
    HOTEL_OR_LINKED_ADDRESS = "hotel_or_linked_address", "At a hotel, short-let or address linked to others"
    DRUGS_CASH_WEAPONS = "drugs_cash_weapons", "Drugs, cash or weapons"
    NEW_PHONE_OR_GIFTS = "new_phone_or_gifts", "New phones, SIMs, money, clothes or gifts"
    INJURED_OR_DISHEVELLED = "injured_or_dishevelled", "Injuries or dishevelled"
    ARRESTED_WHILE_MISSING = "arrested_while_missing", "Arrested while missing"
    MISSING_WITH_OTHERS = "missing_with_others", "Went missing with other children"
    DISCLOSURE = "disclosure", "Disclosure of exploitation"


class Condition(models.TextChoices):
    SAFE_WELL = "safe_well", "Safe and well"
    HARMED = "harmed", "Harmed"
    DECEASED = "deceased", "Deceased"


class FoundRecord(models.Model):
    """When, where and how the person was found."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="found_record")
    found_at = models.DateTimeField()
    found_location = models.CharField(max_length=300)
    found_by = models.CharField(max_length=200, blank=True)
    condition = models.CharField(max_length=20, choices=Condition.choices, default=Condition.SAFE_WELL)
    harm_details = models.TextField(blank=True)
    exploitation_indicators = models.JSONField(default=list, blank=True)
    whereabouts_withheld = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Found record of episode {self.episode_id}"


class PreventionInterview(models.Model):
    """The police prevention interview (safe and well check) after return."""

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="prevention_interview")
    conducted_at = models.DateTimeField()
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Prevention interview of episode {self.episode_id}"
