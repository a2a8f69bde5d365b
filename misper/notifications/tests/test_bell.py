"""The bell: polled on every page; it only redraws when something changed."""

from __future__ import annotations

from django.test import Client

from misper.notifications.models import Notification
from misper.notifications.services import notification_push


def signed_in(force, username):
    client = Client()
    client.force_login(force[username].user)
    return client


def state_of(response) -> str:
    return str(response.context["state"])


def test_the_bell_shows_the_newest_allocation_with_a_button_to_acknowledge_it(force, make_report):
    episode = make_report()
    officer = Notification.objects.get(kind=Notification.Kind.ALLOCATION, recipient__role="officer")
    response = signed_in(force, officer.recipient.username).get("/notifications/bell/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"You are the officer for episode {episode['id']}" in body
    assert "Acknowledge and open the case" in body
    assert 'id="bell-banner" hx-swap-oob="innerHTML"' in body


def test_the_bell_answers_204_while_nothing_changed_and_redraws_when_something_did(force):
    client = signed_in(force, "officer")
    first = client.get("/notifications/bell/")
    assert first.status_code == 200
    assert client.get("/notifications/bell/", {"state": state_of(first)}).status_code == 204

    notification_push(
        recipient_id=force["officer"].user.pk, kind="task", episode=None, message="Call the carer"
    )
    changed = client.get("/notifications/bell/", {"state": state_of(first)})
    assert changed.status_code == 200
    assert "Call the carer" in changed.content.decode()


def test_acknowledging_from_the_bell_records_the_time_and_opens_the_case(force, make_report):
    episode = make_report()
    notification = Notification.objects.get(kind=Notification.Kind.ALLOCATION, recipient__role="officer")
    client = signed_in(force, notification.recipient.username)
    response = client.post(f"/notifications/{notification.pk}/acknowledge/", {"open": "1"})
    assert response["Location"] == f"/episodes/{episode['id']}/"
    notification.refresh_from_db()
    assert notification.acknowledged_at is not None


def test_the_bell_queries_do_not_grow_with_the_number_of_notifications(force, django_assert_num_queries):
    client = signed_in(force, "officer")
    user_id = force["officer"].user.pk
    notification_push(recipient_id=user_id, kind="task", episode=None, message="one")
    # session, user, the newest five unacknowledged
    with django_assert_num_queries(3):
        client.get("/notifications/bell/")
    for i in range(7):
        notification_push(recipient_id=user_id, kind="task", episode=None, message=f"more {i}")
    # and, with five or more, their count
    with django_assert_num_queries(4):
        client.get("/notifications/bell/")


def test_the_poll_interval_comes_from_the_setting(force, settings):
    settings.MISPER_BELL_POLL_SECONDS = 1
    body = signed_in(force, "officer").get("/").content.decode()
    assert 'hx-trigger="load, every 1s"' in body
