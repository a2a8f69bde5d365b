from __future__ import annotations

from django.conf import settings
from django.db import models


class ProfileKind(models.TextChoices):
    PHILOMENA = "philomena", "Philomena Protocol (child in care)"
    HERBERT = "herbert", "Herbert Protocol (adult with dementia)"


# Part 1 of each protocol: the questions a carer answers in advance (domain section 3).
PART1_QUESTIONS: dict[str, list[tuple[str, str]]] = {
    ProfileKind.PHILOMENA: [
        ("description", "Description (height, build, hair, eyes, marks, scars, tattoos)"),
        ("friends_associates", "Friends and associates"),
        ("places_frequented", "Addresses and places frequented"),
        ("risk_locations", "Risk-assessed locations"),
        ("vulnerabilities", "Vulnerabilities"),
        ("medical", "Medical needs and medication"),
        ("financial", "Money, bank cards"),
        ("social_media", "Social media accounts"),
        ("phones", "Phones"),
        ("transport", "Transport used (bus routes, bikes, taxis)"),
        ("missing_history", "Previous missing episodes: where found, who with"),
    ],
    ProfileKind.HERBERT: [
        ("description", "Description (height, build, hair, eyes, marks)"),
        ("mobility_communication", "Mobility and communication aids"),
        ("gps_locator", "GPS locator"),
        ("addresses", "Current and previous addresses"),
        ("phones", "Phones, e-mails and social media"),
        ("financial", "Cards and banks"),
        ("medical", "GP and medication"),
        ("routines", "Routines"),
        ("significant_places", "Significant places"),
        ("key_people", "Key people"),
    ],
}


class Profile(models.Model):
    """A partner-owned grab pack about one person, sealed from the police until they are reported missing."""

    kind = models.CharField(max_length=10, choices=ProfileKind.choices)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    # The organisation that keeps the form now (the home's provider, or the family's support service).
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    responsible_authority = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    care_home = models.ForeignKey(
        "partners.CareHome", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    health = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a missing report about this person is filed: from then on the police may open it.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["date_of_birth", "family_name"], name="profile_dob_name_idx")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ProfileVersion(models.Model):
    """One save of a profile: every save is a new version, never an overwrite."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    photo = models.FileField(upload_to="profiles/", blank=True)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "number"],
                name="profile_version_once",
                violation_error_message="This version of the profile already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of profile {self.profile_id}"


class ReportRequest(models.Model):
    """A care home asks the police to take a missing report, with the profile and Part 2."""

    class Status(models.TextChoices):
        PENDING = "pending"
        ACCEPTED = "accepted"

    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="requests")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    # Part 2 of the protocol: only when the person goes missing.
    missing_since = models.DateTimeField()
    last_seen_location = models.CharField(max_length=300)
    clothing = models.TextField()
    circumstances = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    episode = models.ForeignKey(
        "episodes.Episode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_request_status_idx")]

    def __str__(self) -> str:
        return f"Report request for profile {self.profile_id}"
