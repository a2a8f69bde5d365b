"""`manage.py analytics_refresh [--full]`: bring the analytics fact table up to date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from misper.analytics.services import facts_refresh


class Command(BaseCommand):
    help = "Rebuild the analytics facts of every person changed since the last refresh (or all with --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{facts_refresh(full=options['full'])} episodes rebuilt")
