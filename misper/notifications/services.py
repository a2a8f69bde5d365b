"""Pushing notifications to people and recording that they saw them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from misper.accounts.models import User
from misper.core.errors import NotFound
from misper.core.timeutil import now
from misper.notifications.models import Notification

if TYPE_CHECKING:
    from misper.episodes.models import Episode


def notification_push(*, recipient_id: int, kind: str, episode: Episode | None, message: str) -> Notification:
    """Store a notification; the bell on every page polls for it, so nobody has to refresh."""
    from misper.notifications.tasks import email_after_commit

    notification = Notification.objects.create(
        recipient_id=recipient_id, kind=kind, episode=episode, message=message[:300], created_at=now()
    )
    email_after_commit([notification.pk])
    return notification


def notification_acknowledge(*, notification_id: int, user: User) -> Notification:
    Notification.objects.filter(pk=notification_id, recipient=user, acknowledged_at__isnull=True).update(
        acknowledged_at=now()
    )  # a second acknowledgement keeps the first time
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise NotFound("no such notification")
    return notification
