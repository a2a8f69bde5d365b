"""Reads of people, knowing the user; every read is logged as a consultation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection

from misper.accounts.models import User
from misper.accounts.permissions import Can, can, require
from misper.audit.services import audit_consultations
from misper.core.errors import NotFound
from misper.core.policy import get_policy
from misper.core.timeutil import age_on, local, now
from misper.matching import MatchIndex, MatchModel, PersonRecord, Reason, record_blocking_keys
from misper.people.models import LOOKED_AFTER, DuplicateCandidate, MatchModelVersion, Person, PersonKey
from misper.people.services import PersonDetails

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PersonView:
    person: Person
    episodes: list[object]  # Episode, newest first (typed loosely to avoid an import cycle)
    flags: list[str]


def person_flags(person: Person, missing_since_newest_first: list[object]) -> list[str]:
    """Cohort flags the practice focuses on (domain 1): repeat, under 18, looked after, withheld."""
    policy = get_policy()
    flags: list[str] = []
    window_start = now() - timedelta(days=policy.cohorts.repeat_window_days)
    recent = [when for when in missing_since_newest_first if when >= window_start]  # type: ignore[operator]
    if len(recent) >= policy.cohorts.repeat_episodes:
        flags.append("repeat")
    age = age_on(person.date_of_birth, local(now()).date())
    if age is not None and age < policy.cohorts.adult_age:
        flags.append("under_18")
    if person.care_status in LOOKED_AFTER:
        flags.append("looked_after")
    home = person.care_home
    if home is not None and home.host_authority_id != person.responsible_authority_id:
        flags.append("out_of_area")
    if person.whereabouts_withheld:
        flags.append("whereabouts_withheld")
    return flags


def person_get_for_user(*, user: User, person_id: int, reason: str = "") -> PersonView:
    from misper.episodes.selectors import episode_queryset, visible_episodes_q

    require(user, Can.VIEW_CASES)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound(f"no person {person_id} that you may see")
    episodes = list(episode_queryset().filter(person=person).order_by("-missing_since", "-pk"))
    if not can(user, Can.VIEW_ALL_CASES):
        visible = set(person.episodes.filter(visible_episodes_q(user)).values_list("pk", flat=True))
        if not visible:
            raise NotFound(f"no person {person_id} that you may see")
    justification = f"MPT {user.get_role_display()}" if can(user, Can.VIEW_ALL_CASES) else "linked live case"
    if reason.strip():
        justification += f"; reason given: {reason.strip()[:300]}"
    audit_consultations(
        object_type="person", reads=[(person.pk, justification)], actor=user, event="person.read"
    )
    flags = person_flags(person, [e.missing_since for e in episodes])
    return PersonView(person=person, episodes=list(episodes), flags=flags)


def persons_search(*, user: User, query: str, cohort: str | None = None, limit: int = 50) -> list[Person]:
    """People by name (every word must appear), optionally in one focus cohort; merged records hidden."""
    from misper.episodes.cohorts import check_cohort, person_cohort_q

    require(user, Can.VIEW_ALL_CASES)
    people = Person.objects.filter(merged_into__isnull=True)
    for term in query.lower().split():
        people = people.filter(name_key__contains=term)
    if check_cohort(cohort):
        people = people.filter(person_cohort_q(cohort or ""))
    return list(people.order_by("family_name", "given_name", "id")[:limit])


# ---- matching at report time ------------------------------------------------------------------------

# Each key brings at most this many people: a precise key (date of birth, phonetic surname and year)
# holds a handful, a broad one (given name and initial) thousands in a large force; capping per key
# keeps every precise match and bounds the work whatever the number of people on record.
PER_KEY = 25


@dataclass(frozen=True)
class MatchCandidate:
    person: Person
    probability: float
    band: str  # auto_link, grey_zone or no_match
    reasons: list[str]


def person_record(person: Person) -> PersonRecord:
    return PersonRecord(
        record_id=str(person.pk),
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth.isoformat() if person.date_of_birth else None,
        sex=person.sex,
        postcode=person.postcode,
        address=person.address,
        phone=person.phone,
    )


def details_record(details: PersonDetails) -> PersonRecord:
    return PersonRecord(
        record_id="incoming",
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth.isoformat() if details.date_of_birth else None,
        sex=details.sex,
        postcode=details.postcode,
        address=details.address,
        phone=details.phone,
    )


_scorer: dict[str, Any] = {"version": None, "index": None}


def match_index() -> MatchIndex:
    """The report-time scorer: the newest model the nightly sweep trained on the person table, else the
    engine's prior model. Asking which is newest is one indexed query; the model is parsed once."""
    latest = MatchModelVersion.objects.order_by("-trained_at", "-id").values_list("pk", flat=True).first()
    if _scorer["index"] is None or latest != _scorer["version"]:
        text = MatchModelVersion.objects.get(pk=latest).model_json if latest else None
        try:
            _scorer["index"] = MatchIndex(MatchModel.from_json(text)) if text else MatchIndex()
        except ValueError as error:
            # Trained by an engine with other comparison levels: the priors serve until the
            # next nightly sweep trains a model for this one.
            logger.warning("stored match model %s not used: %s", latest, error)
            _scorer["index"] = MatchIndex()
        _scorer["version"] = latest
    index: MatchIndex = _scorer["index"]
    return index


def _candidate_ids(keys: list[str]) -> list[int]:
    table, column = connection.ops.quote_name(PersonKey._meta.db_table), connection.ops.quote_name("key")
    per_key = " UNION ".join(
        # Only quoted identifiers and a constant are formatted in; the keys are parameters.
        f"SELECT person_id FROM (SELECT person_id FROM {table} WHERE {column} = %s LIMIT {PER_KEY}) k{i}"  # noqa: S608
        for i in range(len(keys))
    )
    with connection.cursor() as cursor:
        cursor.execute(per_key, keys)
        return [row[0] for row in cursor.fetchall()]


def match_candidates(*, details: PersonDetails, limit: int = 8) -> list[MatchCandidate]:
    """Known people who may be the person in this report, best first, with the engine's reasons.
    Candidates are those sharing a blocking key (DOB and its typos, phonetic names and nicknames,
    postcode, phone), so the cost does not grow with the number of people on record."""
    keys = record_blocking_keys(details_record(details))
    if not keys:
        return []
    person_ids = _candidate_ids(keys)
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids, merged_into__isnull=True)}
    if not people:
        return []
    ranked = match_index().rank(
        details_record(details), [person_record(p) for p in people.values()], limit=limit
    )
    return [
        MatchCandidate(
            person=people[int(c.record_id)],
            probability=c.probability,
            band=_safe_band(c.band, c.reasons),
            reasons=[r.text for r in c.reasons if abs(r.weight) >= 0.5],
        )
        for c in ranked
        if c.band != "no_match"
    ]


def _safe_band(band: str, reasons: list[Reason]) -> str:
    """A report links itself only when no evidence speaks against it: twins share a date of birth,
    a surname and a postcode but not a given name, and a wrong link hides a missing child."""
    if band == "auto_link" and any(r.weight <= -1.0 for r in reasons):
        return "grey_zone"
    return band


def duplicates_queue(*, user: User) -> list[DuplicateCandidate]:
    require(user, Can.MERGE)
    return list(
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
        .select_related("person_a", "person_b")
        .order_by("-probability", "id")[:200]
    )
