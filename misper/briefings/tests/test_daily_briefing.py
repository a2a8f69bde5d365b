"""The daily tasking meeting: the contract's endpoint, the page, the PDFs, decisions becoming tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from conftest import report_body
from misper.casework.services import sweep_run
from misper.core.timeutil import local, now
from misper.episodes.models import Task

FIELDS = {"date", "new_episodes", "open_high_risk", "overdue_reviews", "overdue_tasks", "repeat_triggers"}


def reports(make_report, count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        make_report(
            person={**report_body()["person"], "given_name": f"Child{i}"},
            risk_grade=["high", "medium"][i % 2],
        )
        for i in range(start, start + count)
    ]


def signed_in(persona) -> Client:
    client = Client()
    client.force_login(persona.user)
    return client


def test_the_daily_briefing_returns_exactly_the_contract_fields_as_lists_of_ids(force, make_report):
    high, _medium = reports(make_report, 2)
    tomorrow = (local(now()) + timedelta(days=1)).date()

    body = force["dci"].client().get("/api/v1/briefings/daily", date=tomorrow.isoformat()).json()

    assert set(body) == FIELDS
    assert body["date"] == tomorrow.isoformat()
    assert body["open_high_risk"] == [high["id"]]
    assert high["id"] in body["overdue_tasks"]  # visit and search are due at once
    assert body["repeat_triggers"] == []


def test_an_impossible_date_is_refused_with_422_naming_the_field(force):
    response = force["dci"].client().get("/api/v1/briefings/daily", date="2026-02-30")

    assert response.status_code == 422
    assert response.json()["detail"].startswith("date")


def test_a_partner_may_not_see_the_briefing(force):
    assert force["partner"].client().get("/api/v1/briefings/daily").status_code == 403


def test_the_briefing_api_takes_the_same_queries_for_3_and_for_30_cases(
    force, make_report, django_assert_num_queries
):
    client = force["dci"].client()
    reports(make_report, 3)
    with django_assert_num_queries(6):  # token + the five lists
        client.get("/api/v1/briefings/daily")
    reports(make_report, 27, start=3)
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/briefings/daily").json()["open_high_risk"]) == 15


def test_the_briefing_page_takes_the_same_queries_for_3_and_for_30_cases(
    force, make_report, django_assert_num_queries
):
    page = signed_in(force["dci"])
    reports(make_report, 3)
    sweep_run()
    page.get("/briefings/daily/")  # warm the session
    with django_assert_num_queries(19):
        assert page.get("/briefings/daily/").status_code == 200
    last = reports(make_report, 27, start=3)[-2]  # high risk
    sweep_run()
    with django_assert_num_queries(19):
        assert f'href="/episodes/{last["id"]}/"'.encode() in page.get("/briefings/daily/").content


def test_the_dci_records_a_decision_and_its_action_becomes_a_task_for_the_officer(force, make_report):
    [episode] = reports(make_report, 1)
    due = local(now() + timedelta(hours=3))

    response = signed_in(force["dci"]).post(
        "/briefings/daily/decisions/",
        {
            "episode_id": episode["id"],
            "decision": "Keep high",
            "action": "Check ANPR",
            "due_date": due.strftime("%d/%m/%Y"),
            "due_time": due.strftime("%H:%M"),
        },
    )

    assert response.status_code == 302
    task = Task.objects.get(episode_id=episode["id"], kind="tasking_action")
    assert (task.description, task.owner and task.owner.username) == (
        "Check ANPR",
        episode["officer"]["username"],
    )


def test_a_decision_with_a_past_due_time_shows_the_error_and_keeps_what_was_typed(force, make_report):
    [episode] = reports(make_report, 1)

    response = signed_in(force["dci"]).post(
        "/briefings/daily/decisions/",
        {
            "episode_id": episode["id"],
            "decision": "Widen the search",
            "action": "Check ANPR",
            "due_date": "01/01/2020",
            "due_time": "10:00",
        },
    )

    assert response.status_code == 422
    assert b"cannot be in the past" in response.content and b"Widen the search" in response.content
    assert not Task.objects.filter(kind="tasking_action").exists()


def test_the_briefing_and_the_briefing_sheet_print_as_pdf(force, make_report):
    [episode] = reports(make_report, 1)
    page = signed_in(force["ds"])

    daily = page.get("/briefings/daily.pdf")
    sheet = page.get(f"/episodes/{episode['id']}/briefing-sheet.pdf")

    assert daily["Content-Type"] == sheet["Content-Type"] == "application/pdf"
    assert daily.content.startswith(b"%PDF") and sheet.content.startswith(b"%PDF")
