"""GET /api/v1/audit/events: the section 62 log of an episode, for the DCI and administrators."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from conftest import Persona
from misper.core.timeutil import now

AUDIT_READERS = ["dci", "admin"]
OTHER_ROLES = ["di", "ds", "officer", "analyst", "intel", "coordinator", "call_handler", "partner"]


def events(episode_id: int, reader: Persona) -> list[dict[str, Any]]:
    response = reader.client().get("/api/v1/audit/events", object=f"episode:{episode_id}")
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def consultations_by(episode_id: int, reader: Persona, username: str) -> list[dict[str, Any]]:
    return [
        e
        for e in events(episode_id, reader)
        if e["operation"] == "consultation" and e["actor"] == {"username": username}
    ]


def read_episode(persona: Persona, episode_id: int, reason: str = "") -> None:
    headers = {"Authorization": f"Bearer {persona.token}"}
    if reason:
        headers["X-Justification"] = reason
    response = persona.client().client.get(f"/api/v1/episodes/{episode_id}", headers=headers)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("role", AUDIT_READERS)
def test_the_dci_and_administrators_read_the_audit_log(force, make_report, role):
    episode = make_report()

    log = events(episode["id"], force[role])

    assert log and {"operation", "actor", "at", "justification", "recipients"} <= set(log[0])


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_read_the_audit_log(force, make_report, role):
    episode = make_report()

    response = force[role].client().get("/api/v1/audit/events", object=f"episode:{episode['id']}")

    assert response.status_code == 403


def test_filing_a_report_is_logged_as_a_collection_by_the_reporter(force, make_report):
    episode = make_report()

    first = events(episode["id"], force["dci"])[0]

    assert first["operation"] == "collection"
    assert first["actor"] == {"username": "call_handler"}
    assert first["recipients"] == []


def test_every_read_by_the_allocated_officer_is_a_consultation_saying_so(force, make_report):
    episode = make_report()
    officer = force[episode["officer"]["username"]]

    read_episode(officer, episode["id"])
    read_episode(officer, episode["id"])

    reads = consultations_by(episode["id"], force["dci"], officer.user.username)
    assert [r["justification"] for r in reads] == ["allocated officer", "allocated officer"]


def test_a_read_by_the_reviewing_di_is_justified_as_reviewing_di(force, make_report):
    episode = make_report(risk_grade="high")
    assert episode["supervisor"]["username"] != "di"  # the DI reads as reviewer, not as supervisor

    read_episode(force["di"], episode["id"])

    [read] = consultations_by(episode["id"], force["dci"], "di")
    assert read["justification"] == "reviewing DI"


def test_a_read_by_someone_without_a_link_to_the_case_is_justified_by_role(force, make_report):
    episode = make_report()

    read_episode(force["analyst"], episode["id"])

    [read] = consultations_by(episode["id"], force["dci"], "analyst")
    assert read["justification"] == "MPT Analyst"


def test_the_reason_given_in_x_justification_is_logged_with_the_read(force, make_report):
    episode = make_report()

    read_episode(force["intel"], episode["id"], reason="Briefing for Operation Lantern")

    [read] = consultations_by(episode["id"], force["dci"], "intel")
    assert read["justification"].startswith("MPT Intelligence officer")
    assert "Briefing for Operation Lantern" in read["justification"]


def test_listing_episodes_logs_a_consultation_of_each_listed_episode(force, make_report):
    episode = make_report()

    force["analyst"].client().get("/api/v1/episodes")

    assert len(consultations_by(episode["id"], force["dci"], "analyst")) == 1


def test_found_and_close_are_alterations_in_order_oldest_first(force, make_report):
    episode = make_report()
    officer = force["officer"].client()
    officer.post(
        f"/api/v1/episodes/{episode['id']}/found",
        {"found_at": (now() - timedelta(minutes=5)).isoformat(), "found_location": "Library"},
    )
    officer.post(
        f"/api/v1/episodes/{episode['id']}/prevention-interview", {"conducted_at": now().isoformat()}
    )
    force["ds"].client().post(f"/api/v1/episodes/{episode['id']}/close")

    log = events(episode["id"], force["dci"])

    changes = [(e["operation"], e["event"]) for e in log if e["event"] in {"episode.found", "episode.closed"}]
    assert changes == [("alteration", "episode.found"), ("alteration", "episode.closed")]
    times = [datetime.fromisoformat(e["at"]) for e in log]
    assert times == sorted(times)
    assert log[-1]["actor"] == {"username": "ds"}


def test_a_refused_found_writes_no_alteration(force, make_report):
    episode = make_report()
    too_early = (datetime.fromisoformat(episode["missing_since"]) - timedelta(hours=1)).isoformat()
    force["officer"].client().post(
        f"/api/v1/episodes/{episode['id']}/found", {"found_at": too_early, "found_location": "Library"}
    )

    assert "episode.found" not in [e["event"] for e in events(episode["id"], force["dci"])]


@pytest.mark.parametrize("ref", ["bad", "episode:", "episode:abc", "case:1", "episode:²", "episode:-1"])
def test_an_object_reference_that_is_not_episode_or_person_id_is_422(force, ref):
    response = force["dci"].client().get("/api/v1/audit/events", object=ref)

    assert response.status_code == 422
    assert response.json()["detail"].startswith("object")


def test_the_object_parameter_is_required(force):
    response = force["dci"].client().get("/api/v1/audit/events")

    assert response.status_code == 422
    assert "object" in response.json()["detail"]
