"""Background jobs of the people app (huey)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from misper.people.services import dedupe_all_persons


@db_periodic_task(crontab(hour="2", minute="30"))  # type: ignore[untyped-decorator]
def nightly_duplicate_sweep() -> None:
    """Run the matching engine over every person and queue the likely duplicates for supervisors."""
    dedupe_all_persons()
