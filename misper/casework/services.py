"""Writes on a live case: contact, sightings, enquiries, searches, lines of enquiry, weekly meetings;
the rota and handover notes; and the sweep that sets deadlines, schedules meetings and escalates.

Each service checks the role, then the input (every error names its field), then the case's state, and
writes its audit row in the same short transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, require
from misper.accounts.selectors import caseloads
from misper.audit.models import AuditEvent, Operation
from misper.audit.services import audit_record
from misper.casework.deadlines import FAMILY_CONTACT, LIVE_MEETING, deadlines_apply, deadlines_sweep
from misper.casework.models import (
    ContactLog,
    Enquiry,
    Escalation,
    HandoverNote,
    LineOfEnquiry,
    LiveMeeting,
    RotaShift,
    SearchRecord,
    Sighting,
)
from misper.core.errors import InvalidInput, StateConflict
from misper.core.policy import get_policy
from misper.core.timeutil import local, now
from misper.episodes.models import OPEN_STATUSES, Episode, Status, Task
from misper.notifications.models import Notification
from misper.notifications.tasks import email_after_commit

# ---- validation -------------------------------------------------------------------------------------


def _when(value: datetime, *, field: str, episode: Episode) -> None:
    """A time on the case: not in the future, not before the person went missing."""
    if value > now() + get_policy().clock_skew:
        raise InvalidInput("cannot be in the future", field=field)
    if value < episode.missing_since:
        raise InvalidInput(
            f"cannot be before the person went missing ({local(episode.missing_since):%d/%m/%Y %H:%M})",
            field=field,
        )


def _required(value: str, *, field: str, what: str) -> str:
    if not value.strip():
        raise InvalidInput(f"say {what}", field=field)
    return value.strip()


def _choice(value: str, choices: Sequence[str], *, field: str) -> str:
    if value not in choices:
        raise InvalidInput(f"choose one of {', '.join(choices)}", field=field)
    return value


def _open_case(episode_id: int) -> Episode:
    episode = Episode.objects.select_for_update(of=("self",)).get(pk=episode_id)
    if episode.status == Status.CLOSED:
        raise StateConflict("the case is closed")
    return episode


def _audit(episode: Episode, actor: User, event: str, summary: str) -> None:
    audit_record(
        object_type="episode",
        object_id=episode.pk,
        operation=Operation.COLLECTION,
        event=event,
        actor=actor,
        summary=summary,
    )


# ---- contact with family and carers ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ContactInput:
    contact_with: str
    method: str
    contacted_at: datetime
    outcome: str
    relationship: str = ""
    new_information: bool = False


def contact_record(*, episode: Episode, actor: User, data: ContactInput) -> ContactLog:
    """Log a contact; it meets today's contact task and sets the next one a day later."""
    require(actor, Can.RECORD_FOUND)
    _required(data.contact_with, field="contact_with", what="who was contacted")
    _choice(data.method, ContactLog.Method.values, field="method")
    _required(data.outcome, field="outcome", what="what came of the contact")
    _when(data.contacted_at, field="contacted_at", episode=episode)
    with transaction.atomic():
        locked = _open_case(episode.pk)
        contact = ContactLog.objects.create(
            episode=locked,
            contact_with=data.contact_with.strip(),
            relationship=data.relationship.strip(),
            method=data.method,
            contacted_at=data.contacted_at,
            outcome=data.outcome.strip(),
            new_information=data.new_information,
            recorded_by=actor,
            recorded_at=now(),
        )
        Task.objects.filter(episode=locked, kind=FAMILY_CONTACT, status=Task.State.OPEN).update(
            status=Task.State.DONE, completed_at=now(), completed_by=actor, outcome="Contact logged"
        )
        _audit(
            locked,
            actor,
            "casework.contact",
            f"Contact with {contact.contact_with} ({contact.get_method_display()}): {contact.outcome[:200]}",
        )
        deadlines_apply(episode=locked)
    return contact


# ---- sightings, enquiries, searches -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SightingInput:
    seen_at: datetime
    place: str
    source: str
    credibility: str
    details: str = ""


def sighting_record(*, episode: Episode, actor: User, data: SightingInput) -> Sighting:
    require(actor, Can.RECORD_FOUND)
    _required(data.place, field="place", what="where the person was seen")
    _required(data.source, field="source", what="who reported the sighting")
    _choice(data.credibility, Sighting.Credibility.values, field="credibility")
    _when(data.seen_at, field="seen_at", episode=episode)
    with transaction.atomic():
        locked = _open_case(episode.pk)
        sighting = Sighting.objects.create(
            episode=locked,
            seen_at=data.seen_at,
            place=data.place.strip(),
            source=data.source.strip(),
            credibility=data.credibility,
            details=data.details.strip(),
            recorded_by=actor,
            recorded_at=now(),
        )
        _audit(
            locked,
            actor,
            "casework.sighting",
            f"Sighting at {sighting.place}, {local(sighting.seen_at):%d/%m %H:%M} "
            f"({sighting.get_credibility_display()}, from {sighting.source})",
        )
    return sighting


@dataclass(frozen=True, kw_only=True)
class EnquiryInput:
    kind: str
    target: str
    made_at: datetime
    result: str = ""
    new_information: bool = False


def enquiry_record(*, episode: Episode, actor: User, data: EnquiryInput) -> Enquiry:
    require(actor, Can.RECORD_FOUND)
    _choice(data.kind, Enquiry.Kind.values, field="kind")
    _required(data.target, field="target", what="who was asked (hospital, custody suite, bank...)")
    _when(data.made_at, field="made_at", episode=episode)
    with transaction.atomic():
        locked = _open_case(episode.pk)
        enquiry = Enquiry.objects.create(
            episode=locked,
            kind=data.kind,
            target=data.target.strip(),
            made_at=data.made_at,
            result=data.result.strip(),
            new_information=data.new_information,
            recorded_by=actor,
            recorded_at=now(),
        )
        _audit(
            locked,
            actor,
            "casework.enquiry",
            f"{enquiry.get_kind_display()} enquiry with {enquiry.target}: "
            f"{enquiry.result[:200] or 'no result yet'}",
        )
    return enquiry


@dataclass(frozen=True, kw_only=True)
class SearchInput:
    address: str
    area: str
    searched_by: str
    searched_at: datetime
    area_detail: str = ""
    result: str = ""


def search_record(*, episode: Episode, actor: User, data: SearchInput) -> SearchRecord:
    require(actor, Can.RECORD_FOUND)
    _required(data.address, field="address", what="which address was searched")
    _choice(data.area, SearchRecord.Area.values, field="area")
    _required(data.searched_by, field="searched_by", what="who searched")
    _when(data.searched_at, field="searched_at", episode=episode)
    with transaction.atomic():
        locked = _open_case(episode.pk)
        record = SearchRecord.objects.create(
            episode=locked,
            address=data.address.strip(),
            area=data.area,
            area_detail=data.area_detail.strip(),
            searched_by=data.searched_by.strip(),
            searched_at=data.searched_at,
            result=data.result.strip(),
            recorded_by=actor,
            recorded_at=now(),
        )
        _audit(
            locked,
            actor,
            "casework.search",
            f"Searched {record.get_area_display()} {record.area_detail} at {record.address} "
            f"by {record.searched_by}: {record.result[:200] or 'nothing found'}",
        )
    return record


# ---- lines of enquiry -------------------------------------------------------------------------------


def line_open(*, episode: Episode, actor: User, description: str, owner: User | None) -> LineOfEnquiry:
    require(actor, Can.REVIEW)
    text = _required(description, field="description", what="what the line of enquiry is")
    with transaction.atomic():
        locked = _open_case(episode.pk)
        line = LineOfEnquiry.objects.create(
            episode=locked, description=text[:500], owner=owner, recorded_by=actor, recorded_at=now()
        )
        _audit(locked, actor, "casework.line_opened", f"Line of enquiry: {line.description}")
    return line


def line_close(*, line: LineOfEnquiry, actor: User, result: str) -> LineOfEnquiry:
    require(actor, Can.RECORD_FOUND)
    text = _required(result, field="result", what="what the line of enquiry found")
    with transaction.atomic():
        if not LineOfEnquiry.objects.filter(pk=line.pk, status=LineOfEnquiry.State.OPEN).update(
            status=LineOfEnquiry.State.CLOSED, result=text
        ):
            raise StateConflict("this line of enquiry is already closed")
        _audit(line.episode, actor, "casework.line_closed", f"Line closed: {line.description}: {text[:200]}")
    line.refresh_from_db()
    return line


# ---- weekly live-case meetings ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActionInput:
    description: str
    due_at: datetime
    owner: User | None = None


def live_meeting_hold(
    *, meeting: LiveMeeting, actor: User, held_at: datetime, minutes: str, actions: Sequence[ActionInput] = ()
) -> LiveMeeting:
    """Minute the weekly meeting; each agreed action becomes a Task on the case."""
    require(actor, Can.REVIEW)
    text = _required(minutes, field="minutes", what="what the meeting decided")
    for index, action in enumerate(actions):
        _required(action.description, field=f"actions[{index}].description", what="what is to be done")
    with transaction.atomic():
        episode = _open_case(meeting.episode_id)
        _when(held_at, field="held_at", episode=episode)
        if not LiveMeeting.objects.filter(pk=meeting.pk, held_at__isnull=True).update(
            held_at=held_at, chaired_by=actor, minutes=text
        ):
            raise StateConflict("this meeting is already minuted")
        if meeting.task_id:
            Task.objects.filter(pk=meeting.task_id, status=Task.State.OPEN).update(
                status=Task.State.DONE, completed_at=now(), completed_by=actor, outcome="Meeting held"
            )
        for action in actions:
            Task.objects.create(
                episode=episode,
                kind="meeting_action",
                description=action.description.strip()[:500],
                owner=action.owner or episode.officer,
                due_at=action.due_at,
                created_at=now(),
            )
        _audit(
            episode,
            actor,
            "casework.live_meeting",
            f"Week {meeting.number} live-case meeting held; {len(actions)} actions. {text[:200]}",
        )
    meeting.refresh_from_db()
    return meeting


def _schedule_live_meetings(at: datetime) -> int:
    """The next weekly meeting of every case missing longer than the policy's week, with its task."""
    policy = get_policy().casework
    after = timedelta(days=policy.live_meeting_after_days)
    interval = timedelta(days=policy.live_meeting_interval_days)
    long_missing = list(
        Episode.objects.filter(status=Status.MISSING, missing_since__lte=at - after).values_list(
            "pk", "missing_since", "supervisor_id"
        )
    )
    scheduled = dict(
        LiveMeeting.objects.filter(episode_id__in=[e[0] for e in long_missing])
        .values("episode_id")
        .annotate(n=Max("number"))
        .values_list("episode_id", "n")
    )
    created = 0
    for episode_id, missing_since, supervisor_id in long_missing:
        week = 1 + int((at - missing_since - after) / interval)
        if scheduled.get(episode_id, 0) >= week:
            continue
        when = missing_since + after + (week - 1) * interval
        task = Task.objects.create(
            episode_id=episode_id,
            kind=LIVE_MEETING,
            description=f"Hold the week {week} live-case meeting (missing over a week)",
            owner_id=supervisor_id,
            due_at=when + timedelta(days=1),
            created_at=at,
        )
        LiveMeeting.objects.create(episode_id=episode_id, number=week, scheduled_for=when, task=task)
        created += 1
    return created


# ---- escalation -------------------------------------------------------------------------------------


def _escalate(at: datetime) -> int:
    """Overdue open tasks go to the case's supervisor, later to a DI: one Escalation row and one
    notification per level, ever (the unique constraint makes a repeat impossible)."""
    policy = get_policy().escalation
    levels = [
        (Escalation.Level.SUPERVISOR, policy.supervisor_after_minutes),
        (Escalation.Level.DI, policy.di_after_minutes),
    ]
    total = 0
    for level, after in levels:
        overdue = list(
            Task.objects.filter(
                status=Task.State.OPEN,
                due_at__lt=at - timedelta(minutes=after),
                episode__status__in=OPEN_STATUSES,
            )
            .exclude(escalations__level=level)
            .select_related("episode")
            .order_by("due_at", "id")
        )
        if not overdue:
            continue
        di = caseloads(roles=[Role.DI]).least_loaded(roles=[Role.DI], field="supervisor")
        rows, notices, audit = [], [], []
        for task in overdue:
            to_id = (
                task.episode.supervisor_id
                if level == Escalation.Level.SUPERVISOR
                else (di.pk if di else None)
            )
            rows.append(Escalation(task=task, level=level, escalated_to_id=to_id, escalated_at=at))
            late = f"{local(task.due_at):%d/%m %H:%M}"
            if to_id is not None:
                notices.append(
                    Notification(
                        recipient_id=to_id,
                        kind=Notification.Kind.OVERDUE,
                        episode_id=task.episode_id,
                        message=f"Overdue on episode {task.episode_id}: {task.description or task.kind} "
                        f"(due {late}, owner {'set' if task.owner_id else 'none'})",
                        created_at=at,
                    )
                )
            audit.append(
                AuditEvent(
                    object_type="episode",
                    object_id=task.episode_id,
                    operation=Operation.ALTERATION,
                    event="task.escalated",
                    at=at,
                    summary=f"Task {task.kind} overdue since {late}: escalated to the {level.label}",
                )
            )
        Escalation.objects.bulk_create(rows, batch_size=500)
        pushed = Notification.objects.bulk_create(notices, batch_size=500)
        AuditEvent.objects.bulk_create(audit, batch_size=500)
        email_after_commit([n.pk for n in pushed])
        total += len(rows)
    return total


# ---- the sweep --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    tasks_created: int
    meetings_scheduled: int
    escalations: int


def sweep_run(*, at: datetime | None = None) -> SweepResult:
    """One pass of deadlines, weekly meetings and escalations. Idempotent: a second pass adds nothing."""
    at = at or now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Two sweeps (the periodic one and `run_sweep` by hand) take turns; SQLite's IMMEDIATE
            # transactions already do.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(4242001)")
        tasks = deadlines_sweep(at)
        meetings = _schedule_live_meetings(at)
        escalations = _escalate(at)
    return SweepResult(tasks_created=tasks, meetings_scheduled=meetings, escalations=escalations)


# ---- rota and handover ------------------------------------------------------------------------------


def shift_add(*, actor: User, user: User, starts_at: datetime, ends_at: datetime) -> RotaShift:
    require(actor, Can.REALLOCATE)
    if ends_at <= starts_at:
        raise InvalidInput("a shift must end after it starts", field="ends_at")
    if ends_at - starts_at > timedelta(hours=16):
        raise InvalidInput("a shift cannot be longer than 16 hours", field="ends_at")
    with transaction.atomic():
        shift = RotaShift.objects.create(user=user, starts_at=starts_at, ends_at=ends_at, created_by=actor)
        audit_record(
            object_type="user",
            object_id=user.pk,
            operation=Operation.COLLECTION,
            event="rota.shift",
            actor=actor,
            summary=f"On duty {local(starts_at):%d/%m %H:%M} to {local(ends_at):%H:%M}",
        )
    return shift


def handover_write(*, actor: User, text: str, episode: Episode | None = None) -> HandoverNote:
    require(actor, Can.VIEW_CASES)
    body = _required(text, field="text", what="what the next shift needs to know")
    with transaction.atomic():
        note = HandoverNote.objects.create(author=actor, written_at=now(), text=body, episode=episode)
        audit_record(
            object_type="episode" if episode else "user",
            object_id=episode.pk if episode else actor.pk,
            operation=Operation.COLLECTION,
            event="handover.written",
            actor=actor,
            summary=f"Handover note: {body[:200]}",
        )
    return note
