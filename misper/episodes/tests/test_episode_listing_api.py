"""GET /api/v1/episodes: [from, to) in force-local days, oldest first, keyset pages, visibility by role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from conftest import ApiClient, report_body
from misper.core.timeutil import now
from misper.episodes import selectors


def report_at(make_report: Any, missing_since: datetime, *, name: str = "Amy", **overrides: Any) -> Any:
    person = {**report_body()["person"], "given_name": name}
    return make_report(
        person=person,
        missing_since=missing_since.isoformat(),
        reported_at=(missing_since + timedelta(minutes=30)).isoformat(),
        **overrides,
    )


def listed_ids(client: ApiClient, **params: Any) -> list[int]:
    response = client.get("/api/v1/episodes", **params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def follow_all_pages(client: ApiClient, **params: Any) -> tuple[list[int], int]:
    ids: list[int] = []
    pages = 0
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/episodes", **query)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return ids, pages


def test_an_episode_at_2330_utc_in_summer_belongs_to_the_next_london_day(force, make_report):
    late = report_at(make_report, datetime(2025, 7, 14, 23, 30, tzinfo=UTC))
    client = force["analyst"].client()

    assert listed_ids(client, **{"from": "2025-07-15", "to": "2025-07-16"}) == [late["id"]]
    assert listed_ids(client, **{"from": "2025-07-14", "to": "2025-07-15"}) == []


def test_an_episode_at_2330_utc_in_winter_stays_on_the_same_day(force, make_report):
    late = report_at(make_report, datetime(2025, 1, 14, 23, 30, tzinfo=UTC))
    client = force["analyst"].client()

    assert listed_ids(client, **{"from": "2025-01-14", "to": "2025-01-15"}) == [late["id"]]
    assert listed_ids(client, **{"from": "2025-01-15", "to": "2025-01-16"}) == []


def test_the_range_includes_from_and_excludes_to(force, make_report):
    midnight = datetime(2025, 3, 10, tzinfo=UTC)  # GMT: London midnight is UTC midnight
    on_from = report_at(make_report, midnight, name="Ann")
    report_at(make_report, midnight + timedelta(days=1), name="Bea")
    client = force["analyst"].client()

    assert listed_ids(client, **{"from": "2025-03-10", "to": "2025-03-11"}) == [on_from["id"]]


def test_episodes_are_listed_oldest_first_whatever_order_they_were_reported(force, make_report):
    base = now() - timedelta(days=20)
    middle = report_at(make_report, base + timedelta(days=5), name="Cat")
    newest = report_at(make_report, base + timedelta(days=9), name="Dot")
    oldest = report_at(make_report, base, name="Eve")

    assert listed_ids(force["analyst"].client()) == [oldest["id"], middle["id"], newest["id"]]


def test_status_filters_the_list(force, make_report):
    missing = report_at(make_report, now() - timedelta(days=2), name="Fay")
    gone = report_at(make_report, now() - timedelta(days=1), name="Gil")
    found_body = {"found_at": now().isoformat(), "found_location": "Home"}
    force["officer"].client().post(f"/api/v1/episodes/{gone['id']}/found", found_body)
    client = force["analyst"].client()

    assert listed_ids(client, status="missing") == [missing["id"]]
    assert listed_ids(client, status="found") == [gone["id"]]
    assert listed_ids(client, status="closed") == []


def test_the_api_pages_by_page_size_and_page_size_is_500():
    assert selectors.PAGE_SIZE == 500


def test_following_next_until_null_gives_every_episode_once(force, make_report, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    base = now().replace(microsecond=0) - timedelta(days=30)
    # Two pairs share a missing_since, so the cursor must break ties by id.
    times = [base, base + timedelta(days=1), base + timedelta(days=1), base + timedelta(days=2)]
    times += [base + timedelta(days=2), base + timedelta(days=3), base + timedelta(days=4)]
    created = [report_at(make_report, when, name=f"Per{i}")["id"] for i, when in enumerate(times)]

    ids, pages = follow_all_pages(force["analyst"].client())

    assert ids == created
    assert pages == 4


def test_a_full_last_page_still_ends_with_next_null(force, make_report, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    base = now() - timedelta(days=10)
    created = [report_at(make_report, base + timedelta(hours=i), name=f"Q{i}")["id"] for i in range(4)]

    ids, pages = follow_all_pages(force["analyst"].client())

    assert (ids, pages) == (created, 2)


def test_paging_respects_the_date_range_and_status(force, make_report, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    inside = [
        report_at(make_report, datetime(2025, 5, day, 12, tzinfo=UTC), name=f"R{day}")["id"]
        for day in (1, 2, 3)
    ]
    report_at(make_report, datetime(2025, 5, 4, 12, tzinfo=UTC), name="Out")

    ids, _ = follow_all_pages(force["analyst"].client(), **{"from": "2025-05-01", "to": "2025-05-04"})

    assert ids == inside


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "MjAyNS0wMS0wMXwx"}, "cursor"),  # "2025-01-01|1": a time without an offset
        ({"from": "2025-02-01", "to": "2025-01-01"}, "to"),
        ({"from": "2025-02-01", "to": "2025-02-01"}, "to"),
        ({"from": "2025-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"status": "lost"}, "status"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(force, params, field):
    response = force["analyst"].client().get("/api/v1/episodes", **params)

    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)


def test_a_call_handler_lists_only_live_cases_and_the_ones_they_reported(force, make_report):
    live = report_at(make_report, now() - timedelta(days=3), name="Sue", as_user="ds")
    found_elsewhere = report_at(make_report, now() - timedelta(days=2), name="Tom", as_user="ds")
    own_found = report_at(make_report, now() - timedelta(days=1), name="Una")
    found_body = {"found_at": now().isoformat(), "found_location": "Park"}
    for episode in (found_elsewhere, own_found):
        force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/found", found_body)

    assert listed_ids(force["call_handler"].client()) == [live["id"], own_found["id"]]
    assert listed_ids(force["analyst"].client()) == [live["id"], found_elsewhere["id"], own_found["id"]]
    hidden = force["call_handler"].client().get(f"/api/v1/episodes/{found_elsewhere['id']}")
    assert hidden.status_code == 404


def test_listing_without_a_token_is_401_and_for_a_partner_403(force):
    assert ApiClient(None).get("/api/v1/episodes").status_code == 401
    assert force["partner"].client().get("/api/v1/episodes").status_code == 403
