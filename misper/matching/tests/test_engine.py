from __future__ import annotations

from misper.matching import PersonRecord, link_records, prepare_record
from misper.matching.compare import compare_dob
from misper.matching.index import MatchIndex
from misper.matching.tests.synthetic import dataset


def test_placeholder_date_counts_as_year_only() -> None:
    assert compare_dob("19930101", "19930615") == 0  # same year, day unknown: no evidence
    assert compare_dob("19930101", "19940615") == 1
    assert compare_dob("19930101", "19930101") == 7


def test_household_members_are_not_linked() -> None:
    home = {"family_name": "Hartwell", "postcode": "LS6 2AB", "address": "12 Oak Road", "phone": "0770090011"}
    mother = PersonRecord("a", "Susan", date_of_birth="1970-03-14", **home)
    son = PersonRecord("b", "Daniel", date_of_birth="1998-11-02", **home)
    ranked = MatchIndex().rank(mother, [son])
    assert ranked[0].band == "no_match"


def test_batch_keeps_only_plausible_pairs_and_finds_people() -> None:
    rows, truth = dataset(40)
    result = link_records([prepare_record(r) for r in rows])
    assert (result.pairs.probability >= result.model.settings.keep_threshold).all()
    assert result.stats["pairs"] >= len(result.pairs.left)
    clusters: dict[int, set[str]] = {}
    for record_id, label in zip(result.record_ids, result.cluster.tolist(), strict=True):
        clusters.setdefault(label, set()).add(truth[record_id])
    assert all(len(people) == 1 for people in clusters.values())
