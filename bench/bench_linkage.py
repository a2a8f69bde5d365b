"""Benchmark of misper.matching on the labelled linkage data in ../shared/data/linkage.

Prints pairwise precision / recall / F1 (over all record pairs: predicted same cluster vs truly
same person), run time and peak memory.  Only the link_persons contract columns are used.

    .venv/bin/python bench/bench_linkage.py [--only historical|fake]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from misper.matching import PersonRecord, link_records, prepare_record  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "linkage"
HISTORICAL = DATA / "historical_figures_with_errors_50k.parquet"
FAKE = DATA / "fake_1000.csv"


def _pairs(counter: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def pairwise_scores(predicted: Sequence[object], truth: Sequence[object]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of a clustering against the true clusters."""
    both = _pairs(Counter(zip(predicted, truth, strict=True)))
    predicted_pairs, true_pairs = _pairs(Counter(predicted)), _pairs(Counter(truth))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def historical() -> tuple[list[PersonRecord], list[str]]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    table = pq.read_table(HISTORICAL).to_pydict()
    mapping = {
        "first_name": "given_name",
        "surname": "family_name",
        "dob": "date_of_birth",
        "postcode_fake": "postcode",
        "gender": "sex",
    }
    records = [
        PersonRecord(
            record_id=str(table["unique_id"][i]),
            **{target: _text(table[source][i]) for source, target in mapping.items()},
        )
        for i in range(len(table["unique_id"]))
    ]
    return records, [str(c) for c in table["cluster"]]


def fake() -> tuple[list[PersonRecord], list[str]]:
    import csv

    with FAKE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [
        PersonRecord(
            record_id=row["unique_id"],
            given_name=row["first_name"],
            family_name=row["surname"],
            date_of_birth=row["dob"],
            address=row["city"],
            email=row["email"],
        )
        for row in rows
    ]
    return records, [row["cluster"] for row in rows]


def run(name: str, records: list[PersonRecord], truth: list[str]) -> None:
    start = time.perf_counter()
    prepared = [prepare_record(r) for r in records]
    result = link_records(prepared)
    elapsed = time.perf_counter() - start
    precision, recall, f1 = pairwise_scores(result.cluster.tolist(), truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"== {name}: {len(records):,} records, {len(set(truth)):,} people")
    print(f"   clusters: pairwise precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(
        f"   candidate pairs {result.stats.get('pairs', 0):,.0f} (kept {len(result.pairs.left):,}); "
        f"time {elapsed:.1f} s; peak RSS {peak_mb:.0f} MB"
    )
    labels = np.asarray(truth)
    same = labels[result.pairs.left] == labels[result.pairs.right]
    settings = result.model.settings
    for band, low, high in (
        ("auto-link", settings.auto_link, 1.01),
        ("grey zone", settings.grey_zone, settings.auto_link),
    ):
        inside = (result.pairs.probability >= low) & (result.pairs.probability < high)
        print(f"   {band} band: {int(inside.sum()):,} pairs, false merges {int((inside & ~same).sum()):,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["historical", "fake"])
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} is absent: nothing to benchmark")
        return 0
    if args.only in (None, "historical"):
        run("historical_figures_with_errors_50k", *historical())
    if args.only in (None, "fake"):
        run("fake_1000", *fake())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
