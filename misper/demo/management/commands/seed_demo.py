"""seed_demo [--episodes N] [--seed S]: a realistic synthetic force."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from misper.demo.generator import DEMO_PASSWORD, database_is_empty, seed
from misper.people.services import dedupe_all_persons


class Command(BaseCommand):
    help = "Seed a deterministic synthetic force: staff of every role, partners, people and episodes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--episodes", type=int, default=11_000, help="episodes over two years (default 11000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed: same seed, same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing unless the database is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["episodes"] < 0:
            raise CommandError("--episodes must be zero or more")
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("The database already has data; not seeding.")
                return
            raise CommandError("The database already has data; seed_demo only fills an empty database.")
        counts = seed(
            episodes=options["episodes"],
            seed_value=options["seed"],
            progress=lambda line: self.stderr.write(line),
        )
        queued = dedupe_all_persons()
        self.stdout.write(
            f"Seeded {counts['episodes']} episodes about {counts['persons']} people, "
            f"{counts['staff']} users; "
            f"{queued} possible duplicate records queued for supervisors."
        )
        self.stdout.write(
            f"Demo sign-ins (password for all: {DEMO_PASSWORD}): dci, di, ds, officer, analyst, "
            "intel, coordinator, call_handler, partner, admin"
        )
