"""The focus cohorts of the practice (domain 1): repeat, under 18, looked after, out-of-area placement.

One definition serves every list: `episode_cohort_q` filters episodes (cohort at the time of the
episode), `person_cohort_q` filters people (cohort now), `episode_cohorts` names one episode's cohorts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from misper.core.errors import InvalidInput
from misper.core.policy import get_policy
from misper.core.timeutil import local, now
from misper.episodes.models import Episode
from misper.people.models import LOOKED_AFTER

COHORTS = ("repeat", "under_18", "looked_after", "out_of_area")


def check_cohort(name: str | None, *, field: str = "cohort") -> str | None:
    if name and name not in COHORTS:
        raise InvalidInput(f"unknown cohort {name!r}; choose one of {', '.join(COHORTS)}", field=field)
    return name or None


def _window() -> timedelta:
    return timedelta(days=get_policy().cohorts.repeat_window_days)


def _enough_episodes(person_ref: str, since: Any, until: Any) -> Exists:
    """Whether the person has at least the policy's number of episodes between since and until
    (datetimes or expressions on the outer episode; `until` None means up to now)."""
    episodes = Episode.objects.filter(person_id=OuterRef(person_ref), missing_since__gte=since)
    if until is not None:
        episodes = episodes.filter(missing_since__lte=until)
    counted = (
        episodes.values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=get_policy().cohorts.repeat_episodes)
    )
    return Exists(counted)


def episode_cohort_q(name: str) -> Q:
    cohorts = get_policy().cohorts
    if name == "repeat":
        at = OuterRef("missing_since")
        return Q(_enough_episodes("person_id", at - _window(), at))
    if name == "under_18":
        return Q(age_at_missing__lt=cohorts.adult_age)
    if name == "looked_after":
        return Q(care_status__in=LOOKED_AFTER)
    if name == "out_of_area":
        return Q(person__care_home__isnull=False) & ~Q(
            person__care_home__host_authority_id=F("person__responsible_authority_id")
        )
    raise InvalidInput(f"unknown cohort {name!r}", field="cohort")


def person_cohort_q(name: str) -> Q:
    cohorts = get_policy().cohorts
    if name == "repeat":
        return Q(_enough_episodes("pk", now() - _window(), None))
    if name == "under_18":
        today = local(now()).date()
        return Q(date_of_birth__gt=today.replace(year=today.year - cohorts.adult_age))
    if name == "looked_after":
        return Q(care_status__in=LOOKED_AFTER)
    if name == "out_of_area":
        return Q(care_home__isnull=False) & ~Q(care_home__host_authority_id=F("responsible_authority_id"))
    raise InvalidInput(f"unknown cohort {name!r}", field="cohort")
