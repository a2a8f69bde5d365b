"""API: people."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from misper.accounts.models import User
from misper.people.selectors import person_get_for_user

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: str | None
    sex: str
    care_status: str
    episode_count: int
    episodes: list[int]
    flags: list[str]


@router.get("/persons/{person_id}", response=PersonOut, summary="A person with their episodes, newest first")
def get_person(request: HttpRequest, person_id: int) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    view = person_get_for_user(
        user=user, person_id=person_id, reason=request.headers.get("X-Justification", "")
    )
    person = view.person
    return {
        "id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex,
        "care_status": person.care_status,
        "episode_count": len(view.episodes),
        "episodes": [e.pk for e in view.episodes],  # type: ignore[attr-defined]
        "flags": view.flags,
    }
