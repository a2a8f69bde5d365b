"""dedupe_persons: run the nightly duplicate sweep now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from misper.people.services import dedupe_all_persons


class Command(BaseCommand):
    help = "Cluster every person record with the matching engine and queue likely duplicates."

    def handle(self, *args: Any, **options: Any) -> None:
        created = dedupe_all_persons()
        self.stdout.write(f"{created} new pairs in the duplicates queue.")
