"""The analytics dashboard at force scale (55,000 episodes on the embedded SQLite), through the full stack.

    .venv/bin/python bench/bench_dashboard.py        # seeds bench/data/force55k if empty (a few minutes)

Prints the median time of the dashboard page (charts rendered), of the figures alone, and of the KPI API.
Goal (issue 6): the dashboard under a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data" / "force55k"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--episodes", type=int, default=55_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import django

    Path(os.environ["MISPER_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from misper.accounts.models import User
    from misper.accounts.services import api_token_create
    from misper.analytics.selectors import dashboard_figures, make_filters
    from misper.analytics.services import facts_refresh
    from misper.episodes.models import Episode

    call_command("migrate", verbosity=0)
    if Episode.objects.count() < args.episodes:
        call_command("seed_demo", episodes=args.episodes, seed=7, verbosity=0)
    started = time.perf_counter()
    facts_refresh()
    print(f"facts refresh (after seeding): {time.perf_counter() - started:.1f} s")
    analyst = User.objects.get(username="analyst")
    client = Client()
    client.force_login(analyst)
    headers = {"Authorization": f"Bearer {api_token_create(user=analyst)[1]}"}
    filters = make_filters(date_from=None, date_to=None)

    def median(call: object, label: str) -> None:
        timings = []
        for i in range(args.repeat + 1):
            start = time.perf_counter()
            call()  # type: ignore[operator]
            if i:  # the first call warms the chart engine
                timings.append(time.perf_counter() - start)
        print(f"{label:52} {statistics.median(timings) * 1000:8.0f} ms")

    print(f"database: {connection.vendor}, episodes: {Episode.objects.count():,}, last 12 months")
    median(lambda: client.get("/analytics/", {"cohort": ""}), "dashboard page, 12 months (charts, tables)")
    median(
        lambda: client.get("/analytics/", {"from": "2024-01-01"}),
        "dashboard page, all history (about 3 years)",
    )
    median(lambda: dashboard_figures(filters), "figures alone (queries and tables)")
    median(lambda: client.get("/api/v1/analytics/kpis", headers=headers), "GET /api/v1/analytics/kpis")
    median(lambda: client.get("/analytics/compare/"), "before and after page")


if __name__ == "__main__":
    main()
