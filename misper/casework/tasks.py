"""Background jobs of live casework (huey): the deadline and escalation sweep every few minutes."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from misper.casework.services import sweep_run
from misper.core.policy import get_policy
from misper.notifications.email import email_notifications


@db_periodic_task(crontab(minute=f"*/{get_policy().escalation.sweep_every_minutes}"))  # type: ignore[untyped-decorator]
def deadline_sweep() -> None:
    """Set the deadlines time has brought, schedule weekly meetings, escalate what is overdue, and mail
    any notification whose on-commit email job was lost (a worker restart)."""
    sweep_run()
    email_notifications()
