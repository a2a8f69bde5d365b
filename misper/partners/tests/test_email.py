"""The e-mail follows the portal copy: queued on commit, sent by the huey worker, through a real SMTP
server on loopback, with the organisation's own redacted PDF attached."""

from __future__ import annotations

import email
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from huey.contrib.djhuey import HUEY

from misper.partners.models import Organisation, PartnerNotification
from misper.partners.tests.helpers import COUNCIL, child_report


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    was_immediate = HUEY.immediate
    HUEY.immediate = True  # the worker runs the task in-process, from its own queue
    yield inbox
    HUEY.immediate = was_immediate
    controller.stop()


def test_the_authority_gets_an_email_with_its_redacted_pdf_after_commit(
    force, make_report, smtp, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(name=COUNCIL).update(email="missing@derby.example")

    with django_capture_on_commit_callbacks(execute=True):
        episode = child_report(make_report, police_only_notes="Informant: do not share")

    [message] = smtp.messages
    assert message["To"] == "missing@derby.example"
    assert f"episode {episode['id']}" in message["Subject"]
    attachments = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachments[0].get_payload(decode=True).startswith(b"%PDF")
    assert PartnerNotification.objects.get().emailed_at is not None


def test_nothing_is_emailed_when_the_report_rolls_back(force, make_report, smtp, monkeypatch):
    from misper.partners import services

    monkeypatch.setattr(services, "redact", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        child_report(make_report)

    assert smtp.messages == []
