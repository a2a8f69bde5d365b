"""Latency of the core API with 100,000 episodes seeded, beside the framework's floor in the same run.

    .venv/bin/python bench/bench_api.py                       # embedded SQLite (bench/data/bench.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/misper_bench .venv/bin/python bench/bench_api.py

Requests go through Django's full WSGI stack in-process (middleware, token auth, ninja, services, audit),
without a network hop, so the figures are the application's own cost. The floor is GET /api/v1/me: token
authentication and a JSON response, nothing else. Goal (issue 2): each endpoint within 5x the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(label: str, call: Callable[[], int], expect: int, repeat: int) -> tuple[float, float]:
    for _ in range(20):  # warm caches and connections
        call()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        status = call()
        timings.append((time.perf_counter() - start) * 1000)
        if status != expect:
            raise SystemExit(f"{label}: expected HTTP {expect}, got {status}")
    return statistics.median(timings), percentile(timings, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()

    import django

    Path(os.environ["MISPER_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from misper.accounts.models import User
    from misper.accounts.services import api_token_create
    from misper.core.timeutil import now
    from misper.episodes.models import Episode

    call_command("migrate", verbosity=0)
    existing = Episode.objects.count()
    if existing < args.episodes:
        if existing:
            raise SystemExit(f"the bench database has {existing} episodes; remove it to reseed")
        started = time.perf_counter()
        call_command("seed_demo", episodes=args.episodes, seed=7, verbosity=0)
        print(f"seeded {args.episodes} episodes in {time.perf_counter() - started:.0f} s")
    total = Episode.objects.count()
    ids = list(Episode.objects.values_list("pk", flat=True))
    handler = User.objects.get(username="call_handler")
    analyst = User.objects.get(username="analyst")
    headers_handler = {"Authorization": f"Bearer {api_token_create(user=handler)[1]}"}
    headers_analyst = {"Authorization": f"Bearer {api_token_create(user=analyst)[1]}"}
    client = Client()
    rng = random.Random(3)

    def floor() -> int:
        return client.get("/api/v1/me", headers=headers_analyst).status_code

    def get_episode() -> int:
        return client.get(f"/api/v1/episodes/{rng.choice(ids)}", headers=headers_analyst).status_code

    def post_report() -> int:
        reported = now() - timedelta(minutes=5)
        body = {
            "person": {
                "given_name": rng.choice(["Amy", "Kyle", "Jade", "Liam", "Ruby"]),
                "family_name": f"Bench{rng.randrange(10**6)}",
                "date_of_birth": f"{rng.randint(2008, 2013)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "sex": rng.choice(["female", "male"]),
            },
            "missing_since": (reported - timedelta(hours=2)).isoformat(),
            "reported_at": reported.isoformat(),
            "last_seen_location": "Market Place, Derby",
            "risk_grade": rng.choice(["high", "medium", "low"]),
            "care_status": "childrens_home",
        }
        return client.post(
            "/api/v1/reports", json.dumps(body), content_type="application/json", headers=headers_handler
        ).status_code

    print(f"database: {connection.vendor}, episodes: {total}, requests per endpoint: {args.repeat}")
    rows = [
        ("GET /api/v1/me (floor)", *measure("floor", floor, 200, args.repeat)),
        ("GET /api/v1/episodes/{id}", *measure("get", get_episode, 200, args.repeat)),
        ("POST /api/v1/reports", *measure("post", post_report, 201, args.repeat)),
    ]
    floor_median, floor_p95 = rows[0][1], rows[0][2]
    print(f"{'endpoint':32} {'median ms':>10} {'p95 ms':>10} {'x floor (median)':>17} {'x floor (p95)':>14}")
    for name, median, p95 in rows:
        print(f"{name:32} {median:10.2f} {p95:10.2f} {median / floor_median:17.1f} {p95 / floor_p95:14.1f}")


if __name__ == "__main__":
    main()
