"""API: review meetings and the top repeat list."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from misper.accounts.models import User
from misper.core.schemas import Timestamp
from misper.meetings.selectors import meetings_for_user, top_repeat

router = Router(tags=["repeats"])


class MeetingOut(Schema):
    id: int
    person_id: int
    reason: str
    due_at: Timestamp
    status: str
    window_start: Timestamp
    window_end: Timestamp
    owner: str | None


class MeetingFilter(Schema):
    person_id: int | None = Field(None, ge=1)


class TopRepeatOut(Schema):
    person_id: int
    episode_count: int
    last_missing_since: Timestamp


@router.get("/review-meetings", response=list[MeetingOut], summary="Review meetings, by due date")
def list_meetings(request: HttpRequest, filters: Query[MeetingFilter]) -> list[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    return [
        {
            "id": m.pk,
            "person_id": m.person_id,
            "reason": m.reason,
            "due_at": m.due_at,
            "status": m.status,
            "window_start": m.window_start,
            "window_end": m.window_end,
            "owner": m.owner.username if m.owner else None,
        }
        for m in meetings_for_user(user=user, person_id=filters.person_id)
    ]


@router.get("/top-repeat", response=list[TopRepeatOut], summary="The intensive-focus list (policy: top six)")
def list_top_repeat(request: HttpRequest) -> list[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    return [
        {"person_id": r.person_id, "episode_count": r.episode_count, "last_missing_since": r.last_missing}
        for r in top_repeat(user=user)
    ]
