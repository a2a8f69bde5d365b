"""Email copies of notifications, sent after commit through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from conftest import report_body
from misper.accounts.models import User
from misper.core.timeutil import now
from misper.notifications.email import email_notifications
from misper.notifications.models import Notification


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_an_allocation_is_emailed_through_smtp_once_the_report_commits(
    force, smtp, django_capture_on_commit_callbacks
):
    User.objects.filter(username="officer").update(email="officer@force.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = force["call_handler"].client().post("/api/v1/reports", report_body())
        assert response.status_code == 201
        assert smtp.messages == []  # nothing leaves before the transaction commits

    [message] = smtp.messages
    assert message.rcpt_tos == ["officer@force.example"]
    assert b"Case allocated to you" in message.content
    assert b"Amy" not in message.content  # no personal details by email


def test_a_notification_is_emailed_only_once(force, smtp):
    User.objects.filter(username="ds").update(email="ds@force.example")
    Notification.objects.create(
        recipient=force["ds"].user, kind="overdue", message="Overdue on episode 1", created_at=now()
    )

    assert email_notifications() == 1
    assert email_notifications() == 0
    assert len(smtp.messages) == 1
