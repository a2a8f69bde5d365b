"""Concurrent requests are normal: none fails for want of a lock, none is lost or doubled.

Real threads, each with its own client and database connection, against a real database: a file for
SQLite (the test settings name one), so the threads share it as the embedded default does in production.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection

from conftest import ApiClient, report_body
from misper.core.timeutil import now
from misper.episodes.models import Episode, FoundRecord
from misper.people.models import Person

THREADS = 12

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at the same moment, one thread each; a crash counts as a 500 with its text."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as exc:  # a lock error or a crash must show up as a failure, not hang the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def status_codes(results: list[Any]) -> list[int | str]:
    return [r.status_code if hasattr(r, "status_code") else repr(r) for r in results]


def test_the_database_the_threads_share_is_a_real_one():
    # An in-memory SQLite database would give each thread its own empty database.
    assert connection.vendor == "postgresql" or "memory" not in str(connection.settings_dict["NAME"])


def test_twelve_reports_filed_at_once_all_succeed_as_twelve_distinct_episodes(force):
    token = force["call_handler"].token

    def file_report(index: int) -> Callable[[], Any]:
        person = {**report_body()["person"], "given_name": f"Child{index}"}
        body = report_body(person=person, last_seen_location=f"Street {index}")
        return lambda: ApiClient(token).post("/api/v1/reports", body)

    results = run_together([file_report(i) for i in range(THREADS)])

    assert status_codes(results) == [201] * THREADS, [getattr(r, "content", r) for r in results]
    ids = {r.json()["id"] for r in results}
    assert len(ids) == THREADS
    assert Episode.objects.count() == THREADS
    assert sorted(Episode.objects.values_list("last_seen_location", flat=True)) == sorted(
        f"Street {i}" for i in range(THREADS)
    )
    assert all(r.json()["officer"] and r.json()["supervisor"] for r in results)


def test_twelve_reports_of_the_same_person_at_once_link_to_one_person(force):
    token = force["call_handler"].token
    body = report_body()

    results = run_together([lambda: ApiClient(token).post("/api/v1/reports", body)] * THREADS)

    assert status_codes(results) == [201] * THREADS, [getattr(r, "content", r) for r in results]
    assert Episode.objects.count() == THREADS
    assert Person.objects.count() == 1
    assert sorted(r.json()["person_match"] for r in results) == ["existing"] * (THREADS - 1) + ["new"]


def test_of_twelve_concurrent_found_calls_on_one_episode_exactly_one_succeeds(force, make_report):
    episode = make_report()
    tokens = [force[name].token for name in ("officer", "officer2", "ds", "di", "dci", "call_handler")]

    def record_found(index: int) -> Callable[[], Any]:
        body = {
            "found_at": (now() - timedelta(minutes=index)).isoformat(),
            "found_location": f"Place {index}",
        }
        token = tokens[index % len(tokens)]
        return lambda: ApiClient(token).post(f"/api/v1/episodes/{episode['id']}/found", body)

    results = run_together([record_found(i) for i in range(THREADS)])

    codes = status_codes(results)
    assert sorted(codes, key=str) == [200] + [409] * (THREADS - 1), codes
    winner = next(r for r in results if r.status_code == 200).json()
    stored = Episode.objects.get(pk=episode["id"])
    assert stored.status == "found"
    assert stored.found_at == datetime.fromisoformat(winner["found_at"])
    assert FoundRecord.objects.filter(episode=stored).count() == 1


def test_of_twelve_concurrent_close_calls_exactly_one_succeeds(force, make_report):
    episode = make_report()
    officer = force["officer"].client()
    officer.post(
        f"/api/v1/episodes/{episode['id']}/found", {"found_at": now().isoformat(), "found_location": "Home"}
    )
    officer.post(
        f"/api/v1/episodes/{episode['id']}/prevention-interview", {"conducted_at": now().isoformat()}
    )
    tokens = [force[name].token for name in ("ds", "di", "dci")]

    def close_as(token):
        return lambda: ApiClient(token).post(f"/api/v1/episodes/{episode['id']}/close")

    results = run_together([close_as(tokens[i % 3]) for i in range(THREADS)])

    codes = status_codes(results)
    assert sorted(codes, key=str) == [200] + [409] * (THREADS - 1), codes
    assert Episode.objects.get(pk=episode["id"]).status == "closed"
