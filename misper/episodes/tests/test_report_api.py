from __future__ import annotations

from datetime import datetime, timedelta

from conftest import report_body
from misper.core.timeutil import now


def test_high_risk_report_creates_visit_and_search_tasks_and_a_di_review(force, make_report):
    episode = make_report()
    assert episode["status"] == "missing"
    assert episode["person_match"] == "new"
    assert {t["kind"] for t in episode["tasks"]} == {"visit", "search"}
    reported = datetime.fromisoformat(episode["reported_at"])
    assert all(datetime.fromisoformat(t["due_at"]) == reported for t in episode["tasks"])
    assert episode["review"]["required_role"] == "di"
    assert datetime.fromisoformat(episode["review"]["due_at"]) == reported + timedelta(hours=4)
    assert episode["officer"]["username"] in {"officer", "officer2"}
    assert episode["supervisor"]["username"] in {"ds", "di", "dci"}
    assert episode["age_at_missing"] is not None and episode["minutes_missing"] is None


def test_medium_risk_report_needs_a_ds_review_within_24_hours(force, make_report):
    episode = make_report(risk_grade="medium")
    reported = datetime.fromisoformat(episode["reported_at"])
    assert episode["review"]["required_role"] == "ds"
    assert datetime.fromisoformat(episode["review"]["due_at"]) == reported + timedelta(hours=24)
    assert episode["tasks"] == []


def test_low_risk_report_needs_no_review(force, make_report):
    episode = make_report(risk_grade="low")
    assert episode["review"] == {"id": None, "required_role": None, "due_at": None, "completed_at": None}


def test_second_report_about_the_same_person_links_to_them(force, make_report):
    first = make_report()
    second = make_report()
    assert second["person_match"] == "existing"
    assert second["person_id"] == first["person_id"]


def test_future_date_of_birth_is_refused_naming_the_field(force):
    body = report_body()
    body["person"]["date_of_birth"] = (now() + timedelta(days=3)).date().isoformat()
    response = force["call_handler"].client().post("/api/v1/reports", body)
    assert response.status_code == 422
    assert "person.date_of_birth" in response.json()["detail"]


def test_report_before_last_seen_is_refused(force):
    body = report_body(reported_at=(now() - timedelta(days=2)).isoformat())
    response = force["call_handler"].client().post("/api/v1/reports", body)
    assert response.status_code == 422
    assert "reported_at" in response.json()["detail"]


def test_unknown_grade_and_oversized_text_name_the_field(force):
    client = force["call_handler"].client()
    response = client.post("/api/v1/reports", report_body(risk_grade="severe"))
    assert response.status_code == 422 and "risk_grade" in response.json()["detail"]
    response = client.post("/api/v1/reports", report_body(circumstances="x" * 10_001))
    assert response.status_code == 422 and "circumstances" in response.json()["detail"]


def test_malformed_json_is_a_400_and_stores_nothing(force):
    from misper.episodes.models import Episode

    response = force["call_handler"].client().post("/api/v1/reports", raw="{not json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert Episode.objects.count() == 0


def test_no_token_is_401(db):
    from conftest import ApiClient

    assert ApiClient(None).get("/api/v1/episodes/1").status_code == 401
    assert ApiClient("nonsense").get("/api/v1/episodes/1").status_code == 401


def test_partner_may_not_file_or_read_police_cases(force, make_report):
    episode = make_report()
    partner = force["partner"].client()
    assert partner.post("/api/v1/reports", report_body()).status_code == 403
    assert partner.get(f"/api/v1/episodes/{episode['id']}").status_code == 403
    assert partner.get("/api/v1/episodes").status_code == 403
