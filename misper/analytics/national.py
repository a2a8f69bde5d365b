"""A national-scale synthetic history (about 330,000 incidents a year, domain section 4) streamed into
the database: people, episodes and their fact rows, generated with numpy a chunk of people at a time
and written with COPY on PostgreSQL (CSV made by pyarrow) or executemany in big transactions on SQLite.

It loads history the way an import would: no staff, reviews or audit rows, only what the KPIs,
dashboards and network read. Columns other apps add to people or episodes get their model default.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection, models, transaction

from misper.analytics.models import EpisodeFact, FactsState, Place
from misper.audit.models import AuditEvent
from misper.core.policy import get_policy
from misper.episodes.models import Episode
from misper.people.models import Person

GIVEN = np.array(
    ["Amelia", "Olivia", "Isla", "Jade", "Ruby", "Kyle", "Liam", "Jack", "Reece", "Tyler", "Noah", "Leo"]
)
FAMILY = np.array(
    ["Smith", "Jones", "Taylor", "Brown", "Evans", "Wilson", "Khan", "Patel", "Hughes", "Clarke"]
)
GRADES = np.array(["high", "medium", "low", "no_apparent_risk"])
GRADE_WEIGHTS = np.array([16, 68, 13, 3]) / 100
CARE = np.array(["none", "childrens_home", "foster_care"])
PLACES = 2000
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Plan:
    episodes: int
    persons: int
    years: int
    seed: int
    chunk_persons: int = 100_000
    rebuild_indexes: bool = True


def _now_seconds() -> int:
    return int(datetime.now(UTC).replace(second=0, microsecond=0).timestamp())


def _places(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A gazetteer of national places with coordinates (England and Wales, roughly)."""
    names = [f"National place {i:04d}" for i in range(PLACES)]
    lat = rng.uniform(50.5, 54.8, PLACES)
    lon = rng.uniform(-4.5, 1.5, PLACES)
    Place.objects.bulk_create(
        [
            Place(name=n, latitude=float(a), longitude=float(o), source="synthetic")
            for n, a, o in zip(names, lat, lon, strict=True)
        ],
        ignore_conflicts=True,
    )
    ids = dict(Place.objects.filter(name__in=names).values_list("name", "pk"))
    return np.array(names), np.array([ids[n] for n in names]), lat, lon


def _counts(rng: np.random.Generator, persons: int, episodes: int) -> np.ndarray:
    """Episodes per person: at least one each, the rest heavy-tailed (a few people go missing often)."""
    weights = rng.pareto(1.6, persons) + 0.05
    extra = rng.multinomial(episodes - persons, weights / weights.sum())
    return (1 + extra).astype(np.int64)


def _with_nulls(values: Any, null: Any) -> Any:
    out = values.astype(object)
    out[null] = None
    return out


def _haversine(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


def _chunk(
    rng: np.random.Generator,
    counts: np.ndarray,
    first_person: int,
    first_episode: int,
    end: int,
    span: int,
    places: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    policy = get_policy()
    people = len(counts)
    n = int(counts.sum())
    person_ids = np.arange(first_person, first_person + people)
    child = rng.random(people) < 0.6
    age_now = np.where(child, rng.integers(10, 18, people), rng.integers(18, 85, people))
    birth = end - (age_now * 365.25 + rng.uniform(0, 365, people)) * SECONDS_PER_DAY
    care = np.where(child & (rng.random(people) < 0.2), 1 + (rng.random(people) < 0.4), 0)
    person = {
        "id": person_ids,
        "given_name": GIVEN[rng.integers(0, len(GIVEN), people)],
        "family_name": FAMILY[rng.integers(0, len(FAMILY), people)],
        "date_of_birth": (birth // SECONDS_PER_DAY).astype("datetime64[D]"),
        "sex": np.where(rng.random(people) < 0.5, "female", "male"),
        "care_status": CARE[care],
        "created_at": np.full(people, end, dtype=np.int64),
    }
    person["name_key"] = np.char.lower(
        np.char.add(np.char.add(person["given_name"], " "), person["family_name"])
    )

    owner = np.repeat(np.arange(people), counts)
    # Repeat episodes cluster in time: each person's episodes sit in a window around a random centre.
    centre = rng.uniform(end - span, end, people)
    spread = rng.uniform(3, 200, people) * SECONDS_PER_DAY
    since = np.clip(centre[owner] + rng.normal(0, 1, n) * spread[owner], end - span, end - 1800)
    since = (since // 60 * 60).astype(np.int64)
    order = np.lexsort((since, owner))
    owner, since = owner[order], since[order]
    pid = person_ids[owner]
    reported = since + rng.integers(20, 360, n) * 60
    is_child = (since - birth[owner]) < 18 * 365.25 * SECONDS_PER_DAY
    hours = np.where(rng.random(n) < 0.79, np.minimum(rng.exponential(7.5, n), 23.9), rng.uniform(24, 200, n))
    found = since + (hours * 3600).astype(np.int64)
    missing = found > end
    age = ((since - birth[owner]) // (365.2425 * SECONDS_PER_DAY)).astype(np.int64)
    grade = GRADES[rng.choice(4, n, p=GRADE_WEIGHTS)]
    seen = rng.integers(0, PLACES, n)
    found_at_place = np.where(rng.random(n) < 0.5, seen, rng.integers(0, PLACES, n))
    names, place_ids, lat, lon = places
    first_of_person = np.ones(n, dtype=bool)
    first_of_person[1:] = owner[1:] != owner[:-1]
    episode = {
        "id": np.arange(first_episode, first_episode + n),
        "person_id": pid,
        "person_match": np.where(first_of_person, "new", "existing"),
        "status": np.where(missing, "missing", "closed"),
        "risk_grade": grade,
        "missing_since": since,
        "reported_at": np.minimum(reported, end),
        "found_at": np.where(missing, -1, found),
        "closed_at": np.where(missing, -1, found + SECONDS_PER_DAY),
        "age_at_missing": age,
        "last_seen_location": names[seen],
        "care_status": person["care_status"][owner],
    }
    episode["reported_at"] = np.maximum(episode["reported_at"], since)
    local = pd.to_datetime(since, unit="s", utc=True).tz_convert(policy.timezone)
    prev = np.where(first_of_person, -1, np.concatenate([[0], since[:-1]]))
    key = pid.astype(np.int64) * 10**10 + since
    window = policy.cohorts.repeat_window_days * SECONDS_PER_DAY
    in_window = np.searchsorted(key, key, "right") - np.searchsorted(key, key - window, "left")
    review_role = np.where(grade == "high", "di", np.where(grade == "medium", "ds", ""))
    interview = np.where(missing, -1, rng.integers(60, 100 * 60, n))
    fact = {
        "episode_id": episode["id"],
        "person_id": pid,
        "missing_since": since,
        "prev_missing_since": prev,
        "local_day": local.date.astype("datetime64[D]")
        if hasattr(local.date, "astype")
        else np.array(local.date, dtype="datetime64[D]"),
        "hour": local.hour.to_numpy(),
        "weekday": local.weekday.to_numpy(),
        "minutes_missing": np.where(missing, -1, (found - since) // 60),
        "found_after_report_seconds": np.where(missing, -1, found - episode["reported_at"]),
        "under_18": age < policy.cohorts.adult_age,
        "is_repeat": since[np.flatnonzero(first_of_person)][np.cumsum(first_of_person) - 1] < since,
        "repeat_cohort": in_window >= policy.cohorts.repeat_episodes,
        "looked_after": episode["care_status"] != "none",
        "out_of_area": np.zeros(n, dtype=bool),
        "risk_grade": grade,
        "review_role": review_role,
        "review_in_time": _with_nulls(rng.random(n) < 0.86, review_role == ""),
        "interview_minutes": interview,
        "last_seen_place_id": place_ids[seen],
        "found_place_id": np.where(missing, -1, place_ids[found_at_place]),
        "distance_km": np.where(
            missing,
            np.nan,
            np.round(_haversine(lat[seen], lon[seen], lat[found_at_place], lon[found_at_place]), 3),
        ),
        "exploitation_count": np.where(is_child & (rng.random(n) < 0.03), rng.integers(1, 4, n), 0),
    }
    return person, episode, fact


# ---- writing ----------------------------------------------------------------------------------------

NULL_INT = -1  # sentinel in the generated integer arrays for NULL


def _arrow_column(field: models.Field[Any, Any], values: Any, n: int) -> pa.Array:
    if values is None:
        default = field.get_default()
        if default is None:
            return pa.nulls(n)
        if isinstance(default, list | dict):
            default = json.dumps(default)
        if isinstance(default, bool):
            return pa.array(np.full(n, default))
        return (
            pa.array([default] * n) if not isinstance(default, str) else pa.array([default] * n, pa.string())
        )
    if isinstance(field, models.DateTimeField):
        mask = values == NULL_INT
        return pa.array(values.astype("datetime64[s]"), pa.timestamp("s", tz="UTC"), mask=mask)
    if isinstance(field, models.DateField):
        return pa.array(values)
    if isinstance(field, models.FloatField):
        return pa.array(values, from_pandas=True)
    if values.dtype == object:
        return pa.array(values)
    if np.issubdtype(values.dtype, np.integer):
        mask = values == NULL_INT
        return pa.array(values, mask=mask) if mask.any() else pa.array(values)
    return pa.array(values)


def _table(model: type[models.Model], data: dict[str, Any], n: int) -> tuple[list[str], pa.Table]:
    fields = list(model._meta.concrete_fields)
    columns = [_arrow_column(f, data.get(f.attname), n) for f in fields]
    return [f.column for f in fields], pa.table(columns, names=[f.column for f in fields])


def _copy_postgres(model: type[models.Model], data: dict[str, Any], n: int) -> None:
    names, table = _table(model, data, n)
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="needed"))
    cols = ", ".join(connection.ops.quote_name(c) for c in names)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor: COPY streams the CSV in one go
        with raw.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '')") as copy:
            copy.write(out.getbuffer())


def _insert_sqlite(model: type[models.Model], data: dict[str, Any], n: int) -> None:
    names, table = _table(model, data, n)
    columns = []
    for column in table.columns:
        if pa.types.is_timestamp(column.type):
            text = column.cast(pa.string()).to_pylist()
            columns.append([t.replace("T", " ") if t else None for t in text])
        elif pa.types.is_date(column.type):
            columns.append([d.isoformat() if d else None for d in column.to_pylist()])
        else:
            columns.append(column.to_pylist())
    marks = ", ".join(["%s"] * len(names))
    cols = ", ".join(connection.ops.quote_name(c) for c in names)
    with connection.cursor() as cursor:
        cursor.executemany(
            # Table and column names come from the models, never from input.
            f"INSERT INTO {model._meta.db_table} ({cols}) VALUES ({marks})",  # noqa: S608
            list(zip(*columns, strict=True)),
        )


def generate(plan: Plan, *, progress: Callable[[int, int, float], None] | None = None) -> dict[str, float]:
    rng = np.random.default_rng(plan.seed)
    end = _now_seconds()
    span = plan.years * 365 * SECONDS_PER_DAY
    places = _places(rng)
    counts = _counts(rng, plan.persons, plan.episodes)
    first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_episode = (Episode.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    write = _copy_postgres if connection.vendor == "postgresql" else _insert_sqlite
    started = time.perf_counter()
    dropped = _drop_secondary_indexes() if plan.rebuild_indexes else []
    done = 0
    for start in range(0, plan.persons, plan.chunk_persons):
        chunk = counts[start : start + plan.chunk_persons]
        person, episode, fact = _chunk(
            rng, chunk, first_person + start, first_episode + done, end, span, places
        )
        n = len(episode["id"])
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A bulk load of rows made consistent here: skip the per-row foreign-key triggers.
                    cursor.execute("SET LOCAL session_replication_role = replica")
                    cursor.execute("SET LOCAL synchronous_commit = off")
            write(Person, person, len(chunk))
            write(Episode, episode, n)
            write(EpisodeFact, fact, n)
        done += n
        if progress:
            progress(done, plan.episodes, time.perf_counter() - started)
    load_seconds = time.perf_counter() - started
    _recreate_indexes(dropped)
    _finish()
    return {"episodes": done, "seconds": load_seconds, "total_seconds": time.perf_counter() - started}


def _drop_secondary_indexes() -> list[str]:
    """On PostgreSQL, drop the secondary indexes of the loaded tables (rebuilt once at the end, which
    is several times cheaper than maintaining them row by row); returns their definitions."""
    if connection.vendor != "postgresql":
        return []
    tables = [m._meta.db_table for m in (Person, Episode, EpisodeFact)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        rows = cursor.fetchall()
        for name, _ in rows:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in rows]


def _recreate_indexes(definitions: list[str]) -> None:
    if not definitions:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)


def _finish() -> None:
    """Reset id sequences, mark the facts current, and refresh planner statistics."""
    high = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    FactsState.objects.update_or_create(
        pk=1, defaults={"audit_watermark": high, "refreshed_at": datetime.now(UTC)}
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in (Person, Episode):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",  # noqa: S608
                    [table],
                )
            for table in (Person._meta.db_table, Episode._meta.db_table, EpisodeFact._meta.db_table):
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    if connection.vendor == "postgresql":
        # The visibility map lets the KPI query read the covering index alone.
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        autocommit = raw.autocommit
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute(f"VACUUM {EpisodeFact._meta.db_table}")
        raw.autocommit = autocommit


def bar(done: int, total: int, seconds: float) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / seconds if seconds else 0
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} episodes, {rate:,.0f}/s")
    sys.stderr.flush()
    if done >= total:
        sys.stderr.write("\n")


def since_text(seconds: int) -> str:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat()
