"""KPIs at national scale: the fact table on PostgreSQL beside DuckDB over a Parquet export of the same
rows, and beside the straightforward SQL over the episodes table, measured in the same run.

    createdb -h 127.0.0.1 -U postgres misper_national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/misper_national .venv/bin/python bench/bench_analytics.py

Generates the national history first if the database has fewer episodes (manage.py generate_national).
Goal (issue 6): the KPIs on PostgreSQL within 3x DuckDB's time, with identical results.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")

STRAIGHTFORWARD = """
SELECT count(*), count(DISTINCT person_id),
  div(sum(m), NULLIF(count(m), 0))::bigint,
  floor(percentile_cont(0.5) WITHIN GROUP (ORDER BY m)),
  count(*) FILTER (WHERE age_at_missing < 18),
  count(*) FILTER (WHERE age_at_missing < 18 AND found_at - reported_at <= interval '12 hours'),
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM episodes_episode p
                                  WHERE p.person_id = e.person_id AND p.missing_since < e.missing_since))
FROM (SELECT *, floor(extract(epoch FROM found_at - missing_since) / 60)::bigint AS m
      FROM episodes_episode WHERE missing_since >= %s AND missing_since < %s) e
"""

DUCKDB = """
WITH firsts AS (SELECT person_id, min(missing_since) AS first_ms FROM ep GROUP BY person_id),
e AS (SELECT *, floor((epoch(found_at) - epoch(missing_since)) / 60)::BIGINT AS m FROM ep
      WHERE missing_since >= $start AND missing_since < $end)
SELECT count(*), count(DISTINCT e.person_id), (sum(m) // count(m))::BIGINT, floor(median(m)),
  count(*) FILTER (WHERE age_at_missing < 18),
  count(*) FILTER (WHERE age_at_missing < 18 AND epoch(found_at) - epoch(reported_at) <= 43200),
  count(*) FILTER (WHERE firsts.first_ms < e.missing_since)
FROM e JOIN firsts USING (person_id)
"""


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = call()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--episodes", type=int, default=3_300_000)
    parser.add_argument("--persons", type=int, default=1_200_000)
    parser.add_argument("--years", type=int, default=5, help="length of the KPI window, ending today")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-straightforward", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import duckdb
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    from django.core.management import call_command
    from django.db import connection

    from misper.analytics import stats
    from misper.analytics.selectors import kpi_figures, make_filters
    from misper.core.timeutil import local, now
    from misper.episodes.models import Episode

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database (see the docstring)")
    call_command("migrate", verbosity=0)
    existing = Episode.objects.count()
    if existing < args.episodes:
        if existing:
            raise SystemExit(f"the bench database has {existing} episodes; drop it to regenerate")
        call_command("generate_national", episodes=args.episodes, persons=args.persons)
    total = Episode.objects.count()

    parquet = Path(os.environ["MISPER_DATA_DIR"]) / "national_episodes.parquet"
    if not parquet.exists():
        parquet.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        out = io.BytesIO()
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY (SELECT person_id, missing_since, reported_at, found_at, age_at_missing "
                "FROM episodes_episode) TO STDOUT WITH (FORMAT csv, HEADER)"
            ) as copy,
        ):
            for block in copy:
                out.write(block)
        out.seek(0)
        pq.write_table(pacsv.read_csv(out), parquet)
        print(f"exported {total:,} episodes to Parquet in {time.perf_counter() - started:.1f} s")

    today = local(now()).date() + timedelta(days=1)
    f = make_filters(date_from=today.replace(year=today.year - args.years), date_to=today)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM episodes_episode WHERE missing_since >= %s AND missing_since < %s",
            [f.start, f.end],
        )
        in_window = cursor.fetchone()[0]
    print(f"PostgreSQL, {total:,} episodes; KPI window {f.date_from} to {f.date_to}: {in_window:,} episodes")

    def facts() -> tuple[Any, ...]:
        k = kpi_figures(f)
        return (
            k.episodes,
            k.persons,
            k.mean_minutes_missing,
            k.median_minutes_missing,
            k.under18_found_within_12h_pct,
            k.repeat_episode_pct,
        )

    duck = duckdb.connect()
    duck.execute(f"CREATE VIEW ep AS SELECT * FROM read_parquet('{parquet}')")  # noqa: S608 - our own path

    def duck_kpis() -> tuple[Any, ...]:
        row = duck.execute(DUCKDB, {"start": f.start, "end": f.end}).fetchone()
        assert row is not None
        n, persons, mean, median, u18, u12, rep = row
        return (
            n,
            persons,
            mean,
            int(median) if median is not None else None,
            stats.pct(u12, u18),
            stats.pct(rep, n),
        )

    def straightforward() -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(STRAIGHTFORWARD, [f.start, f.end])
            n, persons, mean, median, u18, u12, rep = cursor.fetchone()
        return (
            n,
            persons,
            mean,
            int(median) if median is not None else None,
            stats.pct(u12, u18),
            stats.pct(rep, n),
        )

    t_facts, r_facts = timed(facts, args.repeat)
    t_duck, r_duck = timed(duck_kpis, args.repeat)
    print(f"{'method':44} {'median s':>9}  result")
    print(f"{'PostgreSQL, fact table (misper)':44} {t_facts:9.3f}  {r_facts}")
    print(f"{'DuckDB over Parquet (same rows)':44} {t_duck:9.3f}  {r_duck}")
    if not args.skip_straightforward:
        t_plain, r_plain = timed(straightforward, 1)
        print(f"{'PostgreSQL, straightforward SQL on episodes':44} {t_plain:9.3f}  {r_plain}")
        print(f"identical to the straightforward SQL: {r_plain == r_facts}")
    print(f"identical to DuckDB: {r_duck == r_facts}")
    print(f"ratio PostgreSQL facts / DuckDB: {t_facts / t_duck:.2f} (goal <= 3)")


if __name__ == "__main__":
    main()
