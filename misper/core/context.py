"""Template context: what the signed-in user may do, for the navigation."""

from __future__ import annotations

from django.http import HttpRequest

from misper.accounts.models import User
from misper.accounts.permissions import Can, can


def capabilities(request: HttpRequest) -> dict[str, dict[str, bool]]:
    user = request.user
    if not isinstance(user, User):
        return {"may": {}}
    return {"may": {c.name.lower(): can(user, c) for c in Can}}
