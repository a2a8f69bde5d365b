"""API of profiles: a partner's own list, and the police read that works only once a report exists."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from misper.accounts.models import User
from misper.core.schemas import Timestamp
from misper.profiles import selectors

router = Router(tags=["profiles"])


class ProfileOut(Schema):
    id: int
    kind: str
    given_name: str
    family_name: str
    date_of_birth: date
    version: int
    care_home: str | None


class ProfileDetailOut(ProfileOut):
    episode_id: int | None
    answers: dict[str, str]
    saved_at: Timestamp | None


def _user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def _row(profile: Any) -> dict[str, Any]:
    return {
        "id": profile.pk,
        "kind": profile.kind,
        "given_name": profile.given_name,
        "family_name": profile.family_name,
        "date_of_birth": profile.date_of_birth,
        "version": profile.version,
        "care_home": profile.care_home.name if profile.care_home else None,
    }


@router.get("/partner/profiles", response=list[ProfileOut], summary="Profiles my organisation keeps")
def list_partner_profiles(request: HttpRequest) -> list[dict[str, Any]]:
    return [_row(p) for p in selectors.profiles_for_partner(user=_user(request))]


@router.get(
    "/profiles/{profile_id}",
    response=ProfileDetailOut,
    summary="A profile, for police once its person is reported missing (404 while sealed); logged",
)
def get_profile(request: HttpRequest, profile_id: int) -> dict[str, Any]:
    unsealed = selectors.profile_get_for_police(
        user=_user(request), profile_id=profile_id, reason=request.headers.get("X-Justification", "")
    )
    version = unsealed.version
    return {
        **_row(unsealed.profile),
        "episode_id": unsealed.episode.pk,
        "answers": version.answers if version else {},
        "saved_at": version.saved_at if version else None,
    }
