"""Who sees what of analytics: dashboards for analysts and the senior investigators, the network for
intelligence. Aggregates only; the person-level network is the intelligence officer's alone."""

from __future__ import annotations

from misper.accounts.models import Role, User
from misper.core.errors import NotAllowed

DASHBOARD_ROLES = frozenset({Role.ANALYST, Role.DCI, Role.DI})
NETWORK_ROLES = frozenset({Role.INTEL})


def may_see_dashboards(user: User) -> bool:
    return user.is_active and user.role in DASHBOARD_ROLES


def may_see_network(user: User) -> bool:
    return user.is_active and user.role in NETWORK_ROLES


def require_dashboards(user: User) -> None:
    if not may_see_dashboards(user):
        raise NotAllowed(f"your role ({user.get_role_display()}) may not see the performance dashboards")


def require_network(user: User) -> None:
    if not may_see_network(user):
        raise NotAllowed(f"your role ({user.get_role_display()}) may not see the co-missing network")
