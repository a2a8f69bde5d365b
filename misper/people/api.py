"""API: people."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.people.selectors import match_candidates, person_get_for_user
from misper.people.services import PersonDetails

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


class CandidateQuery(Schema):
    given_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    date_of_birth: date | None = None
    sex: Literal["female", "male", "other", "unknown"] = "unknown"
    postcode: str = Field("", max_length=10)
    phone: str = Field("", max_length=40)


class CandidateOut(Schema):
    person_id: int
    given_name: str
    family_name: str
    date_of_birth: str | None
    probability: float
    band: Literal["auto_link", "grey_zone"]
    reasons: list[str]


@router.get("/persons/candidates", response=list[CandidateOut], summary="Known people who may match a report")
def person_candidates(request: HttpRequest, query: Query[CandidateQuery]) -> list[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    require(user, Can.REPORT)
    details = PersonDetails(**query.model_dump())
    return [
        {
            "person_id": c.person.pk,
            "given_name": c.person.given_name,
            "family_name": c.person.family_name,
            "date_of_birth": c.person.date_of_birth.isoformat() if c.person.date_of_birth else None,
            "probability": round(c.probability, 4),
            "band": c.band,
            "reasons": c.reasons,
        }
        for c in match_candidates(details=details)
    ]


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
