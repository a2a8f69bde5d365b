"""Email copies of the notifications that must not wait for someone to look at the bell."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from misper.core.timeutil import now
from misper.notifications.models import Notification

EMAILED_KINDS = frozenset(
    {
        Notification.Kind.ALLOCATION,
        Notification.Kind.REVIEW_DUE,
        Notification.Kind.OVERDUE,
        Notification.Kind.REPEAT_TRIGGER,
    }
)
SUBJECTS = {
    Notification.Kind.ALLOCATION: "Case allocated to you",
    Notification.Kind.REVIEW_DUE: "Review due",
    Notification.Kind.OVERDUE: "Overdue on a missing person case",
    Notification.Kind.REPEAT_TRIGGER: "Repeat missing: review meeting called",
}


def _message(notification: Notification) -> EmailMessage:
    subject = SUBJECTS.get(notification.kind, "misper")  # type: ignore[call-overload]
    if notification.episode_id:
        subject = f"{subject}: episode {notification.episode_id}"
    # Only the notification's own line: no personal details of the missing person leave by email.
    body = (
        f"{notification.message}\n\n"
        "Open misper and acknowledge this notification (the bell at the top of every page).\n"
    )
    return EmailMessage(
        subject=f"[misper] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def email_notifications(*, ids: Iterable[int] | None = None) -> int:
    """Mail each notification of an emailed kind once; returns how many emails were sent.

    Each notification is claimed with a conditional update before it is sent, so that two workers (or a
    retry after a crash) never send it twice. A send that fails gives the claim back for the retry.
    """
    pending = Notification.objects.filter(emailed_at__isnull=True, kind__in=EMAILED_KINDS)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    else:
        # The catch-up pass of the sweep: anything the on-commit job missed in the last day.
        pending = pending.filter(created_at__gte=now() - timedelta(days=1))
    sent = 0
    connection = get_connection()
    for notification in pending.select_related("recipient").order_by("id"):
        if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=now()
        ):
            continue
        if not notification.recipient.email:
            continue
        try:
            connection.send_messages([_message(notification)])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        sent += 1
    connection.close()
    return sent
