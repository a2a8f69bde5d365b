"""Reads for users and tokens, and the choice of staff by role, team and open caseload."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest

from misper.accounts.models import ApiToken, User


def user_for_token(raw: str) -> User | None:
    from misper.accounts.services import hash_token

    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


@dataclass
class Caseloads:
    """Active staff and their open cases, read once (three queries) and then chosen from in memory."""

    staff: list[User]
    as_officer: dict[int, int]
    as_supervisor: dict[int, int]

    def least_loaded(self, *, roles: Sequence[str], field: str, team_id: int | None = None) -> User | None:
        """The user of those roles (and team) with the fewest open cases in `field`; ties by id."""
        loads = self.as_officer if field == "officer" else self.as_supervisor
        candidates = [u for u in self.staff if u.role in roles and (team_id is None or u.team_id == team_id)]
        return min(candidates, key=lambda u: (loads.get(u.pk, 0), u.pk), default=None)


def caseloads(*, roles: Sequence[str]) -> Caseloads:
    from misper.episodes.models import OPEN_STATUSES, Episode

    open_cases = Episode.objects.filter(status__in=OPEN_STATUSES)

    def count_by(field: str) -> dict[int, int]:
        rows = open_cases.filter(**{f"{field}__isnull": False}).values_list(field).annotate(n=Count("pk"))
        return {int(pk): int(n) for pk, n in rows.values_list(field, "n")}

    staff = list(User.objects.filter(role__in=roles, is_active=True).order_by("id"))
    return Caseloads(staff=staff, as_officer=count_by("officer"), as_supervisor=count_by("supervisor"))


def current_user(request: HttpRequest) -> User:
    """The signed-in user of a page behind login_required (never anonymous there)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("sign in first")
    return user
