"""Writes of the daily tasking meeting: the DCI's decisions, each with its action as a Task."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.briefings.models import TaskingDecision
from misper.core.errors import InvalidInput, StateConflict
from misper.core.timeutil import local, now
from misper.episodes.models import Episode, Status, Task
from misper.notifications.models import Notification
from misper.notifications.services import notification_push

TASKING_ACTION = "tasking_action"


def decision_record(
    *,
    actor: User,
    meeting_date: date,
    episode: Episode,
    decision: str,
    action: str,
    owner: User | None,
    due_at: datetime,
) -> TaskingDecision:
    """Record a decision of the meeting; its action becomes a Task for the owner (default: the officer)."""
    require(actor, Can.REVIEW)
    if not decision.strip():
        raise InvalidInput("record the decision", field="decision")
    if not action.strip():
        raise InvalidInput("say what is to be done", field="action")
    if due_at < now() - timedelta(minutes=5):
        raise InvalidInput("cannot be in the past", field="due_at")
    with transaction.atomic():
        locked = Episode.objects.select_for_update(of=("self",)).select_related("officer").get(pk=episode.pk)
        if locked.status == Status.CLOSED:
            raise StateConflict("the case is closed")
        who = owner or locked.officer
        task = Task.objects.create(
            episode=locked,
            kind=TASKING_ACTION,
            description=action.strip()[:500],
            owner=who,
            due_at=due_at,
            created_at=now(),
        )
        record = TaskingDecision.objects.create(
            meeting_date=meeting_date,
            episode=locked,
            decision=decision.strip(),
            task=task,
            recorded_by=actor,
            recorded_at=now(),
        )
        audit_record(
            object_type="episode",
            object_id=locked.pk,
            operation=Operation.ALTERATION,
            event="tasking.decision",
            actor=actor,
            summary=f"Daily tasking meeting {meeting_date:%d/%m/%Y}: {decision.strip()[:200]}; "
            f"action for {who.display_name if who else 'nobody'} by {local(due_at):%d/%m %H:%M}",
        )
        if who is not None:
            notification_push(
                recipient_id=who.pk,
                kind=Notification.Kind.TASK,
                episode=locked,
                message=f"Tasking meeting action on episode {locked.pk}: {action.strip()[:200]}",
            )
    return record
