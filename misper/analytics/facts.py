"""Building fact rows from episodes: pure functions over one person's history, shared by the refresh
service and the national bulk generator so that both derive the same figures the same way."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from misper.core.policy import get_policy
from misper.people.models import LOOKED_AFTER


@dataclass(frozen=True)
class EpisodeRow:
    """What the fact builder reads of one episode and its dependants."""

    episode_id: int
    person_id: int
    missing_since: datetime
    reported_at: datetime
    found_at: datetime | None
    age_at_missing: int | None
    risk_grade: str
    care_status: str
    team_id: int | None = None
    care_home_id: int | None = None
    out_of_area: bool = False
    allocated_at: datetime | None = None
    review_role: str = ""
    review_due_at: datetime | None = None
    review_completed_at: datetime | None = None
    interviewed_at: datetime | None = None
    rhi_at: datetime | None = None
    last_seen_place_id: int | None = None
    found_place_id: int | None = None
    distance_km: float | None = None
    exploitation_count: int = 0


def minutes_between(start: datetime | None, end: datetime | None) -> int | None:
    """Whole minutes, rounded down (the contract's durations)."""
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 60)


def seconds_between(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return int((end - start).total_seconds() // 1)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


def person_facts(history: Sequence[EpisodeRow]) -> list[dict[str, object]]:
    """Fact rows for all of one person's episodes (any order in, oldest first out)."""
    policy = get_policy()
    tz = policy.tz
    adult = policy.cohorts.adult_age
    window = timedelta(days=policy.cohorts.repeat_window_days)
    needed = policy.cohorts.repeat_episodes
    ordered = sorted(history, key=lambda r: (r.missing_since, r.episode_id))
    times = [r.missing_since for r in ordered]
    first = times[0] if times else None
    rows: list[dict[str, object]] = []
    for index, r in enumerate(ordered):
        at = r.missing_since
        # episodes/cohorts.py: at least N of the person's episodes in [at - window, at], ties included.
        in_window = bisect_right(times, at) - bisect_left(times, at - window)
        local_at = at.astimezone(tz)
        review_in_time = None
        if r.review_role and r.review_due_at is not None:
            review_in_time = r.review_completed_at is not None and r.review_completed_at <= r.review_due_at
        rows.append(
            {
                "episode_id": r.episode_id,
                "person_id": r.person_id,
                "missing_since": at,
                "prev_missing_since": times[index - 1] if index else None,
                "local_day": local_at.date(),
                "hour": local_at.hour,
                "weekday": local_at.weekday(),
                "minutes_missing": minutes_between(at, r.found_at),
                "found_after_report_seconds": seconds_between(r.reported_at, r.found_at),
                "under_18": r.age_at_missing is not None and r.age_at_missing < adult,
                "is_repeat": first is not None and first < at,
                "repeat_cohort": in_window >= needed,
                "looked_after": r.care_status in LOOKED_AFTER,
                "out_of_area": r.out_of_area,
                "risk_grade": r.risk_grade,
                "care_home_id": r.care_home_id,
                "team_id": r.team_id,
                "allocation_minutes": minutes_between(r.reported_at, r.allocated_at),
                "review_role": r.review_role,
                "review_in_time": review_in_time,
                "interview_minutes": minutes_between(r.found_at, r.interviewed_at),
                "rhi_minutes": minutes_between(r.found_at, r.rhi_at),
                "last_seen_place_id": r.last_seen_place_id,
                "found_place_id": r.found_place_id,
                "distance_km": r.distance_km,
                "exploitation_count": r.exploitation_count,
            }
        )
    return rows
