"""run_sweep: one deadline and escalation sweep, now (the periodic job does the same every few minutes)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from misper.casework.services import sweep_run


class Command(BaseCommand):
    help = "Run one deadline and escalation sweep: deadline tasks, weekly meetings, escalations."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = sweep_run()
        self.stdout.write(
            f"Sweep done in {time.perf_counter() - started:.2f} s: {result.tasks_created} tasks created, "
            f"{result.meetings_scheduled} weekly meetings scheduled, {result.escalations} escalations."
        )
