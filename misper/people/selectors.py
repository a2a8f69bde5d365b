"""Reads of people, knowing the user; every read is logged as a consultation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet

from misper.accounts.models import User
from misper.accounts.permissions import Can, can, require
from misper.audit.services import audit_consultations
from misper.core.errors import NotFound
from misper.core.policy import get_policy
from misper.core.timeutil import age_on, local, now
from misper.people.models import CareStatus, Person

LOOKED_AFTER = frozenset({CareStatus.CHILDRENS_HOME, CareStatus.FOSTER_CARE})


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


def persons_search(*, user: User, query: str, limit: int = 20) -> QuerySet[Person]:
    require(user, Can.VIEW_ALL_CASES)
    terms = query.lower().split()
    people = Person.objects.all()
    for term in terms:
        people = people.filter(name_key__contains=term)
    return people.order_by("family_name", "given_name", "id")[:limit]
