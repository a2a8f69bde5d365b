"""The daily tasking meeting and the deadline sweep over ten years of a force (~55,000 episodes).

    .venv/bin/python bench/bench_briefing.py                    # embedded SQLite (bench/data/briefing/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/misper_bench_briefing \
        .venv/bin/python bench/bench_briefing.py

Requests go through Django's full stack in-process (no network hop), beside the framework's floor
(GET /api/v1/me) in the same run. Goals (issue 4): the briefing page, its API and its PDF under 1 s; one
sweep over 55,000 episodes with 2,000 open under 10 s (the bench re-opens closed cases to reach 2,000).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data" / "briefing"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")


def measure(call: Callable[[], int], repeat: int) -> tuple[float, float]:
    for _ in range(3):
        assert call() == 200
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        status = call()
        timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    return statistics.median(timings), max(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--episodes", type=int, default=55_000)
    parser.add_argument("--open", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    Path(os.environ["MISPER_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from misper.accounts.models import User
    from misper.accounts.services import api_token_create
    from misper.casework.services import sweep_run
    from misper.episodes.models import OPEN_STATUSES, Episode, Status

    call_command("migrate", verbosity=0)
    if Episode.objects.count() < args.episodes:
        if Episode.objects.exists():
            raise SystemExit("the bench database is partly seeded; remove it to reseed")
        started = time.perf_counter()
        call_command("seed_demo", episodes=args.episodes, seed=10, verbosity=0)
        print(f"seeded {args.episodes} episodes in {time.perf_counter() - started:.0f} s")
    short = args.open - Episode.objects.filter(status__in=OPEN_STATUSES).count()
    if short > 0:  # re-open the latest closed cases (found, not yet closed) to reach the open count
        ids = list(
            Episode.objects.filter(status=Status.CLOSED)
            .order_by("-missing_since")
            .values_list("pk", flat=True)[:short]
        )
        Episode.objects.filter(pk__in=ids).update(status=Status.FOUND, closed_at=None, closed_by=None)
    total = Episode.objects.count()
    open_now = Episode.objects.filter(status__in=OPEN_STATUSES).count()
    dci = User.objects.get(username="dci")
    headers = {"Authorization": f"Bearer {api_token_create(user=dci)[1]}"}
    client = Client()
    client.force_login(dci)

    print(f"database: {connection.vendor}, episodes: {total}, open: {open_now}, repeat: {args.repeat}")
    rows = [
        ("GET /api/v1/me (floor)", lambda: client.get("/api/v1/me", headers=headers).status_code),
        (
            "GET /api/v1/briefings/daily",
            lambda: client.get("/api/v1/briefings/daily", headers=headers).status_code,
        ),
        ("GET /briefings/daily/ (page)", lambda: client.get("/briefings/daily/").status_code),
        ("GET /briefings/daily.pdf", lambda: client.get("/briefings/daily.pdf").status_code),
    ]
    print(f"{'what':32} {'median ms':>10} {'max ms':>10}")
    for name, call in rows:
        median, worst = measure(call, args.repeat if "pdf" not in name else max(3, args.repeat // 4))
        print(f"{name:32} {median:10.1f} {worst:10.1f}")
    for run in ("first", "second"):
        started = time.perf_counter()
        result = sweep_run()
        print(
            f"sweep ({run} run) {time.perf_counter() - started:8.2f} s: {result.tasks_created} tasks, "
            f"{result.meetings_scheduled} meetings, {result.escalations} escalations"
        )


if __name__ == "__main__":
    main()
