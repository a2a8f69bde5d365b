"""API of the partner portal: the redacted reports sent to the user's organisation, and their receipt."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from misper.accounts.models import User
from misper.core.schemas import Timestamp
from misper.partners import selectors, services
from misper.partners.models import PartnerNotification

router = Router(tags=["partners"])


class PartnerNotificationOut(Schema):
    id: int
    episode_id: int
    kind: str
    sent_at: Timestamp
    acknowledged_at: Timestamp | None
    report: dict[str, Any]


class ReturnInterviewOut(Schema):
    episode_id: int
    organisation: str
    offered_at: Timestamp
    held_at: Timestamp | None
    declined: bool
    within_deadline: bool
    disclosures: str


class PartnerActionOut(Schema):
    id: int
    description: str
    owner_name: str
    due_on: date
    done_at: Timestamp | None


def _user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


@router.get(
    "/partner/notifications",
    response=list[PartnerNotificationOut],
    summary="Redacted reports sent to my organisation, newest first",
)
def list_partner_notifications(request: HttpRequest) -> list[PartnerNotification]:
    return list(selectors.notifications_for_partner(user=_user(request)))


@router.post(
    "/partner/notifications/{notification_id}/acknowledge",
    response=PartnerNotificationOut,
    summary="Acknowledge receipt of a report",
)
def acknowledge_partner_notification(request: HttpRequest, notification_id: int) -> PartnerNotification:
    user = _user(request)
    notification = selectors.notification_get_for_partner(user=user, notification_id=notification_id)
    return services.notification_acknowledge(notification=notification, user=user)


@router.get("/partner/actions", response=list[PartnerActionOut], summary="My organisation's meeting actions")
def list_partner_actions(request: HttpRequest) -> list[Any]:
    return list(selectors.actions_for_partner(user=_user(request)))


@router.get(
    "/episodes/{episode_id}/return-interview",
    response=ReturnInterviewOut | None,
    summary="The local authority's return home interview, as police see it",
)
def get_return_interview(request: HttpRequest, episode_id: int) -> dict[str, Any] | None:
    side = selectors.partner_side_for_police(
        user=_user(request), episode_id=episode_id, reason=request.headers.get("X-Justification", "")
    )
    interview = side.interview
    if interview is None:
        return None
    return {
        "episode_id": episode_id,
        "organisation": interview.organisation.name,
        "offered_at": interview.offered_at,
        "held_at": interview.held_at,
        "declined": interview.declined,
        "within_deadline": interview.within_deadline,
        "disclosures": interview.disclosures,
    }
