"""The nightly duplicate sweep over every person on record: wall time and peak memory.

    .venv/bin/python bench/bench_candidates.py            # fills bench/data/candidates with 1,000,000 persons
    .venv/bin/python bench/bench_dedupe.py                # then sweeps them (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/misper_cand .venv/bin/python bench/bench_dedupe.py

Goal (issue 3): 1,000,000 persons within 10 minutes and 4 GB of memory.

Prints a line at the end of each phase (the sweep's and the engine's INFO log lines) with the time
and the highest resident memory seen since the previous line (sampled every 20 ms, so a short
spike may be missed there; the final figure is the exact ru_maxrss).
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data" / "candidates"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")


class PhaseMemory(logging.Handler):
    """Per phase: seconds and peak RSS since the previous phase line, from a sampling thread."""

    def __init__(self) -> None:
        super().__init__()
        self.page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        self.peak = self.rss()
        self.last = time.perf_counter()
        self.guard = threading.Lock()
        threading.Thread(target=self.sample, daemon=True).start()

    def rss(self) -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page_mb

    def sample(self) -> None:
        while True:
            rss = self.rss()
            with self.guard:
                self.peak = max(self.peak, rss)
            time.sleep(0.02)

    def emit(self, record: logging.LogRecord) -> None:
        now, rss = time.perf_counter(), self.rss()
        with self.guard:
            peak, self.peak = max(self.peak, rss), rss
        print(f"  {now - self.last:6.1f} s  peak {peak:7,.0f} MB  now {rss:7,.0f} MB  {record.getMessage()}")
        self.last = now


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from misper.people.models import DuplicateCandidate, Person
    from misper.people.services import dedupe_all_persons

    call_command("migrate", verbosity=0)
    total = Person.objects.count()
    if total == 0:
        raise SystemExit("no persons in the bench database: run bench/bench_candidates.py first")
    DuplicateCandidate.objects.filter(source=DuplicateCandidate.Source.BATCH).delete()
    phases = PhaseMemory()
    for name in ("misper.people.services", "misper.matching.engine"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        logger.addHandler(phases)
    started = time.perf_counter()
    queued = dedupe_all_persons()
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor}, persons: {total:,}")
    print(
        f"sweep: {elapsed:.0f} s (goal 600 s, ratio {elapsed / 600:.2f}), peak memory {peak_mb:,.0f} MB "
        f"(goal 4096 MB, ratio {peak_mb / 4096:.2f}), {queued:,} pairs queued"
    )


if __name__ == "__main__":
    main()
