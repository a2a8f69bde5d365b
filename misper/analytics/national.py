"""A national-scale synthetic history (about 330,000 incidents a year, domain section 4) streamed into
the database: people, episodes and their fact rows, generated with numpy a chunk of people at a time
and written with COPY on PostgreSQL (CSV made by pyarrow) or executemany in big transactions on SQLite.

It loads history the way an import would: no staff, reviews or audit rows, only what the KPIs,
dashboards and network read. Columns other apps add to people or episodes get their model default.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
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
    chunk_persons: int = 50_000
    rebuild_indexes: bool = True
    workers: int = 2  # COPY connections on PostgreSQL (and index builds at the end)


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


# ---- PostgreSQL: binary COPY built with numpy ------------------------------------------------------

COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
COPY_TRAILER = b"\xff\xff"
PG_EPOCH_SECONDS = 946_684_800  # 2000-01-01, where PostgreSQL's binary dates and timestamps start
PG_EPOCH_DAYS = 10_957
FIXED = {"bigint": ">i8", "integer": ">i4", "smallint": ">i2", "double precision": ">f8", "boolean": "u1"}
FIXED.update({"timestamp with time zone": ">i8", "date": ">i4"})


@dataclass(frozen=True)
class CopyTable:
    """A table's columns as COPY writes them: the model fields and their PostgreSQL types."""

    model: type[models.Model]
    fields: list[models.Field[Any, Any]]
    types: list[str]

    @property
    def sql(self) -> str:
        cols = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        return f"COPY {self.model._meta.db_table} ({cols}) FROM STDIN (FORMAT BINARY)"


def _copy_tables() -> list[CopyTable]:
    tables = []
    with connection.cursor() as cursor:
        for model in (Person, Episode, EpisodeFact):
            cursor.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [model._meta.db_table],
            )
            types = dict(cursor.fetchall())
            fields = list(model._meta.concrete_fields)
            tables.append(CopyTable(model, fields, [types[f.column].split("(")[0] for f in fields]))
    return tables


def _field_bytes(kind: str, value: Any) -> bytes:
    """One value in COPY's binary form, length first (-1 for NULL)."""
    if value is None:
        return (-1).to_bytes(4, "big", signed=True)
    if kind in FIXED:
        data = bytes(_fixed(kind, np.array([value]))[0].tobytes())
    else:
        if isinstance(value, list | dict):
            value = json.dumps(value)
        data = (b"\x01" if kind == "jsonb" else b"") + str(value).encode()
    return len(data).to_bytes(4, "big", signed=True) + data


def _fixed(kind: str, values: np.ndarray) -> np.ndarray:
    """Fixed-width values as a (rows, width) byte matrix, big-endian (NULL rows hold junk)."""
    if kind == "timestamp with time zone":
        values = (values.astype(np.int64) - PG_EPOCH_SECONDS) * 1_000_000
    elif kind == "date":
        values = values.astype("datetime64[D]").astype(np.int64) - PG_EPOCH_DAYS
    elif kind == "boolean":
        values = values.astype(bool)
    elif kind == "double precision":
        values = np.nan_to_num(values.astype(np.float64))
    encoded = np.ascontiguousarray(values.astype(FIXED[kind]))
    return encoded.view(np.uint8).reshape(len(values), -1)


def _nulls(kind: str, values: np.ndarray) -> np.ndarray:
    if values.dtype == object:
        return np.asarray(pd.isna(values), dtype=bool)
    if kind == "double precision":
        return np.isnan(values.astype(np.float64))
    if kind in FIXED and kind != "boolean" and np.issubdtype(values.dtype, np.integer):
        return np.asarray(values == NULL_INT, dtype=bool)
    return np.zeros(len(values), dtype=bool)


def _text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Text as a (rows, widest) byte matrix and each row's length (the values come from small
    vocabularies, so only the distinct ones are encoded)."""
    distinct, inverse = np.unique(values.astype(str), return_inverse=True)
    encoded = [str(v).encode() for v in distinct]
    width = max((len(e) for e in encoded), default=0) or 1
    matrix = np.frombuffer(b"".join(e.ljust(width, b"\0") for e in encoded), np.uint8)
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    return matrix.reshape(len(encoded), width)[inverse.ravel()], lengths[inverse.ravel()]


def _encode(table: CopyTable, data: dict[str, Any], n: int) -> bytes:
    """The rows in COPY's binary format, with every column done at once: each row is laid out in a
    byte matrix with a slot per column as wide as its widest value, and the unused bytes of the
    variable ones (text, NULLs) are dropped by one boolean mask at the end."""
    blocks: list[tuple[np.ndarray, np.ndarray | None]] = []  # slot bytes, bytes used per row
    for field, kind in zip(table.fields, table.types, strict=True):
        values = data.get(field.attname)
        if values is None:
            value = field.get_default()
            blocks.append((np.frombuffer(_field_bytes(kind, value), np.uint8)[None, :], None))
            continue
        null = _nulls(kind, values)
        if kind in FIXED:
            if null.any():
                values = np.where(null, 0, values) if values.dtype != object else values.copy()
                if values.dtype == object:
                    values[null] = 0
            data_bytes = _fixed(kind, values)
            lengths = np.full(n, data_bytes.shape[1], dtype=np.int64)
        else:
            data_bytes, lengths = _text(values)
        lengths = np.where(null, -1, lengths)
        block = np.empty((n, 4 + data_bytes.shape[1]), np.uint8)
        block[:, :4] = lengths.astype(">i4").view(np.uint8).reshape(n, 4)
        block[:, 4:] = data_bytes
        used = 4 + np.maximum(lengths, 0)
        blocks.append((block, None if (used == block.shape[1]).all() else used))
    width = 2 + sum(b.shape[1] for b, _ in blocks)
    rows = np.empty((n, width), np.uint8)
    rows[:, :2] = np.frombuffer(len(blocks).to_bytes(2, "big"), np.uint8)
    variable = any(u is not None for _, u in blocks)
    mask: np.ndarray | None = np.ones((n, width), dtype=bool) if variable else None
    at = 2
    for block, row_used in blocks:
        w = block.shape[1]
        rows[:, at : at + w] = block
        if row_used is not None and mask is not None:
            mask[:, at : at + w] = np.arange(w)[None, :] < row_used[:, None]
        at += w
    body = rows.reshape(-1) if mask is None else rows[mask]
    return COPY_HEADER + body.tobytes() + COPY_TRAILER


def _copy_chunk(tables: list[CopyTable], payloads: list[bytes]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # A bulk load of rows made consistent here: skip the per-row foreign-key triggers.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        for table, payload in zip(tables, payloads, strict=True):
            with cursor.cursor.copy(table.sql) as copy:  # the psycopg cursor
                copy.write(payload)


class _Loaders:
    """COPY connections in threads, fed encoded chunks through a short queue, so that PostgreSQL
    writes one chunk (or two, one per connection) while numpy makes the next."""

    def __init__(self, tables: list[CopyTable], workers: int, on_done: Callable[[int], None]) -> None:
        self.tables = tables
        self.queue: queue.Queue[tuple[list[bytes], int] | None] = queue.Queue(maxsize=workers)
        self.errors: list[BaseException] = []
        self.on_done = on_done
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(workers)]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                if not self.errors:
                    _copy_chunk(self.tables, item[0])
                    with self.lock:
                        self.on_done(item[1])
        except BaseException as exc:  # reported by the generating thread
            self.errors.append(exc)
            while self.queue.get() is not None:
                pass
        finally:
            connection.close()

    def put(self, payloads: list[bytes], n: int) -> None:
        self.check()
        self.queue.put((payloads, n))

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]

    def close(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        self.check()


def generate(plan: Plan, *, progress: Callable[[int, int, float], None] | None = None) -> dict[str, float]:
    """Generate and write the history; returns the episodes written and where the time went:
    `seconds` the rows streamed (generated and written), `index_seconds` the secondary indexes
    rebuilt, `total_seconds` everything up to a database ready to query (sequences, statistics,
    vacuum included)."""
    rng = np.random.default_rng(plan.seed)
    end = _now_seconds()
    span = plan.years * 365 * SECONDS_PER_DAY
    places = _places(rng)
    counts = _counts(rng, plan.persons, plan.episodes)
    first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_episode = (Episode.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    postgres = connection.vendor == "postgresql"
    started = time.perf_counter()
    dropped = _drop_secondary_indexes() if plan.rebuild_indexes else []
    done = 0
    written = 0
    generating = 0.0

    def written_up_to(n: int) -> None:
        nonlocal written
        written += n
        if progress:
            progress(written, plan.episodes, time.perf_counter() - started)

    tables = _copy_tables() if postgres else []
    loaders = _Loaders(tables, max(1, plan.workers), written_up_to) if postgres else None
    if postgres:
        _autovacuum(enabled=False)
    try:
        for start in range(0, plan.persons, plan.chunk_persons):
            tick = time.perf_counter()
            chunk = counts[start : start + plan.chunk_persons]
            person, episode, fact = _chunk(
                rng, chunk, first_person + start, first_episode + done, end, span, places
            )
            n = len(episode["id"])
            if loaders is not None:
                sizes = (len(chunk), n, n)
                payloads = [
                    _encode(t, d, size)
                    for t, d, size in zip(tables, (person, episode, fact), sizes, strict=True)
                ]
                generating += time.perf_counter() - tick
                loaders.put(payloads, n)
            else:
                with transaction.atomic():
                    _insert_sqlite(Person, person, len(chunk))
                    _insert_sqlite(Episode, episode, n)
                    _insert_sqlite(EpisodeFact, fact, n)
                generating += time.perf_counter() - tick
                written_up_to(n)
            done += n
        if loaders is not None:
            loaders.close()
            loaders = None
    finally:
        if loaders is not None:
            loaders.close()
    load_seconds = time.perf_counter() - started
    _recreate_indexes(dropped, max(1, plan.workers))
    index_seconds = time.perf_counter() - started - load_seconds
    _finish(max(1, plan.workers))
    total = time.perf_counter() - started
    return {
        "episodes": done,
        "seconds": load_seconds,
        "generate_seconds": generating,
        "index_seconds": index_seconds,
        "finish_seconds": total - load_seconds - index_seconds,
        "total_seconds": total,
    }


def _autovacuum(*, enabled: bool) -> None:
    """Keep autovacuum off the tables while they load (the load ends with its own ANALYZE/VACUUM)."""
    with connection.cursor() as cursor:
        for model in (Person, Episode, EpisodeFact):
            table = model._meta.db_table
            if enabled:
                cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
            else:
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")


def _parallel(jobs: list[list[str]], workers: int) -> None:
    """Run lists of statements on `workers` connections (each list in order on one connection)."""
    pending: queue.Queue[list[str]] = queue.Queue()
    for job in jobs:
        pending.put(job)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                while not errors:
                    try:
                        job = pending.get_nowait()
                    except queue.Empty:
                        break
                    for statement in job:
                        cursor.execute(statement)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _drop_secondary_indexes() -> list[tuple[str, str]]:
    """On PostgreSQL, drop the secondary indexes of the loaded tables (rebuilt once at the end, which
    is several times cheaper than maintaining them row by row); returns (table, definition) pairs."""
    if connection.vendor != "postgresql":
        return []
    tables = [m._meta.db_table for m in (Person, Episode, EpisodeFact)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        rows = cursor.fetchall()
        for _, name, _ in rows:
            cursor.execute(f'DROP INDEX "{name}"')
    return [(table, definition) for table, _, definition in rows]


def _recreate_indexes(definitions: list[tuple[str, str]], workers: int) -> None:
    """Build the indexes again, on `workers` connections at once, the biggest tables first."""
    if not definitions:
        return
    size = {EpisodeFact._meta.db_table: 0, Episode._meta.db_table: 1, Person._meta.db_table: 2}
    ordered = sorted(definitions, key=lambda d: size.get(d[0], 3))
    _parallel([[definition] for _, definition in ordered], workers)


def _finish(workers: int) -> None:
    """Reset id sequences, mark the facts current, and refresh planner statistics."""
    high = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    FactsState.objects.update_or_create(
        pk=1, defaults={"audit_watermark": high, "refreshed_at": datetime.now(UTC)}
    )
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    _autovacuum(enabled=True)
    with connection.cursor() as cursor:
        for model in (Person, Episode):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {table}))",  # noqa: S608
                [table],
            )
    # The visibility map lets the KPI query read the covering index alone (VACUUM, outside a
    # transaction: the worker connections are in autocommit).
    _parallel(
        [
            [f"VACUUM (ANALYZE) {EpisodeFact._meta.db_table}"],
            [f"ANALYZE {Episode._meta.db_table}", f"ANALYZE {Person._meta.db_table}"],
        ],
        workers,
    )


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
