from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest

from misper.matching.cli import link_file
from misper.matching.settings import default_settings
from misper.matching.tests.synthetic import HEADER, dataset

FAST = replace(default_settings(), random_pairs=20_000)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _run(tmp_path: Path, source: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out.csv"
    err = io.StringIO()
    code = link_file(source, out, stderr=err, settings=FAST)
    return code, err.getvalue(), out


def test_missing_record_id_column(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ["id", "given_name"], [["1", "ann"]])
    code, err, out = _run(tmp_path, source)
    assert code == 2
    assert "row 1" in err and "record_id" in err
    assert not out.exists()


def test_repeated_record_id(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "in.csv", ["record_id", "given_name"], [["1", "ann"], ["2", "bob"], ["1", "cy"]]
    )
    code, err, out = _run(tmp_path, source)
    assert code == 2
    assert "row 4" in err and "record_id" in err and "'1'" in err
    assert not out.exists()


def test_unreadable_file(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"record_id,given_name\n1,\xff\xfe\x00bad\n")
    code, err, out = _run(tmp_path, source)
    assert code == 2
    assert "cannot read" in err
    assert not out.exists()
    code, err, out = _run(tmp_path, tmp_path / "missing.csv")
    assert code == 2 and not out.exists()


def test_unreadable_cells_are_counted_as_warnings(tmp_path: Path) -> None:
    rows = [
        ["1", "ann", "lee", "1955-11-92", "f"],
        ["2", "ann", "lee", "1955-81-12", "female"],
        ["3", "bob", "ray", "1960-01-01", "t2227949966"],
    ]
    source = _write(
        tmp_path / "in.csv", ["record_id", "given_name", "family_name", "date_of_birth", "sex"], rows
    )
    code, err, out = _run(tmp_path, source)
    assert code == 0
    assert "warning" in err and "date_of_birth: 2" in err and "sex: 1" in err
    assert out.exists()


def test_end_to_end_clusters_people(tmp_path: Path) -> None:
    rows, truth = dataset(40)
    source = _write(tmp_path / "in.csv", HEADER, [[r[h] for h in HEADER] for r in rows])
    code, err, out = _run(tmp_path, source)
    assert code == 0, err
    with out.open(newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [r["record_id"] for r in result] == [r["record_id"] for r in rows]
    clusters: dict[str, set[str]] = defaultdict(set)
    for row in result:
        clusters[row["cluster_id"]].add(truth[row["record_id"]])
    people_per_cluster = [len(p) for p in clusters.values()]
    assert max(people_per_cluster) == 1  # no false merge
    assert len(clusters) == len(set(truth.values()))  # every person in one cluster


def test_parquet_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows, truth = dataset(10)
    table = pa.table({h: [r[h] for r in rows] for h in HEADER})
    source = tmp_path / "in.parquet"
    pq.write_table(table, source)
    code, err, out = _run(tmp_path, source)
    assert code == 0, err
    with out.open(newline="") as handle:
        result = list(csv.DictReader(handle))
    assert len(result) == len(truth)
