"""`manage.py generate_national --episodes 3300000 --persons 1200000`: a national-scale history."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from misper.analytics.national import Plan, bar, generate


class Command(BaseCommand):
    help = "Stream a national-scale synthetic history (people, episodes, facts) into the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--episodes", type=int, default=3_300_000)
        parser.add_argument("--persons", type=int, default=1_200_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--chunk", type=int, default=50_000, help="people per transaction")
        parser.add_argument("--workers", type=int, default=2, help="COPY connections (PostgreSQL)")

    def handle(self, *args: Any, **options: Any) -> None:
        episodes, persons = options["episodes"], options["persons"]
        if persons < 1 or episodes < persons:
            raise CommandError("--episodes must be at least --persons, and --persons at least 1")
        plan = Plan(
            episodes, persons, options["years"], options["seed"], options["chunk"], workers=options["workers"]
        )
        result = generate(plan, progress=bar if options["verbosity"] else None)
        self.stdout.write(
            f"{int(result['episodes']):,} episodes streamed in {result['seconds']:.1f} s "
            f"({result['episodes'] / result['seconds']:,.0f} episodes/s); "
            f"with indexes rebuilt, sequences, statistics and vacuum {result['total_seconds']:.1f} s "
            f"({result['episodes'] / result['total_seconds']:,.0f} episodes/s)"
        )
