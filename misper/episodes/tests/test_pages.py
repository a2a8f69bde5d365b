"""The case pages: who may open each, what the others get, and pinned query counts of the boards."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import report_body

CASE_ROLES = ["dci", "di", "ds", "officer", "call_handler", "analyst", "intel", "coordinator"]
REPORT_ROLES = ["dci", "di", "ds", "officer", "call_handler"]
GRADES = ["high", "medium", "low", "no_apparent_risk"]


def signed_in(force: dict[str, Any], username: str) -> Client:
    client = Client()
    client.force_login(force[username].user)
    return client


@pytest.fixture
def episode(make_report: Any) -> dict[str, Any]:
    return make_report()  # type: ignore[no-any-return]


# ---- who may open what ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", CASE_ROLES)
def test_case_roles_see_my_work_and_the_live_board(force, episode, username):
    client = signed_in(force, username)
    assert client.get("/").status_code == 200
    live = client.get("/live/")
    assert live.status_code == 200
    assert "Amy Hart" in live.content.decode()


@pytest.mark.parametrize("username", REPORT_ROLES)
def test_reporting_roles_get_the_new_report_form(force, username):
    response = signed_in(force, username).get("/reports/new/")
    assert response.status_code == 200
    assert b"New missing report" in response.content


@pytest.mark.parametrize("username", ["analyst", "intel", "coordinator", "partner", "admin"])
def test_other_roles_may_not_file_a_report(force, username):
    assert signed_in(force, username).get("/reports/new/").status_code == 403


@pytest.mark.parametrize("username", CASE_ROLES)
def test_case_roles_open_a_live_case_and_its_person(force, episode, username):
    client = signed_in(force, username)
    case = client.get(f"/episodes/{episode['id']}/")
    assert case.status_code == 200
    assert b"What needs doing" in case.content
    assert client.get(f"/persons/{episode['person_id']}/").status_code == 200


def test_a_partner_sees_no_police_page(force, episode):
    client = signed_in(force, "partner")
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/partner/"
    for path in ["/live/", "/reports/new/", f"/episodes/{episode['id']}/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Amy Hart" not in response.content
    assert client.get(f"/persons/{episode['person_id']}/").status_code == 403
    assert client.get("/persons/", {"q": "hart"}).status_code == 403


def test_the_partner_403_page_offers_no_link_back_into_police_pages(force):
    body = signed_in(force, "partner").get("/live/").content.decode()
    assert "Not allowed" in body
    assert "Back to my work" not in body
    assert 'href="/live/"' not in body


def test_an_administrator_is_sent_to_the_audit_log_and_kept_out_of_cases(force, episode):
    client = signed_in(force, "admin")
    assert client.get("/")["Location"] == "/audit/"
    assert client.get("/live/").status_code == 403
    assert client.get(f"/episodes/{episode['id']}/").status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(episode):
    client = Client()
    for path in ["/", "/live/", "/reports/new/", f"/episodes/{episode['id']}/", "/notifications/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/signin/?next="), path


def test_a_call_handler_loses_sight_of_a_case_reported_by_someone_else_once_found(force, make_report):
    episode = make_report(as_user="officer")
    client = signed_in(force, "call_handler")
    assert client.get(f"/episodes/{episode['id']}/").status_code == 200
    found = (
        force["officer"]
        .client()
        .post(
            f"/api/v1/episodes/{episode['id']}/found",
            {"found_at": episode["reported_at"], "found_location": "Home"},
        )
    )
    assert found.status_code == 200, found.content
    assert client.get(f"/episodes/{episode['id']}/").status_code == 404


@pytest.mark.parametrize("username", ["dci", "analyst", "intel", "coordinator"])
def test_people_search_is_for_roles_that_see_every_case(force, episode, username):
    response = signed_in(force, username).get("/persons/", {"q": "hart"})
    assert response.status_code == 200
    assert b"Amy Hart" in response.content


def test_a_call_handler_may_not_search_people(force):
    assert signed_in(force, "call_handler").get("/persons/", {"q": "hart"}).status_code == 403


# ---- what the pages say -----------------------------------------------------------------------------


def test_the_case_page_lists_what_needs_doing_for_a_high_risk_report(force, episode):
    body = signed_in(force, "di").get(f"/episodes/{episode['id']}/").content.decode()
    assert "DI review</strong> by Di Test" in body
    assert "Visit</strong> for Officer" in body or "Visit</strong> for Officer2" in body
    assert "Complete the DI review" in body
    assert 'href="#review-h"' in body


def test_a_report_with_mistakes_keeps_what_was_typed_and_lists_every_error_at_the_top(force):
    response = signed_in(force, "call_handler").post(
        "/reports/new/",
        {
            "given_name": "Amy",
            "family_name": "Hart",
            "date_of_birth": "02/04/2099",
            "sex": "female",
            "risk_grade": "high",
            "risk_rationale": "Aged 14, out overnight.",
            "care_status": "none",
            "reported_at_date": "01/01/2026",
            "reported_at_time": "10:00",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    summary = body[body.index('class="error-summary"') : body.index("</ul>", body.index("error-summary"))]
    assert (
        '<a href="#id_date_of_birth">Date of birth: the date of birth cannot be in the future</a>' in summary
    )
    assert (
        '<a href="#id_missing_since_date">Date last seen: Enter the date they were last seen</a>' in summary
    )
    assert '<a href="#id_last_seen_location">Where last seen: Enter where they were last seen</a>' in summary
    assert 'value="02/04/2099"' in body
    assert 'value="Amy"' in body
    assert 'aria-describedby="id_date_of_birth_error"' in body


def test_a_radio_question_in_the_error_summary_links_to_its_first_option(force):
    response = signed_in(force, "call_handler").post("/reports/new/", {"given_name": "Amy"})
    body = response.content.decode()
    assert '<a href="#id_risk_grade_0">Risk grade: Choose the risk grade</a>' in body
    assert 'id="id_risk_grade_0"' in body


def test_the_live_board_shows_open_tasks_and_the_review_due(force, episode):
    body = signed_in(force, "ds").get("/live/").content.decode()
    assert "Visit" in body
    assert "Search" in body
    assert "DI " in body


# ---- pinned query counts ----------------------------------------------------------------------------


def file_reports(make_report: Any, start: int, stop: int) -> None:
    for i in range(start, stop):
        make_report(
            person={**report_body()["person"], "given_name": f"Child{i}"}, risk_grade=GRADES[i % len(GRADES)]
        )


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# session, user; my cases, their tasks, their reviews; the reviews waiting for me; my open tasks
MY_WORK_QUERIES = 7
# session, user; the live episodes, their tasks, their reviews; the consultation log (one bulk insert)
LIVE_QUERIES = 6


@pytest.mark.parametrize("username", ["ds", "officer"])
def test_my_work_takes_the_same_queries_for_3_and_for_30_episodes(force, make_report, username):
    client = signed_in(force, username)
    file_reports(make_report, 0, 3)
    assert queries_for(client, "/") == MY_WORK_QUERIES
    file_reports(make_report, 3, 30)
    assert queries_for(client, "/") == MY_WORK_QUERIES


def test_the_live_board_takes_the_same_queries_for_3_and_for_30_episodes(force, make_report):
    client = signed_in(force, "di")
    file_reports(make_report, 0, 3)
    assert queries_for(client, "/live/") == LIVE_QUERIES
    file_reports(make_report, 3, 30)
    assert queries_for(client, "/live/") == LIVE_QUERIES
