"""Pinned query counts of the API's reads: a list's count must not grow with its rows."""

from __future__ import annotations

from typing import Any

from conftest import report_body

GRADES = ["high", "medium", "low", "no_apparent_risk"]


def file_reports(make_report: Any, start: int, stop: int) -> list[dict[str, Any]]:
    # Mixed grades, so episodes carry tasks (with owners) and reviews (with reviewers) to load.
    return [
        make_report(
            person={**report_body()["person"], "given_name": f"Child{i}"}, risk_grade=GRADES[i % len(GRADES)]
        )
        for i in range(start, stop)
    ]


# token, episodes, their tasks, their reviews, the consultation log of the page
LIST_QUERIES = 5


def test_listing_episodes_takes_the_same_queries_for_3_and_for_30_rows(
    force, make_report, django_assert_num_queries
):
    client = force["analyst"].client()
    file_reports(make_report, 0, 3)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get("/api/v1/episodes").json()["items"]) == 3

    file_reports(make_report, 3, 30)
    with django_assert_num_queries(LIST_QUERIES):
        assert len(client.get("/api/v1/episodes").json()["items"]) == 30


def test_reading_one_episode_takes_five_queries(force, make_report, django_assert_num_queries):
    # token, episode, tasks, reviews, consultation log
    [episode] = file_reports(make_report, 0, 1)
    client = force["analyst"].client()

    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/episodes/{episode['id']}").status_code == 200


def test_reading_a_person_takes_the_same_queries_for_1_and_for_6_episodes(
    force, make_report, django_assert_num_queries
):
    # token, person, episodes, their tasks, their reviews, consultation log
    [episode] = file_reports(make_report, 0, 1)
    client = force["analyst"].client()
    with django_assert_num_queries(6):
        assert client.get(f"/api/v1/persons/{episode['person_id']}").json()["episode_count"] == 1

    for grade in [*GRADES, "high"]:
        make_report(risk_grade=grade, person={**report_body()["person"], "given_name": "Child0"})
    with django_assert_num_queries(6):
        assert client.get(f"/api/v1/persons/{episode['person_id']}").json()["episode_count"] == 6
