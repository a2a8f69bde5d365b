"""API: the section 62 log of one object."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from misper.accounts.models import User
from misper.audit.selectors import audit_events_for_user
from misper.core.schemas import Timestamp

router = Router(tags=["audit"])


class ActorOut(Schema):
    username: str


class AuditEventOut(Schema):
    operation: str
    event: str
    actor: ActorOut | None
    at: Timestamp
    justification: str
    recipients: list[str]
    summary: str


class AuditFilter(Schema):
    object: str = Field(description="episode:ID or person:ID", max_length=40)


@router.get("/audit/events", response=list[AuditEventOut], summary="Audit events of one object, oldest first")
def list_audit_events(request: HttpRequest, filters: Query[AuditFilter]) -> list[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    events = audit_events_for_user(user=user, object_ref=filters.object)
    return [
        {
            "operation": e.operation,
            "event": e.event,
            "actor": {"username": e.actor.username} if e.actor else None,
            "at": e.at,
            "justification": e.justification,
            "recipients": e.recipients,
            "summary": e.summary,
        }
        for e in events
    ]
