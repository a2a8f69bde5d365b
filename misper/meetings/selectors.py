"""Reads of review meetings, the top repeat list and case plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, QuerySet

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.services import audit_consultations
from misper.core.errors import NotFound
from misper.core.policy import get_policy
from misper.core.timeutil import local, now
from misper.episodes.models import Episode
from misper.meetings.models import CasePlan, ReviewMeeting
from misper.people.models import Person


def meetings_for_user(*, user: User, person_id: int | None = None) -> list[ReviewMeeting]:
    require(user, Can.VIEW_ALL_CASES)
    meetings: QuerySet[ReviewMeeting] = ReviewMeeting.objects.select_related("owner")
    if person_id is not None:
        meetings = meetings.filter(person_id=person_id)
    listed = list(meetings.order_by("due_at", "id")[:1000])
    audit_consultations(
        object_type="person",
        reads=[
            (pid, f"MPT {user.get_role_display()}: review meetings") for pid in {m.person_id for m in listed}
        ],
        actor=user,
        event="meetings.listed",
    )
    return listed


def meeting_get_for_user(*, user: User, meeting_id: int) -> ReviewMeeting:
    require(user, Can.VIEW_ALL_CASES)
    meeting = ReviewMeeting.objects.select_related("person", "owner").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(f"no review meeting {meeting_id}")
    audit_consultations(
        object_type="person",
        reads=[(meeting.person_id, f"MPT {user.get_role_display()}: review meeting {meeting.pk}")],
        actor=user,
        event="meeting.read",
    )
    return meeting


@dataclass(frozen=True)
class RepeatRow:
    person_id: int
    episode_count: int
    last_missing: datetime


def top_repeat(*, user: User, size: int | None = None) -> list[RepeatRow]:
    """The people with most episodes whose missing_since falls in the policy's period, most first."""
    require(user, Can.VIEW_ALL_CASES)
    policy = get_policy().top_repeat
    since = now() - timedelta(days=policy.period_days)
    rows = (
        Episode.objects.filter(missing_since__gte=since)
        .values("person_id")
        .annotate(n=Count("id"), last=Max("missing_since"))
        .order_by("-n", "-last", "person_id")[: size or policy.size]
    )
    return [RepeatRow(person_id=r["person_id"], episode_count=r["n"], last_missing=r["last"]) for r in rows]


@dataclass(frozen=True)
class TopRepeatEntry:
    row: RepeatRow
    person: Person
    plan: CasePlan | None
    monthly: list[int]  # episodes per month, oldest first, over the last 12 months
    open_actions: int


def top_repeat_board(*, user: User) -> list[TopRepeatEntry]:
    """The top list with each person's plan and 12-month trend, in a fixed number of queries."""
    rows = top_repeat(user=user)
    ids = [r.person_id for r in rows]
    people = Person.objects.in_bulk(ids)
    plans = {
        p.person_id: p for p in CasePlan.objects.select_related("lead_officer").filter(person_id__in=ids)
    }
    start = now() - timedelta(days=365)
    months: dict[int, list[int]] = {pid: [0] * 12 for pid in ids}
    current = local(now())
    for person_id, when in Episode.objects.filter(person_id__in=ids, missing_since__gte=start).values_list(
        "person_id", "missing_since"
    ):
        moment = local(when)
        back = (current.year - moment.year) * 12 + current.month - moment.month
        if 0 <= back < 12:
            months[person_id][11 - back] += 1
    actions = dict(
        ReviewMeeting.objects.filter(person_id__in=ids, actions__done_at__isnull=True, actions__isnull=False)
        .values("person_id")
        .annotate(n=Count("actions"))
        .values_list("person_id", "n")
    )
    audit_consultations(
        object_type="person",
        reads=[(pid, f"MPT {user.get_role_display()}: top repeat list") for pid in ids],
        actor=user,
        event="top_repeat.read",
    )
    return [
        TopRepeatEntry(
            row=r,
            person=people[r.person_id],
            plan=plans.get(r.person_id),
            monthly=months[r.person_id],
            open_actions=actions.get(r.person_id, 0),
        )
        for r in rows
    ]


def case_plan_for(*, person_id: int) -> CasePlan | None:
    return CasePlan.objects.select_related("lead_officer").filter(person_id=person_id).first()
