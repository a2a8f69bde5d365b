"""GET /api/v1/persons/{id}: the person's episodes newest first and the cohort flags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import report_body
from misper.core.timeutil import now

ADULT = {"given_name": "Joan", "family_name": "Reed", "date_of_birth": "1970-06-01", "sex": "female"}


def report_days_ago(make_report: Any, days: float, **overrides: Any) -> Any:
    missing_since = now() - timedelta(days=days)
    return make_report(
        missing_since=missing_since.isoformat(),
        reported_at=(missing_since + timedelta(minutes=20)).isoformat(),
        **overrides,
    )


def test_a_person_lists_their_episodes_newest_first(force, make_report):
    middle = report_days_ago(make_report, 10)
    oldest = report_days_ago(make_report, 40)  # reported later, but went missing earlier
    newest = report_days_ago(make_report, 1)

    response = force["officer"].client().get(f"/api/v1/persons/{middle['person_id']}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == middle["person_id"]
    assert body["episode_count"] == 3
    assert body["episodes"] == [newest["id"], middle["id"], oldest["id"]]


def test_a_child_in_a_childrens_home_with_two_recent_episodes_has_all_three_flags(force, make_report):
    first = report_days_ago(make_report, 30, care_status="childrens_home")
    report_days_ago(make_report, 2, care_status="childrens_home")

    flags = force["officer"].client().get(f"/api/v1/persons/{first['person_id']}").json()["flags"]

    assert {"repeat", "under_18", "looked_after"} <= set(flags)


def test_an_adult_not_in_care_with_one_episode_has_no_flags(force, make_report):
    episode = report_days_ago(make_report, 1, person=ADULT, care_status="none")

    assert force["officer"].client().get(f"/api/v1/persons/{episode['person_id']}").json()["flags"] == []


def test_foster_care_counts_as_looked_after(force, make_report):
    episode = report_days_ago(make_report, 1, person=ADULT, care_status="foster_care")

    flags = force["officer"].client().get(f"/api/v1/persons/{episode['person_id']}").json()["flags"]

    assert flags == ["looked_after"]


def test_an_episode_outside_the_repeat_window_does_not_make_a_repeat(force, make_report):
    report_days_ago(make_report, 400, person=ADULT, care_status="none")
    episode = report_days_ago(make_report, 1, person=ADULT, care_status="none")

    body = force["officer"].client().get(f"/api/v1/persons/{episode['person_id']}").json()

    assert body["episode_count"] == 2
    assert "repeat" not in body["flags"]


def test_a_person_of_unknown_age_is_not_flagged_under_18(force, make_report):
    person = {**report_body()["person"], "date_of_birth": None}
    episode = report_days_ago(make_report, 1, person=person, care_status="none")

    assert force["officer"].client().get(f"/api/v1/persons/{episode['person_id']}").json()["flags"] == []


def test_an_unknown_person_is_404(force):
    response = force["officer"].client().get("/api/v1/persons/999999")

    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_a_partner_may_not_read_a_person(force, make_report):
    episode = report_days_ago(make_report, 1)

    assert force["partner"].client().get(f"/api/v1/persons/{episode['person_id']}").status_code == 403


def test_a_call_handler_sees_a_person_only_through_a_case_they_may_see(force, make_report):
    live = report_days_ago(make_report, 1, as_user="ds")
    closed_off = report_days_ago(make_report, 2, as_user="ds", person=ADULT)
    found_body = {"found_at": now().isoformat(), "found_location": "Home"}
    force["officer"].client().post(f"/api/v1/episodes/{closed_off['id']}/found", found_body)
    client = force["call_handler"].client()

    assert client.get(f"/api/v1/persons/{live['person_id']}").status_code == 200
    assert client.get(f"/api/v1/persons/{closed_off['person_id']}").status_code == 404


def test_reading_a_person_is_logged_as_a_consultation(force, make_report):
    from misper.audit.models import AuditEvent

    episode = report_days_ago(make_report, 1)
    headers = {"Authorization": f"Bearer {force['analyst'].token}", "X-Justification": "Problem profile"}
    force["analyst"].client().client.get(f"/api/v1/persons/{episode['person_id']}", headers=headers)

    read = AuditEvent.objects.get(object_type="person", object_id=episode["person_id"], event="person.read")
    assert read.operation == "consultation"
    assert read.actor == force["analyst"].user
    assert "Problem profile" in read.justification
