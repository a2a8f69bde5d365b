from __future__ import annotations

from misper.matching.blocking import candidate_pairs, record_blocking_keys
from misper.matching.records import PersonRecord, prepare_record


def _shared(a: PersonRecord, b: PersonRecord) -> set[str]:
    return set(record_blocking_keys(a)) & set(record_blocking_keys(b))


def test_keys_are_strings_with_dob_and_names() -> None:
    keys = record_blocking_keys(
        PersonRecord("1", "Jon", "Smith", "1971-06-24", "m", "SW1A 2AA", None, "07700900123")
    )
    assert "d:19710624" in keys
    assert "pc:SW1A 2AA" in keys
    assert "ph:07700900123" in keys
    assert all(isinstance(k, str) for k in keys)


def test_dob_typos_share_a_key() -> None:
    base = PersonRecord("1", "Robert", "Smith", "1971-06-04")
    for typo in ("1971-04-06", "1971-06-14", "1972-06-04", "1981-06-04", "1917-06-04"):
        other = PersonRecord("2", "Bob", "Smith", typo)
        assert _shared(base, other), typo


def test_swapped_names_share_a_key() -> None:
    assert _shared(PersonRecord("1", "John", "Smith"), PersonRecord("2", "Smith", "John"))


def test_candidate_pairs_finds_typo_pairs_only() -> None:
    records = [
        prepare_record(PersonRecord("a", "Robert", "Smith", "1971-06-04")),
        prepare_record(PersonRecord("b", "Bob", "Smith", "1971-04-06")),
        prepare_record(PersonRecord("c", "Alice", "Brown", "1990-01-15")),
    ]
    left, right, skipped = candidate_pairs(records)
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == [(0, 1)]
    assert skipped == 0
