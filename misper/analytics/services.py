"""Writes of the analytics app: the fact table's refresh, the gazetteer, and flagging a cluster."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Min

from misper.accounts.models import User
from misper.analytics.facts import EpisodeRow, haversine_km, person_facts
from misper.analytics.models import ClusterFlag, EpisodeFact, FactsState, Place
from misper.analytics.permissions import require_network
from misper.audit.models import AuditEvent, Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput
from misper.core.timeutil import now
from misper.episodes.models import Allocation, Episode, FoundRecord, PreventionInterview, Review, Task

PERSON_CHUNK = 2000
EXPLOITATION_TASK_KIND = "exploitation_referral"
EXPLOITATION_TASK_DUE = timedelta(hours=24)


# ---- the fact table ---------------------------------------------------------------------------------


def facts_refresh(*, full: bool = False) -> int:
    """Bring the fact table up to date with the audit log; returns the number of episodes rebuilt."""
    state = FactsState.objects.filter(pk=1).first()
    watermark = state.audit_watermark if state else 0
    high = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if not full:
        # On PostgreSQL a writer may commit an audit id below `high` after this read; such a change is
        # picked up by the next change to the same person or the nightly `analytics_refresh --full`.
        changed = _changed_since(watermark, high)
        if not changed and state is not None:
            return 0
    with transaction.atomic():
        if full or state is None:
            EpisodeFact.objects.all().delete()
            rebuilt = _rebuild(person_ids=None)
        else:
            rebuilt = _rebuild(person_ids=_persons_of(changed))
        FactsState.objects.update_or_create(pk=1, defaults={"audit_watermark": high, "refreshed_at": now()})
    return rebuilt


def _changed_since(low: int, high: int) -> set[tuple[str, int]]:
    events = (
        AuditEvent.objects.filter(pk__gt=low, pk__lte=high, object_type__in=("episode", "person"))
        .exclude(operation=Operation.CONSULTATION)
        .values_list("object_type", "object_id")
    )
    return set(events)


def _persons_of(changed: set[tuple[str, int]]) -> set[int]:
    persons = {oid for kind, oid in changed if kind == "person"}
    episode_ids = [oid for kind, oid in changed if kind == "episode"]
    for start in range(0, len(episode_ids), PERSON_CHUNK):
        chunk = episode_ids[start : start + PERSON_CHUNK]
        persons.update(Episode.objects.filter(pk__in=chunk).values_list("person_id", flat=True))
        # An episode that moved to another person (a merge) leaves stale facts under the old one.
        persons.update(EpisodeFact.objects.filter(episode_id__in=chunk).values_list("person_id", flat=True))
    return persons


def _rebuild(*, person_ids: set[int] | None) -> int:
    if person_ids is None:
        return _write_facts(Episode.objects.all())
    ordered = sorted(person_ids)
    written = 0
    for start in range(0, len(ordered), PERSON_CHUNK):
        chunk = ordered[start : start + PERSON_CHUNK]
        EpisodeFact.objects.filter(person_id__in=chunk).delete()
        episodes = Episode.objects.filter(person_id__in=chunk)
        EpisodeFact.objects.filter(episode_id__in=episodes.values("pk")).delete()
        written += _write_facts(episodes)
    return written


def _write_facts(episodes: models.QuerySet[Episode]) -> int:
    rows = _episode_rows(episodes)
    by_person: dict[int, list[EpisodeRow]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(row)
    facts = [EpisodeFact(**fact) for history in by_person.values() for fact in person_facts(history)]
    EpisodeFact.objects.bulk_create(facts, batch_size=2000)
    return len(facts)


def _episode_rows(episodes: models.QuerySet[Episode]) -> list[EpisodeRow]:
    """Every input of the fact builder in a fixed number of queries."""
    base = list(
        episodes.values_list(
            "pk",
            "person_id",
            "missing_since",
            "reported_at",
            "found_at",
            "age_at_missing",
            "risk_grade",
            "care_status",
            "officer__team_id",
            "person__care_home_id",
            "person__responsible_authority_id",
            "person__care_home__host_authority_id",
            "last_seen_location",
        )
    )
    ids = episodes.values("pk")
    found = {
        e: (loc, len(ind or []))
        for e, loc, ind in FoundRecord.objects.filter(episode_id__in=ids).values_list(
            "episode_id", "found_location", "exploitation_indicators"
        )
    }
    allocated = dict(
        Allocation.objects.filter(episode_id__in=ids)
        .values("episode_id")
        .annotate(first=Min("allocated_at"))
        .values_list("episode_id", "first")
    )
    reviews: dict[int, tuple[str, datetime | None, datetime | None]] = {}
    for e, required, due_at, done_at in (
        Review.objects.filter(episode_id__in=ids)
        .order_by("-due_at", "-id")
        .values_list("episode_id", "required_role", "due_at", "completed_at")
    ):
        reviews[e] = (required, due_at, done_at)  # the earliest wins: read newest first
    interviews = dict(
        PreventionInterview.objects.filter(episode_id__in=ids).values_list("episode_id", "conducted_at")
    )
    rhis = _return_home_interviews(ids)
    places = place_ids([r[12] for r in base] + [loc for loc, _ in found.values()])
    rows = []
    for pk, person, since, reported, found_at, age, grade, care, team, home, ra, host, seen in base:
        found_loc, indicators = found.get(pk, ("", 0))
        seen_place, found_place = places.get(seen), places.get(found_loc)
        role, due, done = reviews.get(pk, ("", None, None))
        rows.append(
            EpisodeRow(
                episode_id=pk,
                person_id=person,
                missing_since=since,
                reported_at=reported,
                found_at=found_at,
                age_at_missing=age,
                risk_grade=grade,
                care_status=care,
                team_id=team,
                care_home_id=home,
                out_of_area=home is not None and host != ra,
                allocated_at=allocated.get(pk),
                review_role=role,
                review_due_at=due,
                review_completed_at=done,
                interviewed_at=interviews.get(pk),
                rhi_at=rhis.get(pk),
                last_seen_place_id=seen_place[0] if seen_place else None,
                found_place_id=found_place[0] if found_place else None,
                distance_km=_distance(seen_place, found_place),
                exploitation_count=indicators,
            )
        )
    return rows


def _distance(a: tuple[int, float | None, float | None] | None, b: Any) -> float | None:
    if not a or not b:
        return None
    (_, lat1, lon1), (_, lat2, lon2) = a, b
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    return round(haversine_km(lat1, lon1, lat2, lon2), 3)


def return_home_interview_model() -> type[models.Model] | None:
    """The local authority's return home interview (recorded in the partner portal)."""
    from misper.partners.models import ReturnInterview

    return ReturnInterview


def _return_home_interviews(ids: Any) -> dict[int, datetime]:
    """When the interview was held, per episode (offered-only and declined ones do not count)."""
    from misper.partners.models import ReturnInterview

    rows = ReturnInterview.objects.filter(episode_id__in=ids, held_at__isnull=False)
    return {
        int(episode_id): held_at
        for episode_id, held_at in rows.values_list("episode_id", "held_at")
        if held_at is not None
    }


# ---- places ---------------------------------------------------------------------------------------


def place_ids(names: Iterable[str]) -> dict[str, tuple[int, float | None, float | None]]:
    """Id and coordinates per place name, creating the names not yet known."""
    wanted = {n.strip()[:300] for n in names if n and n.strip()}
    known = _places(wanted)
    missing = wanted - known.keys()
    if missing:
        Place.objects.bulk_create([Place(name=n) for n in sorted(missing)], ignore_conflicts=True)
        known = _places(wanted)
    return known


def _places(names: set[str]) -> dict[str, tuple[int, float | None, float | None]]:
    found: dict[str, tuple[int, float | None, float | None]] = {}
    ordered = sorted(names)
    for start in range(0, len(ordered), PERSON_CHUNK):
        rows = Place.objects.filter(name__in=ordered[start : start + PERSON_CHUNK])
        found.update(
            {n: (pk, lat, lon) for pk, n, lat, lon in rows.values_list("pk", "name", "latitude", "longitude")}
        )
    return found


def place_set_coordinates(*, name: str, latitude: float, longitude: float, source: str) -> Place:
    if not (-90 <= latitude <= 90):
        raise InvalidInput("must be between -90 and 90", field="latitude")
    if not (-180 <= longitude <= 180):
        raise InvalidInput("must be between -180 and 180", field="longitude")
    place, _ = Place.objects.update_or_create(
        name=name.strip()[:300], defaults={"latitude": latitude, "longitude": longitude, "source": source}
    )
    return place


# ---- flagging a co-missing cluster ----------------------------------------------------------------


def cluster_flag(*, actor: User, person_ids: Sequence[int], note: str) -> ClusterFlag:
    """Refer a cluster to the exploitation team: a task on its latest episode, with an audit row."""
    require_network(actor)
    people = sorted(set(person_ids))
    if len(people) < 2:
        raise InvalidInput("a cluster has at least two people", field="person_ids")
    latest = Episode.objects.filter(person_id__in=people).order_by("-missing_since", "-pk").first()
    if latest is None:
        raise InvalidInput("no episodes for these people", field="person_ids")
    at = now()
    with transaction.atomic():
        task = Task(
            episode=latest,
            kind=EXPLOITATION_TASK_KIND,
            description=f"Co-missing cluster of {len(people)} people referred by intelligence: {note}"[:500],
            due_at=at + EXPLOITATION_TASK_DUE,
            created_at=at,
        )
        task.full_clean()
        task.save()
        flag = ClusterFlag(person_ids=people, note=note, task=task, flagged_by=actor, flagged_at=at)
        flag.full_clean()
        flag.save()
        audit_record(
            object_type="episode",
            object_id=latest.pk,
            operation=Operation.ALTERATION,
            event="analytics.cluster_flagged",
            actor=actor,
            summary=f"Co-missing cluster (persons {', '.join(map(str, people))}) referred to the "
            "exploitation team",
            changes={"task": (None, task.pk)},
        )
    return flag
