"""The live case's working record: contact, meetings, enquiries, sightings, searches; escalations; rota."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Recorded(models.Model):
    """Who wrote a casework entry and when (the time it happened is on the entry itself)."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True


class ContactLog(Recorded):
    """Contact with the family or carers while the person is missing: who, how, when, outcome."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        VISIT = "visit", "Visit"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        VIDEO = "video", "Video call"

    contact_with = models.CharField(max_length=200)
    relationship = models.CharField(max_length=100, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    contacted_at = models.DateTimeField()
    outcome = models.TextField()
    new_information = models.BooleanField(default=False)

    class Meta:
        ordering = ["-contacted_at", "-id"]
        indexes = [models.Index(fields=["episode", "contacted_at"], name="contact_episode_idx")]

    def __str__(self) -> str:
        return f"Contact with {self.contact_with}"


class Sighting(Recorded):
    """A reported sighting: when, where, from whom, and how far we believe it."""

    class Credibility(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed (CCTV, officer)"
        PROBABLE = "probable", "Probable"
        POSSIBLE = "possible", "Possible"
        UNVERIFIED = "unverified", "Unverified"
        DISCOUNTED = "discounted", "Discounted"

    seen_at = models.DateTimeField()
    place = models.CharField(max_length=300)
    source = models.CharField(max_length=200)
    credibility = models.CharField(max_length=12, choices=Credibility.choices)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["-seen_at", "-id"]
        indexes = [models.Index(fields=["episode", "seen_at"], name="sighting_episode_idx")]

    def __str__(self) -> str:
        return f"Sighting at {self.place}"


class Enquiry(Recorded):
    """A check made with an institution: hospitals, custody, transport, banks, phone companies."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", "Hospitals"
        CUSTODY = "custody", "Custody suites"
        TRANSPORT = "transport", "Transport (rail, bus, taxi, ANPR)"
        BANK = "bank", "Banks and cards"
        PHONE = "phone", "Phone and social media"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.CharField(max_length=200)
    made_at = models.DateTimeField()
    result = models.TextField(blank=True)
    new_information = models.BooleanField(default=False)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} enquiry: {self.target}"


class LineOfEnquiry(Recorded):
    """An investigative line the supervisor sets, owned by someone, open until its result is known."""

    class State(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    description = models.CharField(max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    result = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "recorded_at", "id"]
        verbose_name_plural = "lines of enquiry"

    def __str__(self) -> str:
        return self.description


class SearchRecord(Recorded):
    """One area of a structured home or address search: which area, who searched it, when, what was found."""

    class Area(models.TextChoices):
        ROOM = "room", "Room"
        LOFT = "loft", "Loft"
        OUTBUILDING = "outbuilding", "Outbuilding (shed, garage)"
        GARDEN = "garden", "Garden"
        VEHICLE = "vehicle", "Vehicle"
        OTHER = "other", "Other"

    address = models.CharField(max_length=300)
    area = models.CharField(max_length=12, choices=Area.choices)
    area_detail = models.CharField(max_length=200, blank=True)
    searched_by = models.CharField(max_length=200)
    searched_at = models.DateTimeField()
    result = models.TextField(blank=True)

    class Meta:
        ordering = ["address", "searched_at", "id"]

    def __str__(self) -> str:
        return f"Search of {self.get_area_display()} at {self.address}"


class LiveMeeting(models.Model):
    """The weekly meeting on a case missing longer than a week: scheduled by the sweep, minuted when held."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(help_text="Week number of the case: 1 after one week")
    scheduled_for = models.DateTimeField()
    task = models.OneToOneField(
        "episodes.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["scheduled_for", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "number"],
                name="live_meeting_one_per_week",
                violation_error_message="This week's meeting is already scheduled.",
            )
        ]

    def __str__(self) -> str:
        return f"Week {self.number} meeting on episode {self.episode_id}"


class Escalation(models.Model):
    """An overdue task taken up the chain: to the supervisor, then to a DI. One row per level, ever."""

    class Level(models.TextChoices):
        SUPERVISOR = "supervisor", "Supervisor"
        DI = "di", "Detective Inspector"

    task = models.ForeignKey("episodes.Task", on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(max_length=12, choices=Level.choices)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField()

    class Meta:
        ordering = ["escalated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "level"],
                name="escalation_once_per_level",
                violation_error_message="This task has already been escalated to that level.",
            )
        ]

    def __str__(self) -> str:
        return f"Task {self.task_id} escalated to {self.level}"


class RotaShift(models.Model):
    """Who is on duty when: the rota that covers the policy's working hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="rota_shift_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="rota_shift_ends_after_start",
                violation_error_message="A shift must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Shift of user {self.user_id}"


class HandoverNote(models.Model):
    """What the next shift must know, written at the end of a shift."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = models.TextField()
    episode = models.ForeignKey(
        "episodes.Episode", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"Handover by user {self.author_id}"
