"""The contract's KPIs: exact per definition, identical to the straightforward reading of the episodes."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

import pytest

from misper.analytics import stats
from misper.analytics.services import facts_refresh
from misper.core.timeutil import local_day_start, now
from misper.episodes.models import Episode

FROM, TO = "2025-01-01", "2026-01-01"


def kpis_the_straightforward_way(date_from: date, date_to: date) -> dict[str, object]:
    """The contract read literally over the episodes table, for comparison."""
    start, end = local_day_start(date_from), local_day_start(date_to)
    episodes = list(Episode.objects.filter(missing_since__gte=start, missing_since__lt=end))
    minutes = [int((e.found_at - e.missing_since).total_seconds() // 60) for e in episodes if e.found_at]
    children = [e for e in episodes if e.age_at_missing is not None and e.age_at_missing < 18]
    within = [c for c in children if c.found_at and c.found_at - c.reported_at <= timedelta(hours=12)]
    repeat = [
        e
        for e in episodes
        if Episode.objects.filter(person_id=e.person_id, missing_since__lt=e.missing_since).exists()
    ]
    return {
        "episodes": len(episodes),
        "persons": len({e.person_id for e in episodes}),
        "mean_minutes_missing": sum(minutes) // len(minutes) if minutes else None,
        "median_minutes_missing": int(statistics.median(minutes)) if minutes else None,
        "under18_found_within_12h_pct": stats.pct(len(within), len(children)),
        "repeat_episode_pct": stats.pct(len(repeat), len(episodes)),
    }


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return local_day_start(date.fromisoformat(day)) + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def history(force, make_report):
    """Amy (a child) three times, one before the period; Ben (an adult) twice; one child still missing."""
    amy = {"given_name": "Amy", "family_name": "Hart", "date_of_birth": "2011-04-02", "sex": "female"}
    ben = {"given_name": "Ben", "family_name": "Oakes", "date_of_birth": "1980-01-01", "sex": "male"}
    cat = {"given_name": "Cat", "family_name": "Ives", "date_of_birth": "2012-06-06", "sex": "female"}
    plan = [
        (amy, "2024-12-20", 11 * 60),  # before the period: makes Amy's later episodes repeats
        (amy, "2025-03-01", 12 * 60),  # found exactly 12 h after the report: within
        (amy, "2025-03-09", 12 * 60 + 1),  # one minute over
        (ben, "2025-05-05", 90),
        (ben, "2025-05-05", 30),  # same start time as the one before: not "earlier"
        (cat, "2025-12-31", None),  # never found: counts as not within
    ]
    client = force["ds"].client()
    for person, day, found_after in plan:
        episode = make_report(
            as_user="ds",
            person={**person, "postcode": "DE1 1AA"},
            missing_since=at(day, 9).isoformat(),
            reported_at=at(day, 10).isoformat(),
        )
        if found_after is not None:
            found = at(day, 10) + timedelta(minutes=found_after, seconds=30 if found_after == 720 else 0)
            if found_after == 720:
                found -= timedelta(seconds=30)
            response = client.post(
                f"/api/v1/episodes/{episode['id']}/found",
                {"found_at": found.isoformat(), "found_location": "Derby bus station"},
            )
            assert response.status_code == 200, response.content


def test_kpis_equal_the_straightforward_reading_of_the_contract(force, history):
    response = force["analyst"].client().get("/api/v1/analytics/kpis", **{"from": FROM, "to": TO})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = kpis_the_straightforward_way(date.fromisoformat(FROM), date.fromisoformat(TO))
    assert {key: body[key] for key in expected} == expected
    assert body["episodes"] == 5 and body["persons"] == 3
    assert body["under18_found_within_12h_pct"] == 33.3  # 1 of Amy's 2 and Cat's 1
    assert body["repeat_episode_pct"] == 40.0  # Amy twice; Ben's tie is not earlier


def test_facts_follow_a_person_found_after_they_were_first_counted(force, history):
    facts_refresh()
    live = Episode.objects.get(status="missing")
    force["ds"].client().post(
        f"/api/v1/episodes/{live.pk}/found",
        {"found_at": (live.reported_at + timedelta(hours=2)).isoformat(), "found_location": "Home"},
    )
    body = force["dci"].client().get("/api/v1/analytics/kpis", **{"from": FROM, "to": TO}).json()
    assert body["under18_found_within_12h_pct"] == 66.7
    assert body == {**body, **kpis_the_straightforward_way(date(2025, 1, 1), date(2026, 1, 1))}


def test_a_cohort_narrows_the_figures_and_counts_its_own_people(force, history):
    body = (
        force["di"].client().get("/api/v1/analytics/kpis", **{"from": FROM, "to": TO, "cohort": "under_18"})
    )
    assert body.status_code == 200
    assert body.json()["episodes"] == 3 and body.json()["persons"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-02-01", "to": "2025-01-01"}, "to"),
        ({"from": "2025-01-01", "to": "2025-01-01"}, "to"),
        ({"from": "2025-13-01", "to": "2026-01-01"}, "from"),
        ({"from": "2025-01-01", "to": "soon"}, "to"),
        ({"from": "2025-01-01", "to": "2026-01-01", "cohort": "teenagers"}, "cohort"),
    ],
)
def test_bad_input_is_refused_with_the_parameter_named(force, params, field):
    response = force["analyst"].client().get("/api/v1/analytics/kpis", **params)
    assert response.status_code == 422
    assert field in response.json()["detail"]


@pytest.mark.parametrize("username", ["officer", "call_handler", "intel", "coordinator", "partner", "admin"])
def test_only_analysts_and_senior_investigators_read_the_kpis(force, username):
    assert force[username].client().get("/api/v1/analytics/kpis").status_code == 403


def test_an_empty_period_has_no_shares_rather_than_zero(force):
    body = (
        force["analyst"].client().get("/api/v1/analytics/kpis", **{"from": "2001-01-01", "to": "2001-02-01"})
    )
    assert body.json()["episodes"] == 0
    assert body.json()["under18_found_within_12h_pct"] is None
    assert now() > local_day_start(date(2001, 2, 1))


@pytest.mark.parametrize("cohort", [None, "under_18", "repeat"])
def test_the_dashboard_counts_in_python_what_the_group_by_queries_count(force, history, cohort):
    from django.db.models import Count

    from misper.analytics.models import EpisodeFact
    from misper.analytics.selectors import dashboard_figures, facts_in, kpi_figures, make_filters

    facts_refresh()
    for date_from, date_to in ((FROM, TO), ("2024-01-01", TO), ("2030-01-01", "2030-02-01")):
        f = make_filters(
            date_from=date.fromisoformat(date_from), date_to=date.fromisoformat(date_to), cohort=cohort
        )
        board = dashboard_figures(f)
        assert board.kpis == kpi_figures(f)
        facts = facts_in(f)
        grid = {(w, h): n for w, h, n in facts.values_list("weekday", "hour").annotate(n=Count("pk"))}
        assert [row[1:] for row in board.tables["heat_map"].rows] == [
            [grid.get((w, h), 0) for h in range(24)] for w in range(7)
        ]
        grades = dict(facts.values_list("risk_grade").annotate(n=Count("pk")))
        assert [row[1] for row in board.tables["risk_mix"].rows] == [
            grades.get(g, 0) for g in ("high", "medium", "low", "no_apparent_risk")
        ]
        assert sum(int(str(row[1])) for row in board.tables["over_time"].rows) == facts.count()
        due = facts.exclude(review_role="").count()
        assert sum(int(str(row[2])) for row in board.tables["reviews"].rows) == due
        assert board.tables["interviews"].rows[0][1] == facts.filter(minutes_missing__isnull=False).count()
    assert EpisodeFact.objects.exists()
