"""Bad input is a 400 or 422 that names the field, never a 500, and never changes stored data."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import report_body
from misper.audit.models import AuditEvent
from misper.core.timeutil import now
from misper.episodes.models import Episode
from misper.people.models import Person

LONDON = ZoneInfo("Europe/London")


def stored_counts() -> tuple[int, int, int]:
    return Episode.objects.count(), Person.objects.count(), AuditEvent.objects.count()


@contextmanager
def nothing_stored() -> Iterator[None]:
    before = stored_counts()
    yield
    assert stored_counts() == before


def with_person(**changes: Any) -> dict[str, Any]:
    body = report_body()
    body["person"].update(changes)
    return body


def post_report(force: Any, body: Any = None, raw: str | None = None) -> Any:
    client = force["call_handler"].client()
    client.client.raise_request_exception = False
    return client.post("/api/v1/reports", body, raw=raw)


def future(**delta: float) -> str:
    return (now() + timedelta(**delta)).isoformat()


REFUSED_REPORTS: list[tuple[str, Any, str]] = [
    ("future date of birth", lambda: with_person(date_of_birth=future(days=2)[:10]), "person.date_of_birth"),
    ("reported before missing", lambda: report_body(reported_at=future(days=-3)), "reported_at"),
    ("missing in the future", lambda: report_body(missing_since=future(hours=1)), "missing_since"),
    (
        "reported in the future",
        lambda: report_body(missing_since=future(hours=-1), reported_at=future(hours=1)),
        "reported_at",
    ),
    ("unknown grade", lambda: report_body(risk_grade="severe"), "risk_grade"),
    ("unknown sex", lambda: with_person(sex="f"), "person.sex"),
    ("unknown care status", lambda: report_body(care_status="kinship"), "care_status"),
    ("given name over 100", lambda: with_person(given_name="A" * 101), "person.given_name"),
    ("family name over 100", lambda: with_person(family_name="H" * 101), "person.family_name"),
    ("circumstances over 10,000", lambda: report_body(circumstances="x" * 10_001), "circumstances"),
    ("police notes over 10,000", lambda: report_body(police_only_notes="x" * 10_001), "police_only_notes"),
    ("clothing over 10,000", lambda: report_body(clothing="x" * 10_001), "clothing"),
    ("description over 10,000", lambda: with_person(description="x" * 10_001), "person.description"),
    ("no name at all", lambda: with_person(given_name="", family_name=" "), "person.given_name"),
    ("person as a string", lambda: report_body(person="Amy Hart"), "person"),
    ("grade as a number", lambda: report_body(risk_grade=3), "risk_grade"),
    ("name as a number", lambda: with_person(given_name=42), "person.given_name"),
    ("date of birth not a date", lambda: with_person(date_of_birth="02/04/2010"), "person.date_of_birth"),
    ("timestamp as a number", lambda: report_body(missing_since=1_700_000_000), "missing_since"),
    ("timestamp not a time", lambda: report_body(reported_at="half past nine"), "reported_at"),
    (
        "timestamp out of range",
        lambda: report_body(missing_since="0001-01-01T00:00:00+14:00"),
        "missing_since",
    ),
    ("person id as text", lambda: report_body(person_id="abc"), "person_id"),
    ("unknown person id", lambda: report_body(person_id=10**30), "person_id"),
    (
        "unknown authority",
        lambda: report_body(responsible_authority="Nowhere Council"),
        "responsible_authority",
    ),
    ("unknown extra field", lambda: report_body(grade="high"), "grade"),
    ("unknown extra person field", lambda: with_person(surname="Hart"), "person.surname"),
    (
        "missing required field",
        lambda: {k: v for k, v in report_body().items() if k != "risk_grade"},
        "risk_grade",
    ),
    ("NUL in free text", lambda: report_body(circumstances="left\x00home"), "circumstances"),
    ("NUL in a name", lambda: with_person(family_name="Ha\x00rt"), "person.family_name"),
    ("aliases not a list", lambda: with_person(aliases="Ames"), "person.aliases"),
    (
        "unknown risk question",
        lambda: report_body(risk_answers=[{"key": "zzz", "answer": "yes"}]),
        "risk_answers",
    ),
    (
        "risk answer not yes/no",
        lambda: report_body(risk_answers=[{"key": "exploitation", "answer": "maybe"}]),
        "risk_answers",
    ),
]


@pytest.mark.parametrize(("case", "make_body", "field"), REFUSED_REPORTS, ids=[c[0] for c in REFUSED_REPORTS])
def test_a_report_breaking_a_rule_is_refused_naming_the_field_and_stores_nothing(
    force, case, make_body, field
):
    with nothing_stored():
        response = post_report(force, make_body())

    assert response.status_code in {400, 422}, (case, response.content)
    assert response.json()["detail"].startswith(field), response.json()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2", '{"person": }', "\x00"])
def test_malformed_json_is_a_400_naming_the_body(force, raw):
    with nothing_stored():
        response = post_report(force, raw=raw)

    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize("raw", ["", "null", "[]", '"report"', "42"])
def test_an_empty_body_or_json_that_is_not_an_object_is_refused_naming_the_body(force, raw):
    with nothing_stored():
        response = post_report(force, raw=raw)

    assert response.status_code == 422
    assert response.json()["detail"].startswith("body")


def test_a_lone_surrogate_in_text_is_refused(force):
    raw = json.dumps(report_body(circumstances="\ud800"))

    with nothing_stored():
        response = post_report(force, raw=raw)

    assert response.status_code == 422
    assert response.json()["detail"].startswith("circumstances")


def test_values_at_the_limits_are_accepted(force):
    body = with_person(given_name="A" * 100, family_name="H" * 100)
    body["circumstances"] = "x" * 10_000

    assert post_report(force, body).status_code == 201


def test_a_few_minutes_of_clock_skew_are_allowed(force):
    body = report_body(reported_at=future(minutes=3))

    assert post_report(force, body).status_code == 201


def test_a_time_without_an_offset_is_read_as_london_time(force):
    summer_local = datetime(2025, 7, 1, 10, 0)
    body = report_body(
        missing_since=summer_local.isoformat(), reported_at=(summer_local + timedelta(hours=1)).isoformat()
    )

    response = post_report(force, body)

    assert response.status_code == 201, response.content
    missing_since = datetime.fromisoformat(response.json()["missing_since"])
    assert missing_since == summer_local.replace(tzinfo=LONDON)
    assert missing_since.utcoffset() == timedelta(hours=1)
    assert Episode.objects.get().missing_since.hour == 9  # 10:00 BST is 09:00 UTC


# ---- found and interview ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found_at", "field"),
    [
        (
            lambda ep: (datetime.fromisoformat(ep["missing_since"]) - timedelta(minutes=1)).isoformat(),
            "found_at",
        ),
        (lambda ep: future(hours=2), "found_at"),
        (lambda ep: "not a time", "found_at"),
        (lambda ep: 1_700_000_000, "found_at"),
    ],
)
def test_a_bad_found_time_is_refused_and_changes_nothing(force, make_report, found_at, field):
    episode = make_report()
    client = force["officer"].client()
    client.client.raise_request_exception = False

    with nothing_stored():
        response = client.post(
            f"/api/v1/episodes/{episode['id']}/found",
            {"found_at": found_at(episode), "found_location": "Library"},
        )

    assert response.status_code == 422
    assert response.json()["detail"].startswith(field)
    assert Episode.objects.get(pk=episode["id"]).status == "missing"


def test_a_found_body_with_an_unknown_condition_or_field_is_refused(force, make_report):
    episode = make_report()
    client = force["officer"].client()
    good = {"found_at": now().isoformat(), "found_location": "Library"}

    with nothing_stored():
        wrong_condition = client.post(f"/api/v1/episodes/{episode['id']}/found", {**good, "condition": "ok"})
        extra = client.post(f"/api/v1/episodes/{episode['id']}/found", {**good, "where": "x"})

    assert wrong_condition.status_code == 422 and wrong_condition.json()["detail"].startswith("condition")
    assert extra.status_code == 422 and extra.json()["detail"].startswith("where")


def test_an_interview_in_the_future_is_refused(force, make_report):
    episode = make_report()
    client = force["officer"].client()
    client.post(
        f"/api/v1/episodes/{episode['id']}/found", {"found_at": now().isoformat(), "found_location": "X"}
    )

    response = client.post(
        f"/api/v1/episodes/{episode['id']}/prevention-interview", {"conducted_at": future(days=1)}
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("conducted_at")


# ---- fuzz -------------------------------------------------------------------------------------------

ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "x" * 10_001,
    "\x00",
    "\ud800",
    "é" * 101,
    0,
    -1,
    2**63,
    10**40,
    1.5,
    float("inf"),
    True,
    [],
    [1, "a"],
    {},
    {"a": 1},
    "2025-02-30",
    "2025-01-01T25:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "2010-04-02",
    "high",
    "female",
    "childrens_home",
    "DE1 1AA",
    "😀" * 50,
]


def mutate(rng: random.Random, body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    for _ in range(rng.randint(1, 3)):
        target = body["person"] if isinstance(body.get("person"), dict) and rng.random() < 0.4 else body
        action = rng.random()
        if action < 0.6 and target:
            target[rng.choice(sorted(target))] = rng.choice(ODD_VALUES)
        elif action < 0.8 and target:
            target.pop(rng.choice(sorted(target)))
        else:
            target[rng.choice(["extra", "risk_answers", "person_id", "aliases", "responsible_authority"])] = (
                rng.choice(ODD_VALUES)
            )
    return body


def test_two_hundred_random_bad_reports_never_cause_a_500_or_a_partial_write(force):
    rng = random.Random(20_261_120)
    for attempt in range(200):
        body = mutate(rng, report_body())
        raw = json.dumps(body, allow_nan=True)
        before = stored_counts()

        response = post_report(force, raw=raw)

        assert response.status_code < 500, (attempt, raw[:500], response.content[:500])
        if response.status_code == 201:
            assert Episode.objects.count() == before[0] + 1
        else:
            assert response.status_code in {400, 422}, (attempt, raw[:500], response.content)
            assert stored_counts() == before, (attempt, raw[:500])
