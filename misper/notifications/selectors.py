from __future__ import annotations

from django.db.models import QuerySet

from misper.accounts.models import User
from misper.notifications.models import Notification


def unacknowledged_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, acknowledged_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def recent_for(*, user: User, limit: int = 30) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])
