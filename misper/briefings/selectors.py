"""The daily tasking meeting: what the DCI needs to see at 08:00, computed at the moment asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.services import audit_consultations
from misper.briefings.models import TaskingDecision
from misper.casework.deadlines import RETURN_HOME_INTERVIEW
from misper.casework.models import ContactLog, Sighting
from misper.core.errors import InvalidInput
from misper.core.forms import combine_local
from misper.core.policy import get_policy
from misper.core.timeutil import now
from misper.episodes.models import (
    Episode,
    FoundRecord,
    Grade,
    PreventionInterview,
    Review,
    Status,
    Task,
)
from misper.episodes.selectors import episode_get_for_user
from misper.meetings.models import ReviewMeeting
from misper.meetings.selectors import RepeatRow, top_repeat
from misper.people.models import Person

# Rows shown per heading on the page and the PDF (the API gives every id); the headings give the totals.
ROWS = 50


def meeting_window(day: date) -> tuple[datetime, datetime]:
    """New episodes for a day's meeting: reported in the 24 hours before its start (08:00 force time)."""
    start = combine_local(day, get_policy().working_hours.start)
    return start - timedelta(hours=24), start


@dataclass(frozen=True)
class DailyIds:
    """The contract's daily briefing: episode ids per heading (repeat triggers: review meeting ids)."""

    day: date
    new_episodes: list[int]
    open_high_risk: list[int]
    overdue_reviews: list[int]
    overdue_tasks: list[int]
    repeat_triggers: list[int]


def _ids(queryset: QuerySet[Any], field: str = "episode_id") -> list[int]:
    return sorted(set(queryset.values_list(field, flat=True)))


def daily_ids(*, user: User, day: date | None = None, at: datetime | None = None) -> DailyIds:
    require(user, Can.VIEW_ALL_CASES)
    at = at or now()
    day = day or at.astimezone(get_policy().tz).date()
    if not date(2000, 1, 1) <= day <= date(2100, 1, 1):
        raise InvalidInput("choose a date between 2000 and 2100", field="date")
    since, until = meeting_window(day)
    return DailyIds(
        day=day,
        new_episodes=_ids(Episode.objects.filter(reported_at__gte=since, reported_at__lt=until), "pk"),
        open_high_risk=_ids(Episode.objects.filter(status=Status.MISSING, risk_grade=Grade.HIGH), "pk"),
        overdue_reviews=_ids(
            Review.objects.filter(completed_at__isnull=True, due_at__lt=at).exclude(
                episode__status=Status.CLOSED
            )
        ),
        overdue_tasks=_ids(
            Task.objects.filter(status=Task.State.OPEN, due_at__lt=at).exclude(episode__status=Status.CLOSED)
        ),
        repeat_triggers=_ids(
            ReviewMeeting.objects.filter(
                reason=ReviewMeeting.Reason.REPEAT_MISSING, status=ReviewMeeting.Status.PENDING
            ),
            "pk",
        ),
    )


@dataclass(frozen=True)
class TopRow:
    row: RepeatRow
    person: Person


@dataclass(frozen=True)
class DailyBriefing:
    ids: DailyIds
    at: datetime
    episodes: dict[int, Episode]  # every episode the page names, loaded once
    longest_missing: list[Episode]
    awaiting_interview: list[Episode]
    awaiting_rhi: list[Task]
    exploitation: list[FoundRecord]
    top: list[TopRow]
    repeat_meetings: list[ReviewMeeting]
    decisions: list[TaskingDecision]
    latest_sightings: dict[int, Sighting]

    def pick(self, ids: list[int]) -> list[Episode]:
        return [self.episodes[i] for i in ids[:ROWS] if i in self.episodes]

    @property
    def new(self) -> list[Episode]:
        return self.pick(self.ids.new_episodes)

    @property
    def high(self) -> list[Episode]:
        return self.pick(self.ids.open_high_risk)

    @property
    def overdue_reviews(self) -> list[Episode]:
        return self.pick(self.ids.overdue_reviews)

    @property
    def overdue_tasks(self) -> list[Episode]:
        return self.pick(self.ids.overdue_tasks)


def _episodes() -> QuerySet[Episode]:
    return Episode.objects.select_related("person", "officer", "supervisor")


def daily_briefing_for_user(*, user: User, day: date | None = None) -> DailyBriefing:
    """The page and the PDF: the contract's lists with names, and what the meeting also looks at.
    A fixed number of queries whatever the number of rows; every episode shown is a logged read."""
    at = now()
    ids = daily_ids(user=user, day=day, at=at)
    policy = get_policy().briefing
    longest = list(
        _episodes().filter(status=Status.MISSING).order_by("missing_since", "pk")[: policy.longest_missing]
    )
    awaiting = list(
        _episodes()
        .filter(status=Status.FOUND)
        .exclude(Exists(PreventionInterview.objects.filter(episode=OuterRef("pk"))))
        .order_by("found_at", "pk")[:50]
    )
    rhi = list(
        Task.objects.filter(kind=RETURN_HOME_INTERVIEW, status=Task.State.OPEN)
        .select_related("episode__person")
        .order_by("due_at", "pk")[:50]
    )
    exploitation = list(
        FoundRecord.objects.filter(found_at__gte=at - timedelta(days=policy.exploitation_days))
        .exclude(exploitation_indicators=[])
        .select_related("episode__person")
        .order_by("-found_at", "pk")[:50]
    )
    rows = top_repeat(user=user)
    people = Person.objects.in_bulk([r.person_id for r in rows])
    heads = (ids.new_episodes, ids.open_high_risk, ids.overdue_reviews, ids.overdue_tasks)
    named = {pk for head in heads for pk in head[:ROWS]}
    episodes = _episodes().in_bulk(list(named)) if named else {}
    meetings = list(
        ReviewMeeting.objects.filter(pk__in=ids.repeat_triggers).select_related("person", "owner")
    )
    decisions = list(
        TaskingDecision.objects.filter(meeting_date=ids.day)
        .select_related("episode__person", "task__owner", "recorded_by")
        .order_by("recorded_at", "pk")
    )
    sightings: dict[int, Sighting] = {}
    for sighting in Sighting.objects.filter(episode_id__in=ids.open_high_risk[:ROWS]).order_by("seen_at"):
        sightings[sighting.episode_id] = sighting
    shown = named | {e.pk for e in longest} | {e.pk for e in awaiting}
    audit_consultations(
        object_type="episode",
        reads=[(pk, f"MPT {user.get_role_display()}: daily tasking meeting") for pk in sorted(shown)],
        actor=user,
        event="briefing.read",
    )
    return DailyBriefing(
        ids=ids,
        at=at,
        episodes=episodes,
        longest_missing=longest,
        awaiting_interview=awaiting,
        awaiting_rhi=rhi,
        exploitation=exploitation,
        top=[TopRow(row=r, person=people[r.person_id]) for r in rows if r.person_id in people],
        repeat_meetings=meetings,
        decisions=decisions,
        latest_sightings=sightings,
    )


@dataclass(frozen=True)
class BriefingSheet:
    """One page about one missing person, to hand to officers going out to look."""

    episode: Episode
    places: list[str]
    sightings: list[Sighting]
    last_contact: ContactLog | None
    photo_path: str


def briefing_sheet_for_user(*, user: User, episode_id: int) -> BriefingSheet:
    episode = episode_get_for_user(user=user, episode_id=episode_id, reason="briefing sheet")
    found_before = (
        FoundRecord.objects.filter(episode__person_id=episode.person_id)
        .exclude(episode_id=episode.pk)
        .values_list("found_location", flat=True)
    )
    places: list[str] = []
    for place in [episode.last_seen_location, *found_before]:
        if place and place not in places:
            places.append(place)
    photo = episode.person.photo
    return BriefingSheet(
        episode=episode,
        places=places[:12],
        sightings=list(Sighting.objects.filter(episode=episode).order_by("-seen_at")[:5]),
        last_contact=ContactLog.objects.filter(episode=episode).order_by("-contacted_at").first(),
        photo_path=photo.path if photo else "",
    )
