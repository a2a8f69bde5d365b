from __future__ import annotations

from django.db import models


class OrganisationKind(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", "Local authority children's services"
    ADULT_SERVICES = "adult_services", "Local authority adult services"
    CARE_PROVIDER = "care_provider", "Care provider (children's home, care home)"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER_FORCE = "other_force", "Another force's MPT"
    CHARITY = "charity", "Charity"


class Organisation(models.Model):
    """A partner agency that works with the MPT and may receive disclosures."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    email = models.EmailField(blank=True, help_text="Where automatic reports are e-mailed")
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    contact_name = models.CharField(max_length=100, blank=True, help_text="Named contact or duty desk")
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    # Another force's MPT that borders ours: the inter-force directory lists these first.
    neighbouring = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareHome(models.Model):
    """A children's home or care home, with its single point of contact (SPOC)."""

    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10, blank=True)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="homes")
    host_authority = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_homes"
    )
    spoc_name = models.CharField(max_length=100, blank=True)
    spoc_phone = models.CharField(max_length=40, blank=True)
    spoc_email = models.EmailField(blank=True)
    placing_authority = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="placed_homes"
    )
    phone = models.CharField(max_length=40, blank=True)
    deputy_name = models.CharField(max_length=100, blank=True)
    deputy_phone = models.CharField(max_length=40, blank=True)
    deputy_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerNotification(models.Model):
    """One disclosure of a redacted missing report (or its update) to one partner organisation."""

    class Kind(models.TextChoices):
        REPORTED = "reported", "Reported missing"
        FOUND = "found", "Found"
        CLOSED = "closed", "Case closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="notifications")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField()
    # The report as redacted for this organisation at the time of sending: what it was given, no more.
    report = models.JSONField(default=dict)
    justification = models.CharField(max_length=500)
    emailed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["organisation", "sent_at"], name="partner_notification_org_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report on episode {self.episode_id} to {self.organisation_id}"


class ReturnInterview(models.Model):
    """The local authority's return home interview after a child is found (offered, held, disclosures)."""

    episode = models.OneToOneField("episodes.Episode", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    declined = models.BooleanField(default=False, help_text="The child declined the interview")
    within_deadline = models.BooleanField(default=False)
    disclosures = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held_at__isnull=True) | models.Q(held_at__gte=models.F("offered_at")),
                name="return_interview_held_after_offer",
                violation_error_message="The interview cannot be held before it was offered.",
            )
        ]

    def __str__(self) -> str:
        return f"Return home interview of episode {self.episode_id}"


class PartnerMeeting(models.Model):
    """A partner meeting: monthly tactical (DI) or quarterly strategic (DCI), about a period."""

    class Kind(models.TextChoices):
        TACTICAL = "tactical", "Monthly tactical"
        STRATEGIC = "strategic", "Quarterly strategic"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    held_on = models.DateField()
    chair = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # Filled from the period when the meeting is called: [{"heading", "items": [str]}]
    agenda = models.JSONField(default=list, blank=True)
    minutes = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="partner_meeting_period_ordered",
                violation_error_message="The period must end on or after its start.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} meeting {self.held_on:%d/%m/%Y}"


class PartnerAction(models.Model):
    """An action agreed at a partner meeting, owned by someone in one organisation."""

    meeting = models.ForeignKey(PartnerMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner_name = models.CharField(max_length=200)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner_organisation", "done_at"], name="partner_action_org_idx")]

    def __str__(self) -> str:
        return self.description
