from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    DCI = "dci", "Detective Chief Inspector"
    DI = "di", "Detective Inspector"
    DS = "ds", "Detective Sergeant"
    OFFICER = "officer", "MPT officer"
    ANALYST = "analyst", "Analyst"
    INTEL = "intel", "Intelligence officer"
    COORDINATOR = "coordinator", "Coordinator"
    CALL_HANDLER = "call_handler", "Call handler / response officer"
    PARTNER = "partner", "Partner user"
    ADMIN = "admin", "System administrator"


POLICE_ROLES = frozenset(role for role in Role if role not in {Role.PARTNER})
SUPERVISOR_ROLES = frozenset({Role.DS, Role.DI, Role.DCI})


class Team(models.Model):
    """A DS's team of MPT officers."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: police staff by role, or a partner user of one organisation."""

    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role="partner", organisation__isnull=False) | ~Q(role="partner"),
                name="accounts_user_partner_has_organisation",
                violation_error_message="A partner user must belong to a partner organisation.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_police(self) -> bool:
        return self.role in POLICE_ROLES

    @property
    def is_supervisor(self) -> bool:
        return self.role in SUPERVISOR_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"
