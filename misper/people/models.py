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


# Children in care placements: the "looked after" focus cohort (domain 1) everywhere it is counted.
LOOKED_AFTER = frozenset({CareStatus.CHILDRENS_HOME, CareStatus.FOSTER_CARE})


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
    # Lower-cased names for the search box; the matching engine's keys are in PersonKey.
    name_key = models.CharField(max_length=201, db_index=True, editable=False)
    # A merged-away duplicate points at the record that absorbed it; it keeps its own data for unmerge.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

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


class PersonKey(models.Model):
    """A blocking key of the matching engine (date of birth, phonetic name, postcode, phone...):
    report-time candidates are the people who share a key with the incoming report."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="person_key_idx")]

    def __str__(self) -> str:
        return self.key


class DuplicateCandidate(models.Model):
    """Two person records the engine thinks may be one person, waiting for a supervisor's decision."""

    class Source(models.TextChoices):
        REPORT = "report", "At report time (grey zone)"
        BATCH = "batch", "Scheduled duplicate sweep"

    class Status(models.TextChoices):
        OPEN = "open"
        MERGED = "merged"
        DISMISSED = "dismissed", "Not the same person"

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    reasons = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                name="duplicate_pair_once",
                violation_error_message="This pair is already in the duplicates queue.",
            ),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="duplicate_pair_ordered",
                violation_error_message="A pair is stored with the lower id first.",
            ),
        ]
        indexes = [models.Index(fields=["status", "probability"], name="duplicate_open_idx")]

    def __str__(self) -> str:
        return f"Persons {self.person_a_id} and {self.person_b_id}"


class PersonMerge(models.Model):
    """One merge of a duplicate into a surviving record, with what moved, so that it can be undone."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(
        default=dict, help_text='{"episodes": [...], "meetings": [...], "aliases": [...]}'
    )
    reason = models.CharField(max_length=500)
    merged_at = models.DateTimeField()
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"Person {self.merged_id} merged into {self.survivor_id}"


class MatchModelVersion(models.Model):
    """The matching engine's model as trained on the person table by the nightly sweep; report-time
    matching uses the newest one (the engine's prior model until the first sweep)."""

    trained_at = models.DateTimeField()
    persons = models.PositiveIntegerField()
    model_json = models.TextField()

    class Meta:
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"Match model of {self.trained_at:%Y-%m-%d %H:%M} ({self.persons} persons)"
