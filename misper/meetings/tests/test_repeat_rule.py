from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import report_body
from misper.core.timeutil import now


def report_on_day(client, base, day, person_id=None):
    missing = base + timedelta(days=day)
    body = report_body(
        missing_since=missing.isoformat(),
        reported_at=(missing + timedelta(hours=1)).isoformat(),
        risk_grade="medium",
    )
    if person_id is not None:
        body["person_id"] = person_id
    response = client.post("/api/v1/reports", body)
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def base():
    return (now() - timedelta(days=100)).replace(microsecond=0)


def meetings(force, person_id):
    response = force["ds"].client().get("/api/v1/review-meetings", person_id=person_id)
    assert response.status_code == 200
    return response.json()


def test_three_episodes_in_thirty_days_call_exactly_one_meeting_per_window(force, base):
    client = force["call_handler"].client()
    person_id = report_on_day(client, base, 0)["person_id"]
    for day in (6, 13, 20, 25):
        report_on_day(client, base, day, person_id)
    first = meetings(force, person_id)
    assert len(first) == 1
    assert first[0]["reason"] == "repeat_missing" and first[0]["status"] == "pending"
    for day in (60, 66):
        report_on_day(client, base, day, person_id)
    assert len(meetings(force, person_id)) == 1
    report_on_day(client, base, 72, person_id)
    both = meetings(force, person_id)
    assert len(both) == 2
    assert both[1]["window_start"].startswith((base + timedelta(days=60)).date().isoformat())


def test_two_episodes_in_thirty_days_call_no_meeting(force, base):
    client = force["call_handler"].client()
    person_id = report_on_day(client, base, 0)["person_id"]
    report_on_day(client, base, 29, person_id)
    report_on_day(client, base, 31, person_id)
    assert meetings(force, person_id) == []


def test_meeting_owner_is_notified_and_partners_may_not_list_meetings(force, base):
    from misper.notifications.models import Notification

    client = force["call_handler"].client()
    person_id = report_on_day(client, base, 0)["person_id"]
    report_on_day(client, base, 1, person_id)
    report_on_day(client, base, 2, person_id)
    [meeting] = meetings(force, person_id)
    assert Notification.objects.filter(kind="repeat_trigger", recipient__username=meeting["owner"]).exists()
    assert force["partner"].client().get("/api/v1/review-meetings").status_code == 403


def test_top_repeat_ranks_people_by_episodes_in_the_period(force, base):
    client = force["call_handler"].client()
    frequent = report_on_day(client, base, 0)["person_id"]
    for day in (10, 20, 30):
        report_on_day(client, base, day, frequent)
    other_body = report_body()
    other_body["person"].update(given_name="Kyle", family_name="Osei", date_of_birth="2009-08-30", sex="male")
    other = client.post("/api/v1/reports", other_body).json()["person_id"]
    ranked = force["dci"].client().get("/api/v1/top-repeat").json()
    assert [r["person_id"] for r in ranked[:2]] == [frequent, other]
    assert ranked[0]["episode_count"] == 4


def test_history_replay_matches_the_contract_example(db):
    from misper.meetings.services import repeat_meetings_in_history

    base = now()
    times = [base + timedelta(days=d) for d in (0, 6, 13, 20, 25, 60, 66, 72)]
    assert repeat_meetings_in_history(times) == [(2, times[0]), (7, times[5])]
