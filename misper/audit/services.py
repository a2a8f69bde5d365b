"""Writing the section 62 log. Services call these inside their own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from misper.accounts.models import User
from misper.audit.models import AuditEvent, Operation
from misper.core.timeutil import now


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


def audit_record(
    *,
    object_type: str,
    object_id: int,
    operation: Operation,
    event: str,
    actor: User | None,
    summary: str = "",
    justification: str = "",
    recipients: Iterable[str] = (),
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    clean_changes = {key: [_jsonable(old), _jsonable(new)] for key, (old, new) in (changes or {}).items()}
    return AuditEvent.objects.create(
        object_type=object_type,
        object_id=object_id,
        operation=operation,
        event=event,
        summary=summary[:500],
        actor=actor,
        at=at or now(),
        justification=justification[:500],
        recipients=list(recipients),
        changes=clean_changes,
    )


def audit_consultations(
    *, object_type: str, reads: Iterable[tuple[int, str]], actor: User, event: str
) -> None:
    """Log a read of each object; `reads` pairs an object id with the justification for reading it."""
    at = now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            object_type=object_type,
            object_id=object_id,
            operation=Operation.CONSULTATION,
            event=event,
            actor=actor,
            at=at,
            justification=justification[:500],
        )
        for object_id, justification in reads
    )
