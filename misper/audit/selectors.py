"""Reading the audit log: DCI and administrators only."""

from __future__ import annotations

from django.db.models import QuerySet

from misper.accounts.models import Role, User
from misper.audit.models import AuditEvent
from misper.core.errors import InvalidInput, NotAllowed

AUDIT_READERS = frozenset({Role.DCI, Role.ADMIN})
OBJECT_TYPES = frozenset({"episode", "person"})


def parse_object_ref(ref: str) -> tuple[str, int]:
    kind, _, raw_id = ref.partition(":")
    # isdigit() alone accepts digits such as '²' that int() refuses.
    if kind not in OBJECT_TYPES or not (raw_id.isascii() and raw_id.isdigit()):
        raise InvalidInput("expected episode:ID or person:ID", field="object")
    return kind, int(raw_id)


def audit_events_for_user(*, user: User, object_ref: str) -> QuerySet[AuditEvent]:
    if user.role not in AUDIT_READERS:
        raise NotAllowed("only the DCI and administrators may read the audit log")
    kind, object_id = parse_object_ref(object_ref)
    return AuditEvent.objects.filter(object_type=kind, object_id=object_id).select_related("actor")


def timeline_for(*, object_type: str, object_id: int) -> QuerySet[AuditEvent]:
    """Everything that changed a case, oldest first (reads are in the access log, not the timeline)."""
    return (
        AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
        .exclude(operation="consultation")
        .select_related("actor")
    )
