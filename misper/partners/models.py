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
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
