"""Background jobs of notifications (huey): email copies, sent after the writing transaction commits."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from huey.contrib.djhuey import db_task

from misper.notifications.email import email_notifications


@db_task(retries=3, retry_delay=60)  # type: ignore[untyped-decorator]
def send_notification_emails(ids: list[int]) -> int:
    return email_notifications(ids=ids)


def email_after_commit(ids: Sequence[int]) -> None:
    """Queue the emails once the notifications are committed: a rolled-back write mails nobody."""
    wanted = [i for i in ids if i is not None]
    if wanted:
        transaction.on_commit(lambda: send_notification_emails(wanted))
