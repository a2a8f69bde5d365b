"""``link_persons`` contract: person records in, ``record_id,cluster_id`` out.

Unreadable cells (impossible dates, unknown sex codes) are treated as unknown and counted in
a warning; only an unreadable file, a missing ``record_id`` column or a repeated record id is
an error (exit code 2, no output file written).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .engine import link_records
from .records import FIELDS, PersonRecord, PreparedRecord, prepare_record
from .settings import LinkageSettings

__all__ = ["InputError", "link_file", "read_records"]

EXIT_OK = 0
EXIT_INPUT_ERROR = 2


class InputError(Exception):
    """A problem with the input file itself (reported with row and column)."""


def link_file(
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    stderr: TextIO,
    settings: LinkageSettings | None = None,
) -> int:
    """Cluster the persons of ``input_path`` into ``output_path``; returns the exit code."""
    try:
        rows = read_records(Path(input_path))
    except InputError as error:
        stderr.write(f"error: {error}\n")
        return EXIT_INPUT_ERROR
    prepared = [prepare_record(row) for row in rows]
    del rows  # the raw rows are not needed any more; at 1M persons they weigh hundreds of MB
    _warn_unreadable(prepared, stderr)
    result = link_records(prepared, settings)
    _write_atomically(Path(output_path), result.record_ids, [str(c) for c in _dense(result.cluster.tolist())])
    return EXIT_OK


def read_records(path: Path) -> list[PersonRecord]:
    """Read CSV (or Parquet, by extension) and validate ids; raises InputError."""
    if path.suffix.lower() in {".parquet", ".pq"}:
        header, rows = _read_parquet(path)
    else:
        header, rows = _read_csv(path)
    if "record_id" not in header:
        raise InputError(f"{path}: row 1 (header): column 'record_id' is missing")
    id_column = header.index("record_id")
    known = {name: header.index(name) for name in FIELDS if name in header}
    seen: dict[str, int] = {}
    records: list[PersonRecord] = []
    for line, row in rows:
        record_id = row[id_column].strip() if id_column < len(row) else ""
        if not record_id:
            raise InputError(f"{path}: row {line}, column 'record_id': empty record id")
        if record_id in seen:
            first = seen[record_id]
            raise InputError(
                f"{path}: row {line}, column 'record_id': record id {record_id!r} repeats row {first}"
            )
        seen[record_id] = line
        values = {name: (row[i] if i < len(row) else "") for name, i in known.items()}
        records.append(PersonRecord(record_id=record_id, **values))
    return records


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = [h.strip().lower() for h in next(reader, [])]
            # Line numbers count the header as row 1, as a spreadsheet shows them.
            rows = [
                (number, row) for number, row in enumerate(reader, start=2) if any(c.strip() for c in row)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read file: {error}") from error
    if not header:
        raise InputError(f"{path}: row 1 (header): file is empty, column 'record_id' is missing")
    return header, rows


def _read_parquet(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]  # optional: parquet input only

        table = pq.read_table(path)
    except Exception as error:  # pyarrow raises many types for a bad file
        raise InputError(f"{path}: cannot read file: {error}") from error
    header = [str(name).strip().lower() for name in table.column_names]
    columns = [["" if v is None else str(v) for v in column.to_pylist()] for column in table.columns]
    rows = [(index + 2, list(values)) for index, values in enumerate(zip(*columns, strict=True))]
    return header, rows


def _warn_unreadable(records: Sequence[PreparedRecord], stderr: TextIO) -> None:
    counts = Counter(name for record in records for name in record.unreadable)
    if counts:
        detail = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        stderr.write(f"warning: unreadable cells treated as unknown ({detail})\n")


def _dense(labels: list[int]) -> Iterator[int]:
    """Renumber cluster labels 1..k in order of first appearance (stable, readable ids)."""
    mapping: dict[int, int] = {}
    for label in labels:
        yield mapping.setdefault(label, len(mapping) + 1)


def _write_atomically(path: Path, record_ids: Sequence[str], clusters: Sequence[str]) -> None:
    """Write to a temporary file beside the target, then rename: no partial output ever."""
    directory = path.resolve().parent
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["record_id", "cluster_id"])
            writer.writerows(zip(record_ids, clusters, strict=True))
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
