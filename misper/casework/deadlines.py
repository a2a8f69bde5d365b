"""The deadlines that follow an episode, as Tasks: what each episode should have, given its state.

One rule for both callers: the sweep (`deadlines_sweep`, every few minutes) creates what time and state
call for; the episode services call `deadlines_apply(create=False)` in their own transaction when a person
is found or interviewed, so that tasks no longer needed close at once. Both only add what is missing, so
running either twice creates nothing twice. Creation is left to the sweep so that the Episode returned by
`POST /reports` keeps the contract's tasks (visit and search at high risk, nothing else yet).

The UK Missing Persons Unit task is created by the first sweep after the report (minutes later), due at
+72 h, and cancelled when the person is found: the officer sees it coming from the first hour, instead of
a task born overdue when a sweep notices the 72nd hour has passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max

from misper.audit.models import AuditEvent, Operation
from misper.core.policy import get_policy
from misper.core.timeutil import now
from misper.episodes.models import OPEN_STATUSES, Episode, Grade, PreventionInterview, Status, Task
from misper.people.models import CareStatus

PNC = "pnc_entry"
UKMPU = "ukmpu_notification"
SOCIAL_WORKER = "social_worker"
CHILD_RESCUE_ALERT = "child_rescue_alert"
PREVENTION_INTERVIEW = "prevention_interview"
RETURN_HOME_INTERVIEW = "return_home_interview"
FAMILY_CONTACT = "family_contact"
LIVE_MEETING = "live_meeting"

DESCRIPTIONS = {
    PNC: "Record the person as missing on the Police National Computer",
    UKMPU: "Notify the NCA UK Missing Persons Unit (missing over 72 hours)",
    SOCIAL_WORKER: "Tell the child's social worker (looked-after child)",
    CHILD_RESCUE_ALERT: "Consider a Child Rescue Alert (high-risk child) and record the decision",
    PREVENTION_INTERVIEW: "Hold the prevention interview (safe and well check)",
    RETURN_HOME_INTERVIEW: "Make sure the local authority offers a return home interview within 72 hours",
    FAMILY_CONTACT: "Contact the family or carers (daily while missing)",
    LIVE_MEETING: "Hold the weekly live-case meeting",
}
# Only worth doing while the person is missing: cancelled when they are found.
MISSING_ONLY = frozenset({PNC, UKMPU, CHILD_RESCUE_ALERT, FAMILY_CONTACT, LIVE_MEETING})


@dataclass
class EpisodeState:
    """What the rule needs to know about one open episode."""

    episode_id: int
    status: str
    risk_grade: str
    reported_at: datetime
    found_at: datetime | None
    age: int | None
    care_status: str
    officer_id: int | None
    supervisor_id: int | None
    interviewed: bool = False
    last_contact: datetime | None = None
    tasks: dict[str, list[str]] = field(default_factory=dict)  # kind -> statuses

    @property
    def child(self) -> bool:
        return self.age is not None and self.age < get_policy().cohorts.adult_age


@dataclass
class Plan:
    create: list[Task] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)  # kinds whose open tasks are cancelled
    complete: list[str] = field(default_factory=list)  # kinds whose open tasks are done


def plan_for(state: EpisodeState, at: datetime) -> Plan:
    """The tasks to add, cancel or complete so the episode has what the policy requires."""
    deadlines = get_policy().deadlines
    plan = Plan()
    missing = state.status == Status.MISSING

    def add(kind: str, due: datetime, owner_id: int | None) -> None:
        if kind not in state.tasks:
            plan.create.append(_task(state, kind, due, owner_id, at))

    if missing:
        add(PNC, state.reported_at + timedelta(minutes=deadlines.pnc_minutes), state.officer_id)
        add(UKMPU, state.reported_at + timedelta(minutes=deadlines.ukmpu_minutes), state.officer_id)
        if state.child and state.risk_grade == Grade.HIGH:
            due = max(state.reported_at, at) + timedelta(minutes=deadlines.child_rescue_alert_minutes)
            add(CHILD_RESCUE_ALERT, due, state.supervisor_id)
        if "open" not in state.tasks.get(FAMILY_CONTACT, []):
            since = max(filter(None, [state.reported_at, state.last_contact]))
            interval = timedelta(minutes=get_policy().casework.contact_interval_minutes)
            plan.create.append(_task(state, FAMILY_CONTACT, since + interval, state.officer_id, at))
    else:
        plan.cancel.extend(k for k in MISSING_ONLY if "open" in state.tasks.get(k, []))
    if state.child and state.care_status != CareStatus.NONE:
        add(
            SOCIAL_WORKER,
            state.reported_at + timedelta(minutes=deadlines.social_worker_minutes),
            state.officer_id,
        )
    if state.found_at is not None:
        if state.interviewed:
            if "open" in state.tasks.get(PREVENTION_INTERVIEW, []):
                plan.complete.append(PREVENTION_INTERVIEW)
        else:
            due = state.found_at + timedelta(minutes=deadlines.prevention_interview_minutes)
            add(PREVENTION_INTERVIEW, due, state.officer_id)
        if state.child:
            due = state.found_at + timedelta(minutes=deadlines.return_home_interview_minutes)
            add(RETURN_HOME_INTERVIEW, due, state.officer_id)
    return plan


def _task(state: EpisodeState, kind: str, due: datetime, owner_id: int | None, at: datetime) -> Task:
    return Task(
        episode_id=state.episode_id,
        kind=kind,
        description=DESCRIPTIONS[kind],
        owner_id=owner_id,
        due_at=due,
        created_at=at,
    )


def load_states(episode_ids: Iterable[int] | None = None) -> list[EpisodeState]:
    """The state of the given episodes (default: every open one) in four queries, whatever their number."""
    episodes = Episode.objects.filter(status__in=OPEN_STATUSES)
    if episode_ids is not None:
        episodes = episodes.filter(pk__in=list(episode_ids))
    states = {
        row["pk"]: EpisodeState(
            episode_id=row["pk"],
            status=row["status"],
            risk_grade=row["risk_grade"],
            reported_at=row["reported_at"],
            found_at=row["found_at"],
            age=row["age_at_missing"],
            care_status=row["care_status"],
            officer_id=row["officer_id"],
            supervisor_id=row["supervisor_id"],
        )
        for row in episodes.values(
            "pk",
            "status",
            "risk_grade",
            "reported_at",
            "found_at",
            "age_at_missing",
            "care_status",
            "officer_id",
            "supervisor_id",
        )
    }
    scope = {"episode__status__in": OPEN_STATUSES}
    if episode_ids is not None:
        scope = {"episode_id__in": list(states)}  # type: ignore[dict-item]
    for episode_id, kind, status in Task.objects.filter(**scope).values_list("episode_id", "kind", "status"):
        if episode_id in states:
            states[episode_id].tasks.setdefault(kind, []).append(status)
    for episode_id in PreventionInterview.objects.filter(**scope).values_list("episode_id", flat=True):
        if episode_id in states:
            states[episode_id].interviewed = True
    from misper.casework.models import ContactLog

    contacts = ContactLog.objects.filter(**scope).values("episode_id").annotate(last=Max("contacted_at"))
    for row in contacts:
        if row["episode_id"] in states:
            states[row["episode_id"]].last_contact = row["last"]
    return list(states.values())


def apply_plans(plans: dict[int, Plan], at: datetime) -> int:
    """Write the plans: bulk inserts and updates, one audit row per change. Returns tasks created."""
    created = Task.objects.bulk_create([t for p in plans.values() for t in p.create])
    audit = [
        AuditEvent(
            object_type="episode",
            object_id=t.episode_id,
            operation=Operation.ALTERATION,
            event="task.created",
            at=at,
            summary=f"Deadline set: {t.description}, due {t.due_at:%d/%m/%Y %H:%M} (policy)",
        )
        for t in created
    ]
    for outcome, attribute, state in (
        ("No longer needed: person found", "cancel", Task.State.CANCELLED),
        ("Prevention interview recorded", "complete", Task.State.DONE),
    ):
        by_kind: dict[str, list[int]] = defaultdict(list)
        for episode_id, plan in plans.items():
            for kind in getattr(plan, attribute):
                by_kind[kind].append(episode_id)
        for kind, ids in by_kind.items():
            Task.objects.filter(episode_id__in=ids, kind=kind, status=Task.State.OPEN).update(
                status=state, completed_at=at, outcome=outcome
            )
            audit.extend(
                AuditEvent(
                    object_type="episode",
                    object_id=i,
                    operation=Operation.ALTERATION,
                    event="task.closed_by_rule",
                    at=at,
                    summary=f"Task {kind}: {outcome.lower()}",
                )
                for i in ids
            )
    AuditEvent.objects.bulk_create(audit, batch_size=1000)
    return len(created)


def deadlines_apply(*, episode: Episode, create: bool = True) -> int:
    """Bring one episode's deadline tasks up to date; runs in the caller's transaction."""
    at = now()
    plans = {s.episode_id: plan_for(s, at) for s in load_states([episode.pk])}
    if not create:
        for plan in plans.values():
            plan.create = []
    return apply_plans(plans, at)


def _changes(plan: Plan) -> bool:
    return bool(plan.create or plan.cancel or plan.complete)


def deadlines_sweep(at: datetime) -> int:
    """Every open episode: find those whose tasks lag their state, then fix them under a lock on each."""
    behind = [s.episode_id for s in load_states() if _changes(plan_for(s, at))]
    created = 0
    for start in range(0, len(behind), 500):
        ids = behind[start : start + 500]
        # Lock, then read again: a report or a 'found' committed meanwhile has already done its part.
        list(Episode.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        plans = {s.episode_id: plan_for(s, at) for s in load_states(ids)}
        created += apply_plans({k: p for k, p in plans.items() if _changes(p)}, at)
    return created
