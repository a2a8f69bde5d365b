"""Reads for users and tokens, and the choice of staff by role, team and open caseload."""

from __future__ import annotations

from collections.abc import Sequence

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


def active_staff(*, roles: Sequence[str], team_id: int | None = None) -> list[User]:
    users = User.objects.filter(role__in=roles, is_active=True)
    if team_id is not None:
        users = users.filter(team_id=team_id)
    return list(users.order_by("id"))


def least_loaded(*, candidates: list[User], field: str) -> User | None:
    """The candidate with the fewest unclosed episodes in `field` (officer or supervisor); ties by id."""
    if not candidates:
        return None
    from misper.episodes.models import OPEN_STATUSES, Episode

    loads = dict(
        Episode.objects.filter(status__in=OPEN_STATUSES)
        .filter(**{f"{field}__in": [c.pk for c in candidates]})
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    return min(candidates, key=lambda user: (loads.get(user.pk, 0), user.pk))


def current_user(request: HttpRequest) -> User:
    """The signed-in user of a page behind login_required (never anonymous there)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("sign in first")
    return user
