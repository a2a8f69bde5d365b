"""What each role may do: the one table of role-level access. Object-level rules live in selectors."""

from __future__ import annotations

from enum import StrEnum

from misper.accounts.models import Role, User
from misper.core.errors import NotAllowed


class Can(StrEnum):
    REPORT = "file a missing report"
    VIEW_CASES = "view cases"
    VIEW_ALL_CASES = "view every case"
    RECORD_FOUND = "record that a person was found"
    RECORD_INTERVIEW = "record a prevention interview"
    REVIEW = "review a case"
    CLOSE = "close a case"
    REALLOCATE = "reallocate a case"
    COMPLETE_TASKS = "complete tasks"
    READ_AUDIT = "read the audit log"
    MERGE = "merge or unmerge person records"
    VIEW_DIRECTORY = "look up partner contacts"
    KEEP_DIRECTORY = "keep the partner directory and partner meetings"


_INVESTIGATE = {
    Can.VIEW_CASES,
    Can.VIEW_ALL_CASES,
    Can.RECORD_FOUND,
    Can.RECORD_INTERVIEW,
    Can.COMPLETE_TASKS,
    Can.VIEW_DIRECTORY,
}
_SUPERVISE = _INVESTIGATE | {Can.REPORT, Can.REVIEW, Can.CLOSE, Can.REALLOCATE, Can.MERGE}

ROLE_CAPABILITIES: dict[str, frozenset[Can]] = {
    Role.DCI: frozenset(_SUPERVISE | {Can.READ_AUDIT, Can.KEEP_DIRECTORY}),
    Role.DI: frozenset(_SUPERVISE | {Can.KEEP_DIRECTORY}),
    Role.DS: frozenset(_SUPERVISE),
    Role.OFFICER: frozenset(_INVESTIGATE | {Can.REPORT}),
    # Call handlers and response officers take reports and do the first visit and search: they see
    # the live cases and the cases they reported or hold tasks on, not the whole archive.
    Role.CALL_HANDLER: frozenset(
        {Can.REPORT, Can.VIEW_CASES, Can.RECORD_FOUND, Can.COMPLETE_TASKS, Can.VIEW_DIRECTORY}
    ),
    Role.ANALYST: frozenset({Can.VIEW_CASES, Can.VIEW_ALL_CASES, Can.VIEW_DIRECTORY}),
    Role.INTEL: frozenset({Can.VIEW_CASES, Can.VIEW_ALL_CASES, Can.VIEW_DIRECTORY}),
    Role.COORDINATOR: frozenset(
        {Can.VIEW_CASES, Can.VIEW_ALL_CASES, Can.COMPLETE_TASKS, Can.VIEW_DIRECTORY, Can.KEEP_DIRECTORY}
    ),
    Role.PARTNER: frozenset(),
    Role.ADMIN: frozenset({Can.READ_AUDIT}),
}

# A review of a grade needs its policy role or a more senior one.
SENIORITY: dict[str, int] = {Role.DS: 1, Role.DI: 2, Role.DCI: 3}


def can(user: User, capability: Can) -> bool:
    return user.is_active and capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def require(user: User, capability: Can) -> None:
    if not can(user, capability):
        raise NotAllowed(f"your role ({user.get_role_display()}) may not {capability.value}")


def outranks_or_equals(role: str, required_role: str) -> bool:
    return SENIORITY.get(role, 0) >= SENIORITY.get(required_role, 99)
