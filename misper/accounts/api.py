"""API: who am I (also the framework's floor in the benchmarks)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from misper.accounts.models import User

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    organisation: str | None


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "role": user.role,
        "organisation": None if user.organisation_id is None else str(user.organisation),
    }
