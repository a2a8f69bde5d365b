"""From missing to closed through the API: found, prevention interview, close, reviews and tasks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import Persona
from misper.audit.models import AuditEvent
from misper.core.timeutil import now
from misper.episodes.models import Episode, PreventionInterview

LONDON = ZoneInfo("Europe/London")
NOT_ALLOWED_TO_RECORD_FOUND = ["analyst", "intel", "coordinator", "partner", "admin"]
NOT_ALLOWED_TO_CLOSE = ["officer", "call_handler", "analyst", "intel", "coordinator", "partner", "admin"]


def found(persona: Persona, episode_id: int, found_at: datetime | None = None) -> Any:
    body = {
        "found_at": (found_at or now() - timedelta(minutes=5)).isoformat(),
        "found_location": "Bus station",
    }
    return persona.client().post(f"/api/v1/episodes/{episode_id}/found", body)


def interview(persona: Persona, episode_id: int, conducted_at: datetime | None = None) -> Any:
    body = {
        "conducted_at": (conducted_at or now()).isoformat(),
        "notes": "Safe and well; talked about school.",
    }
    return persona.client().post(f"/api/v1/episodes/{episode_id}/prevention-interview", body)


def close(persona: Persona, episode_id: int) -> Any:
    return persona.client().post(f"/api/v1/episodes/{episode_id}/close")


def stored(episode_id: int) -> Episode:
    return Episode.objects.get(pk=episode_id)


# ---- found ------------------------------------------------------------------------------------------


def test_recording_found_sets_status_and_whole_minutes_missing(force, make_report):
    missing_since = now().replace(microsecond=0) - timedelta(hours=5)
    episode = make_report(missing_since=missing_since.isoformat())
    found_at = missing_since + timedelta(hours=2, minutes=17, seconds=59)

    response = found(force["officer"], episode["id"], found_at)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "found"
    assert datetime.fromisoformat(body["found_at"]) == found_at
    assert body["minutes_missing"] == 137


def test_found_time_may_be_sent_without_an_offset_and_is_read_as_london_time(force, make_report):
    missing_since = now().replace(microsecond=0) - timedelta(days=3)
    episode = make_report(missing_since=missing_since.isoformat())
    local_found = (missing_since + timedelta(hours=1)).astimezone(LONDON)

    response = found(force["officer"], episode["id"], local_found.replace(tzinfo=None))

    assert response.status_code == 200, response.content
    assert datetime.fromisoformat(response.json()["found_at"]) == local_found


def test_found_before_missing_since_is_refused_naming_found_at_and_changes_nothing(force, make_report):
    episode = make_report()
    missing_since = datetime.fromisoformat(episode["missing_since"])

    response = found(force["officer"], episode["id"], missing_since - timedelta(minutes=1))

    assert response.status_code == 422
    assert "found_at" in response.json()["detail"]
    assert stored(episode["id"]).status == "missing"
    assert stored(episode["id"]).found_at is None
    assert not AuditEvent.objects.filter(object_id=episode["id"], event="episode.found").exists()


def test_found_in_the_future_is_refused_naming_found_at(force, make_report):
    episode = make_report()

    response = found(force["officer"], episode["id"], now() + timedelta(hours=1))

    assert response.status_code == 422
    assert "found_at" in response.json()["detail"]
    assert stored(episode["id"]).status == "missing"


def test_a_person_already_found_cannot_be_found_again(force, make_report):
    episode = make_report()
    assert found(force["officer"], episode["id"]).status_code == 200

    response = found(force["officer"], episode["id"])

    assert response.status_code == 409
    assert "found" in response.json()["detail"]


def test_a_call_handler_may_record_found_on_a_live_case(force, make_report):
    episode = make_report()

    assert found(force["call_handler"], episode["id"]).status_code == 200


@pytest.mark.parametrize("role", NOT_ALLOWED_TO_RECORD_FOUND)
def test_roles_that_may_not_record_found_get_403_before_the_state_is_checked(force, make_report, role):
    episode = make_report()
    assert found(force["officer"], episode["id"]).status_code == 200

    # Already found, so the state would answer 409: the role answers first.
    assert found(force[role], episode["id"]).status_code == 403


def test_found_on_an_unknown_episode_is_404(force):
    assert found(force["officer"], 999_999).status_code == 404


def test_found_location_is_required(force, make_report):
    episode = make_report()
    body = {"found_at": now().isoformat()}

    response = force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/found", body)

    assert response.status_code == 422
    assert "found_location" in response.json()["detail"]


# ---- prevention interview ---------------------------------------------------------------------------


def test_prevention_interview_while_still_missing_is_a_conflict(force, make_report):
    episode = make_report()

    response = interview(force["officer"], episode["id"])

    assert response.status_code == 409
    assert "found" in response.json()["detail"]


def test_prevention_interview_before_the_person_was_found_is_refused(force, make_report):
    episode = make_report()
    found_at = now() - timedelta(minutes=10)
    found(force["officer"], episode["id"], found_at)

    response = interview(force["officer"], episode["id"], found_at - timedelta(minutes=1))

    assert response.status_code == 422
    assert "conducted_at" in response.json()["detail"]


def test_prevention_interview_is_recorded_once(force, make_report):
    episode = make_report()
    found(force["officer"], episode["id"])

    first = interview(force["officer"], episode["id"])
    second = interview(force["officer"], episode["id"])

    assert first.status_code == 200, first.content
    assert first.json()["status"] == "found"
    assert PreventionInterview.objects.filter(episode_id=episode["id"]).count() == 1
    assert second.status_code == 409


def test_a_call_handler_may_not_record_a_prevention_interview(force, make_report):
    episode = make_report()
    found(force["officer"], episode["id"])

    assert interview(force["call_handler"], episode["id"]).status_code == 403


# ---- close ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["ds", "di", "dci"])
def test_a_supervisor_closes_a_case_once_found_and_interviewed(force, make_report, role):
    episode = make_report()
    found(force["officer"], episode["id"])
    interview(force["officer"], episode["id"])

    response = close(force[role], episode["id"])

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["closed_at"] is not None


@pytest.mark.parametrize("role", NOT_ALLOWED_TO_CLOSE)
def test_other_roles_may_not_close_even_a_case_in_the_wrong_state(force, make_report, role):
    episode = make_report()

    # Still missing, so the state would answer 409: the role answers first.
    assert close(force[role], episode["id"]).status_code == 403
    assert stored(episode["id"]).status == "missing"


def test_a_case_cannot_close_while_the_person_is_missing(force, make_report):
    episode = make_report()

    assert close(force["ds"], episode["id"]).status_code == 409


def test_a_case_cannot_close_before_the_prevention_interview(force, make_report):
    episode = make_report()
    found(force["officer"], episode["id"])

    response = close(force["ds"], episode["id"])

    assert response.status_code == 409
    assert "interview" in response.json()["detail"]
    assert stored(episode["id"]).status == "found"


def test_a_closed_case_cannot_be_closed_again_or_found_or_interviewed(force, make_report):
    episode = make_report()
    found(force["officer"], episode["id"])
    interview(force["officer"], episode["id"])
    assert close(force["ds"], episode["id"]).status_code == 200

    assert close(force["di"], episode["id"]).status_code == 409
    assert found(force["officer"], episode["id"]).status_code == 409
    assert interview(force["officer"], episode["id"]).status_code == 409


def test_closing_cancels_the_open_tasks(force, make_report):
    episode = make_report()
    found(force["officer"], episode["id"])
    interview(force["officer"], episode["id"])

    body = close(force["ds"], episode["id"]).json()

    assert body["tasks"] and all(task["status"] != "open" for task in body["tasks"])


# ---- reviews ----------------------------------------------------------------------------------------


def complete_review(persona: Persona, review_id: int, grade: str, decision: str = "Reviewed") -> Any:
    body = {"decision": decision, "grade": grade}
    return persona.client().post(f"/api/v1/reviews/{review_id}/complete", body)


def test_the_di_completes_the_review_of_a_high_risk_case(force, make_report):
    episode = make_report(risk_grade="high")

    response = complete_review(force["di"], episode["review"]["id"], "high", "Grade confirmed")

    assert response.status_code == 200, response.content
    review = response.json()["review"]
    assert review["required_role"] == "di"
    assert review["completed_at"] is not None


def test_a_ds_may_not_complete_a_di_review(force, make_report):
    episode = make_report(risk_grade="high")

    response = complete_review(force["ds"], episode["review"]["id"], "high")

    assert response.status_code == 403
    assert "DI" in response.json()["detail"]
    assert (
        force["di"].client().get(f"/api/v1/episodes/{episode['id']}").json()["review"]["completed_at"] is None
    )


def test_the_dci_outranks_and_may_complete_a_di_review(force, make_report):
    episode = make_report(risk_grade="high")

    assert complete_review(force["dci"], episode["review"]["id"], "high").status_code == 200


@pytest.mark.parametrize("role", ["officer", "call_handler", "analyst", "partner"])
def test_roles_that_do_not_review_may_not_complete_a_review(force, make_report, role):
    episode = make_report(risk_grade="medium")

    assert complete_review(force[role], episode["review"]["id"], "medium").status_code == 403


def test_a_review_cannot_be_completed_twice(force, make_report):
    episode = make_report(risk_grade="medium")
    assert complete_review(force["ds"], episode["review"]["id"], "medium").status_code == 200

    assert complete_review(force["ds"], episode["review"]["id"], "medium").status_code == 409


def test_an_unknown_review_is_404_and_a_bad_grade_is_422(force, make_report):
    episode = make_report(risk_grade="medium")

    assert complete_review(force["ds"], 999_999, "medium").status_code == 404
    response = complete_review(force["ds"], episode["review"]["id"], "severe")
    assert response.status_code == 422 and "grade" in response.json()["detail"]


def test_a_ds_raising_medium_to_high_brings_a_di_review_and_visit_and_search_tasks(force, make_report):
    episode = make_report(risk_grade="medium")
    assert episode["tasks"] == []

    response = complete_review(force["ds"], episode["review"]["id"], "high", "Seen with older men in a car")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["risk_grade"] == "high"
    assert body["review"]["required_role"] == "di"
    assert body["review"]["completed_at"] is None
    assert {task["kind"] for task in body["tasks"]} == {"visit", "search"}
    assert all(task["status"] == "open" for task in body["tasks"])


# ---- tasks ------------------------------------------------------------------------------------------


def test_the_officer_completes_a_visit_task_once(force, make_report):
    episode = make_report(risk_grade="high")
    visit = next(task for task in episode["tasks"] if task["kind"] == "visit")
    client = force["officer"].client()

    first = client.post(f"/api/v1/tasks/{visit['id']}/complete", {"outcome": "Home visited, not there"})
    second = client.post(f"/api/v1/tasks/{visit['id']}/complete", {"outcome": "again"})

    assert first.status_code == 200, first.content
    statuses = {task["kind"]: task["status"] for task in first.json()["tasks"]}
    assert statuses == {"visit": "done", "search": "open"}
    assert second.status_code == 409


def test_an_analyst_may_not_complete_tasks_and_unknown_tasks_are_404(force, make_report):
    episode = make_report(risk_grade="high")
    task_id = episode["tasks"][0]["id"]

    assert force["analyst"].client().post(f"/api/v1/tasks/{task_id}/complete", {}).status_code == 403
    assert force["officer"].client().post("/api/v1/tasks/999999/complete", {}).status_code == 404
