"""The streaming batch path (TableBuilder, KeyTableBuilder, link_table) against the list path."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from misper.matching import PersonRecord, RecordTable, TableBuilder, build_batch, link_records, link_table
from misper.matching.blocking import KeyTable, KeyTableBuilder, _drop_repeats
from misper.matching.engine import pair_reasons
from misper.matching.records import FIELDS, PreparedRecord, prepare_record
from misper.matching.settings import default_settings
from misper.matching.tests.synthetic import dataset


def _records(n: int) -> list[PreparedRecord]:
    rows, _ = dataset(n)
    return [prepare_record(r) for r in rows]


def test_record_round_trips_a_prepared_record() -> None:
    records = [
        *_records(30),
        prepare_record(PersonRecord("junk", "Jo", "", "31/31/1990", "zz", "", None, "")),
        prepare_record(PersonRecord("empty")),
    ]
    assert records[-2].unreadable  # the table keeps which fields held junk too
    table = RecordTable(records)
    assert len(table) == len(records)
    assert [table.record(i) for i in range(len(table))] == records
    assert not hasattr(table, "records")  # only codes and vocabularies are kept


def test_builder_matches_the_list_constructor() -> None:
    records = _records(40)
    expected = RecordTable(records)
    builder = TableBuilder()
    for record in records:
        builder.add(record)
    assert len(builder) == len(records)
    table = builder.build()
    assert table.ids == expected.ids
    assert table.vocab == expected.vocab
    assert table.vocab["given_name"] is table.vocab["family_name"]  # one vocabulary for names
    for name in FIELDS:
        assert table.codes[name].dtype == np.int32
        assert np.array_equal(table.codes[name], expected.codes[name])
    with pytest.raises(RuntimeError):
        builder.add(records[0])


def test_streamed_keys_match_the_list_build() -> None:
    records = _records(40)
    rules = default_settings().blocking.rules
    expected = KeyTable.build(records, rules)
    builder = KeyTableBuilder(rules)
    for record in records:
        builder.add(record)
    keys = builder.build()
    for name in ("hashes", "owners", "rules"):
        assert np.array_equal(getattr(keys, name), getattr(expected, name)), name
    assert keys.owners.max() == len(records) - 1
    caps = {"given_initial": 50}
    codes, _ = keys.pair_codes(rules, 300, caps)
    assert len(codes) > 0
    assert np.all(np.diff(codes) > 0)  # sorted, no repeats
    assert np.all((codes >> 32) < (codes & 0xFFFFFFFF))  # i < j, never a record with itself
    subset = keys.pair_codes(["dob"], 300, caps)[0]
    assert set(subset.tolist()) <= set(codes.tolist())
    keys.release()
    assert len(keys.hashes) == len(keys.owners) == len(keys.rules) == 0


def test_drop_repeats_compacts_in_place_across_chunks() -> None:
    values = np.sort(np.random.default_rng(1).integers(0, 50, 1000)).astype(np.int64)
    assert np.array_equal(_drop_repeats(values.copy(), chunk=7), np.unique(values))
    assert len(_drop_repeats(np.empty(0, np.int64))) == 0
    view = values.copy()[::1]  # an array that does not own its data is copied, not resized
    assert np.array_equal(_drop_repeats(view[:500], chunk=7), np.unique(values[:500]))


@pytest.mark.parametrize("exhaustive", [True, False])
def test_link_table_gives_the_clusters_of_link_records(exhaustive: bool) -> None:
    records = _records(60)
    settings = default_settings()
    if not exhaustive:  # candidate pairs from the blocking keys, as at scale
        settings = replace(settings, blocking=replace(settings.blocking, exhaustive_max_pairs=0))
    expected = link_records(records, settings)
    table, keys = build_batch(iter(records), settings)
    result = link_table(table, keys, settings)
    assert result.record_ids == expected.record_ids
    assert np.array_equal(result.cluster, expected.cluster)
    assert np.array_equal(result.pairs.left, expected.pairs.left)
    assert np.array_equal(result.pairs.right, expected.pairs.right)
    assert np.allclose(result.pairs.probability, expected.pairs.probability)
    assert len(keys.hashes) == 0  # consumed
    assert result.stats["pairs"] == expected.stats["pairs"]
    if len(result.pairs.left):
        reasons = pair_reasons(table, result.pairs, result.model, 0)
        assert reasons == result.reasons(0, RecordTable(records))
