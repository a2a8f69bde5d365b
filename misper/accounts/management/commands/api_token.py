"""api_token USERNAME --role ROLE [--organisation NAME]: create the user if missing and print a new token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from misper.accounts.models import Role, User
from misper.accounts.services import api_token_create, organisation_get_or_create, user_create
from misper.core.errors import DomainError


class Command(BaseCommand):
    help = "Create the user if missing, with the role, and print a new API token as the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", default="", help="partner organisation (created if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        username, role = options["username"], options["role"]
        organisation_name = options["organisation"].strip()
        if role == Role.PARTNER and not organisation_name:
            raise CommandError("--organisation: a partner user needs the name of their organisation")
        user = User.objects.filter(username=username).first()
        if user is None:
            organisation = organisation_get_or_create(name=organisation_name) if organisation_name else None
            try:
                user = user_create(username=username, role=role, organisation=organisation)
            except (DomainError, ValidationError) as exc:
                raise CommandError(str(exc)) from exc
            self.stderr.write(f"Created user {username} ({role}).")
        elif user.role != role:
            raise CommandError(
                f"{username} exists with role {user.role}, not {role}; change it as an administrator"
            )
        _, raw = api_token_create(user=user, name="api_token command")
        self.stdout.write(raw)
