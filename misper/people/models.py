from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class CareStatus(models.TextChoices):
    NONE = "none", "Not in care"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    FOSTER_CARE = "foster_care", "Foster care"
    OTHER_CARE = "other_care", "Other care"


class Person(models.Model):
    """Someone who has been reported missing at least once."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    description = models.TextField(blank=True, help_text="Height, build, hair, eyes, marks, scars, tattoos")
    photo = models.FileField(upload_to="photos/", blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    care_status = models.CharField(max_length=20, choices=CareStatus.choices, default=CareStatus.NONE)
    care_home = models.ForeignKey(
        "partners.CareHome", null=True, blank=True, on_delete=models.SET_NULL, related_name="residents"
    )
    responsible_authority = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    whereabouts_withheld = models.BooleanField(
        default=False, help_text="An adult who asked that where they were found is not passed on"
    )
    created_at = models.DateTimeField()
    # Lower-cased names for exact lookups; the matching engine keeps its own keys.
    name_key = models.CharField(max_length=201, db_index=True, editable=False)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["date_of_birth", "name_key"], name="people_dob_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part) or "(name unknown)"


class PersonAlias(models.Model):
    """Another name the person is known by: nickname, alias, previous name."""

    class Kind(models.TextChoices):
        NICKNAME = "nickname"
        ALIAS = "alias"
        PREVIOUS = "previous", "Previous name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=201)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NICKNAME)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"],
                name="people_alias_unique_per_person",
                violation_error_message="This person already has that alias.",
            )
        ]

    def __str__(self) -> str:
        return self.name
