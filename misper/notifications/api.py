"""API: my notifications and acknowledging them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from misper.accounts.models import User
from misper.core.schemas import Timestamp
from misper.notifications.selectors import recent_for
from misper.notifications.services import notification_acknowledge

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    episode_id: int | None
    message: str
    created_at: Timestamp
    acknowledged_at: Timestamp | None


@router.get("/notifications", response=list[NotificationOut], summary="My latest notifications")
def list_notifications(request: HttpRequest) -> list[object]:
    user: User = request.auth  # type: ignore[attr-defined]
    return list(recent_for(user=user))


@router.post("/notifications/{notification_id}/acknowledge", response=NotificationOut, summary="Acknowledge")
def acknowledge(request: HttpRequest, notification_id: int) -> object:
    user: User = request.auth  # type: ignore[attr-defined]
    return notification_acknowledge(notification_id=notification_id, user=user)
