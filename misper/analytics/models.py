"""Analytics-side tables: a narrow fact row per episode, a gazetteer of places, flagged clusters.

The fact table is derived data: `services.facts_refresh` rebuilds the rows of every person whose
records changed, found through the section 62 log (every write to an episode or a person is logged).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Place(models.Model):
    """A place name as recorded (last seen, found at), with coordinates where known."""

    name = models.CharField(max_length=300, unique=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the coordinates came from")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EpisodeFact(models.Model):
    """One episode reduced to what the KPIs, dashboards and the network need (derived, rebuildable)."""

    episode_id = models.BigIntegerField(primary_key=True)
    person_id = models.BigIntegerField()
    missing_since = models.DateTimeField()
    # The person's previous episode (by missing_since, then id): an episode is its person's first in a
    # period exactly when this is null or before the period, so distinct persons need no DISTINCT.
    prev_missing_since = models.DateTimeField(null=True, blank=True)
    local_day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday")
    minutes_missing = models.IntegerField(null=True, blank=True)
    found_after_report_seconds = models.IntegerField(null=True, blank=True)
    under_18 = models.BooleanField()
    is_repeat = models.BooleanField(help_text="The person had an episode strictly earlier")
    repeat_cohort = models.BooleanField(help_text="The cohort rule of episodes/cohorts.py at that time")
    looked_after = models.BooleanField()
    out_of_area = models.BooleanField()
    risk_grade = models.CharField(max_length=20)
    care_home_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)
    allocation_minutes = models.IntegerField(null=True, blank=True)
    review_role = models.CharField(max_length=10, blank=True)
    review_in_time = models.BooleanField(null=True, blank=True)
    interview_minutes = models.IntegerField(null=True, blank=True, help_text="After found")
    rhi_minutes = models.IntegerField(null=True, blank=True, help_text="After found, where recorded")
    last_seen_place_id = models.BigIntegerField(null=True, blank=True)
    found_place_id = models.BigIntegerField(null=True, blank=True)
    distance_km = models.FloatField(null=True, blank=True)
    exploitation_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["missing_since", "episode_id"]
        indexes = [
            # On PostgreSQL, migration 0002 adds a covering index for the KPI scan (SQLite has no INCLUDE).
            models.Index(fields=["missing_since"], name="fact_missing_since_idx"),
            models.Index(fields=["person_id"], name="fact_person_idx"),
        ]

    def __str__(self) -> str:
        return f"Facts of episode {self.episode_id}"


class FactsState(models.Model):
    """How far the fact table has read the audit log (one row)."""

    audit_watermark = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Facts up to audit event {self.audit_watermark}"


class ClusterFlag(models.Model):
    """A co-missing cluster the intelligence officer referred to the exploitation team."""

    person_ids = models.JSONField(default=list)
    note = models.TextField(blank=True)
    task = models.ForeignKey("episodes.Task", on_delete=models.PROTECT, related_name="+")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    flagged_at = models.DateTimeField()

    class Meta:
        ordering = ["-flagged_at", "-id"]

    def __str__(self) -> str:
        return f"Cluster of {len(self.person_ids)} flagged {self.flagged_at:%Y-%m-%d}"
