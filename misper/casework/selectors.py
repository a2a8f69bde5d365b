"""Reads of the live case's working record, the rota and the handover notes; they know the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, require
from misper.casework.deadlines import FAMILY_CONTACT
from misper.casework.models import (
    ContactLog,
    Enquiry,
    HandoverNote,
    LineOfEnquiry,
    LiveMeeting,
    RotaShift,
    SearchRecord,
    Sighting,
)
from misper.core.errors import NotFound
from misper.core.forms import combine_local
from misper.core.policy import get_policy
from misper.core.timeutil import local_day_start, now
from misper.episodes.models import OPEN_STATUSES, Episode, RiskAssessment, Task
from misper.episodes.selectors import episode_get_for_user


@dataclass(frozen=True)
class Casework:
    episode: Episode
    contacts: list[ContactLog]
    sightings: list[Sighting]
    enquiries: list[Enquiry]
    searches: list[SearchRecord]
    lines: list[LineOfEnquiry]
    meetings: list[LiveMeeting]
    contact_task: Task | None
    new_information_at: datetime | None
    last_assessed_at: datetime | None

    @property
    def reassess_prompt(self) -> bool:
        """New information arrived after the last grading: the grade should be looked at again."""
        return self.new_information_at is not None and (
            self.last_assessed_at is None or self.new_information_at > self.last_assessed_at
        )


def casework_for_user(*, user: User, episode_id: int, log: bool = True, reason: str = "") -> Casework:
    """The live case's record in a fixed number of queries; the read is logged by the episode selector."""
    episode = episode_get_for_user(user=user, episode_id=episode_id, reason=reason, log=log)
    contacts = list(ContactLog.objects.filter(episode=episode).select_related("recorded_by"))
    sightings = list(Sighting.objects.filter(episode=episode).select_related("recorded_by"))
    enquiries = list(Enquiry.objects.filter(episode=episode).select_related("recorded_by"))
    searches = list(SearchRecord.objects.filter(episode=episode).select_related("recorded_by"))
    lines = list(LineOfEnquiry.objects.filter(episode=episode).select_related("owner"))
    meetings = list(LiveMeeting.objects.filter(episode=episode).select_related("chaired_by"))
    contact_task = next(
        (t for t in episode.tasks.all() if t.kind == FAMILY_CONTACT and t.status == Task.State.OPEN), None
    )
    news = [s.recorded_at for s in sightings if s.credibility != Sighting.Credibility.DISCOUNTED]
    news += [e.recorded_at for e in enquiries if e.new_information]
    news += [c.recorded_at for c in contacts if c.new_information]
    last = (
        RiskAssessment.objects.filter(episode=episode)
        .order_by("-assessed_at")
        .values_list("assessed_at", flat=True)
    ).first()
    return Casework(
        episode=episode,
        contacts=contacts,
        sightings=sightings,
        enquiries=enquiries,
        searches=searches,
        lines=lines,
        meetings=meetings,
        contact_task=contact_task,
        new_information_at=max(news, default=None),
        last_assessed_at=last,
    )


def live_meeting_get_for_user(*, user: User, meeting_id: int) -> LiveMeeting:
    require(user, Can.REVIEW)
    meeting = LiveMeeting.objects.select_related("episode").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(f"no live-case meeting {meeting_id}")
    return meeting


def line_get_for_user(*, user: User, line_id: int) -> LineOfEnquiry:
    require(user, Can.RECORD_FOUND)
    line = LineOfEnquiry.objects.select_related("episode").filter(pk=line_id).first()
    if line is None:
        raise NotFound(f"no line of enquiry {line_id}")
    return line


# ---- team: rota, caseload, handover -----------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Team:
    day: date
    shifts: list[RotaShift]
    gaps: list[Gap]  # stretches of the working hours with no officer or supervisor on duty
    caseload: list[tuple[User, int, bool]]  # officer, open cases, on duty now
    handovers: list[HandoverNote]


def team_for_user(*, user: User, day: date) -> Team:
    """The day's rota against the policy's working hours, open caseload per officer, recent handovers."""
    require(user, Can.VIEW_ALL_CASES)
    hours = get_policy().working_hours
    start, end = combine_local(day, hours.start), combine_local(day, hours.end)
    shifts = list(
        RotaShift.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("user")
        .order_by("starts_at", "id")
    )
    at = now()
    on_duty = {s.user_id for s in shifts if s.starts_at <= at < s.ends_at}
    officers = _officers_with_load()
    handovers = list(
        HandoverNote.objects.filter(written_at__gte=local_day_start(day) - timedelta(days=1))
        .select_related("author", "episode__person")
        .order_by("-written_at", "-id")[:50]
    )
    caseload = [(o, getattr(o, "open_cases", 0), o.pk in on_duty) for o in officers]
    return Team(
        day=day, shifts=shifts, gaps=_gaps(shifts, start, end), caseload=caseload, handovers=handovers
    )


def _officers_with_load() -> list[User]:
    loads = dict(
        Episode.objects.filter(status__in=OPEN_STATUSES, officer__isnull=False)
        .values("officer_id")
        .annotate(n=Count("pk"))
        .values_list("officer_id", "n")
    )
    officers = list(User.objects.filter(role=Role.OFFICER, is_active=True).order_by("last_name", "id"))
    for officer in officers:
        officer.open_cases = loads.get(officer.pk, 0)  # type: ignore[attr-defined]
    return sorted(officers, key=lambda o: -o.open_cases)  # type: ignore[attr-defined]


def _gaps(shifts: list[RotaShift], start: datetime, end: datetime) -> list[Gap]:
    gaps: list[Gap] = []
    covered_until = start
    for shift in sorted(shifts, key=lambda s: s.starts_at):
        if shift.starts_at > covered_until:
            gaps.append(Gap(covered_until, min(shift.starts_at, end)))
        covered_until = max(covered_until, shift.ends_at)
        if covered_until >= end:
            break
    if covered_until < end:
        gaps.append(Gap(covered_until, end))
    return gaps
