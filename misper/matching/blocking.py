"""Blocking: string keys per record, and candidate pairs from shared keys (batch mode).

The keys are plain strings so that the Django side can store ``(key, person_id)`` rows in an
indexed table and fetch report-time candidates with ``WHERE key IN (...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import unique_sorted
from .normalise import nickname_canonicals, phonetic, postcode_parts
from .records import PersonRecord, PreparedRecord, prepare_record
from .settings import BLOCKING_RULES

__all__ = ["KeyTable", "blocking_keys", "candidate_pairs", "decode_pairs", "record_blocking_keys"]


def _given_tokens(given: str) -> list[str]:
    """Phonetic keys of every nickname canonical (an ambiguous "al" yields several)."""
    return sorted({phonetic(c) for c in nickname_canonicals(given)} - {""})


def blocking_keys(record: PreparedRecord, rules: Iterable[str] = BLOCKING_RULES) -> list[str]:
    """Blocking keys of a prepared record, e.g. ``["d:19710624", "pc:SW1A 2AA", ...]``."""
    wanted = set(rules)
    keys: list[str] = []
    dob = record.date_of_birth
    # A lone name is as often a surname typed in the wrong box, so it stands in for the surname.
    family = phonetic(record.family_name or record.given_name)
    initial = record.family_name[:1]
    givens = _given_tokens(record.given_name)
    year, daymonth = dob[:4], dob[4:]
    if dob and "dob" in wanted:
        keys.append(f"d:{dob}")
    if dob and "dob_swapped" in wanted and dob[4:6] != dob[6:] and max(int(dob[4:6]), int(dob[6:])) <= 12:
        low, high = sorted((dob[4:6], dob[6:]))
        keys.append(f"ds:{year}{low}{high}")
    if dob and family:
        if "surname_year" in wanted:
            keys.append(f"sy:{year}:{family}")
        if "surname_daymonth" in wanted:
            keys.append(f"sm:{daymonth}:{family}")
    for given in givens:
        keys.extend(_given_keys(wanted, given, initial, year, daymonth, phonetic(record.family_name)))
    tokens = sorted({family, *givens} - {""})
    if dob and "name_month" in wanted:
        # Catches dates wrong in two places when the month survived.
        keys.extend(f"nmo:{dob[4:6]}:{token}" for token in tokens)
    if record.address and "address_name" in wanted:
        keys.extend(f"an:{record.address}:{token}" for token in tokens)
    outward = postcode_parts(record.postcode)[0]
    if outward and "postcode_name" in wanted:
        # Role-free name tokens: catches moves within a district and names in the wrong column.
        keys.extend(f"pn:{outward}:{token}" for token in tokens)
    for rule, prefix, value in (
        ("postcode", "pc", record.postcode),
        ("phone", "ph", record.phone),
        ("email", "em", record.email),
    ):
        if value and rule in wanted:
            keys.append(f"{prefix}:{value}")
    local = record.email.split("@", 1)[0]
    if len(local) >= 6 and "email_local" in wanted:
        # The mailbox name survives a mistyped domain (and vice versa via "email").
        keys.append(f"el:{local}")
    return keys


def _given_keys(
    wanted: set[str], given: str, initial: str, year: str, daymonth: str, family: str
) -> list[str]:
    keys: list[str] = []
    if initial and year:
        if "given_year" in wanted:
            keys.append(f"gy:{year}:{given}:{initial}")
        if "given_daymonth" in wanted:
            keys.append(f"gm:{daymonth}:{given}:{initial}")
    if family and "full_name" in wanted:
        # Order-free, so "Smith John" and "John Smith" share the key.
        first, second = sorted((given, family))
        keys.append(f"nm:{first}:{second}")
    if initial and "given_initial" in wanted:
        keys.append(f"gi:{given}:{initial}")
    return keys


def record_blocking_keys(
    record: PersonRecord | Mapping[str, object], rules: Iterable[str] = BLOCKING_RULES
) -> list[str]:
    """Blocking keys straight from a raw record (what Django stores per person)."""
    return blocking_keys(prepare_record(record), rules)


# Key prefix -> blocking rule that produced it (lets one key build serve every rule subset).
_PREFIX_RULE = {
    "d": "dob",
    "ds": "dob_swapped",
    "sy": "surname_year",
    "sm": "surname_daymonth",
    "gy": "given_year",
    "gm": "given_daymonth",
    "nm": "full_name",
    "gi": "given_initial",
    "nmo": "name_month",
    "an": "address_name",
    "pn": "postcode_name",
    "pc": "postcode",
    "ph": "phone",
    "em": "email",
    "el": "email_local",
}


@dataclass
class KeyTable:
    """All blocking keys of a batch as int64 hashes with owner and rule, built once."""

    hashes: npt.NDArray[np.int64]
    owners: npt.NDArray[np.int32]
    rules: npt.NDArray[np.int8]

    @classmethod
    def build(cls, records: Sequence[PreparedRecord], rules: Iterable[str] = BLOCKING_RULES) -> KeyTable:
        rule_list = list(rules)
        rule_index = {name: i for i, name in enumerate(BLOCKING_RULES)}
        parts: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.int8]]] = []
        # Chunks keep the Python lists small; keys are hashed at once because millions of key
        # strings would cost gigabytes.
        for start in range(0, len(records), 50_000):
            hashes: list[int] = []
            owners: list[int] = []
            kinds: list[int] = []
            for index in range(start, min(start + 50_000, len(records))):
                for key in blocking_keys(records[index], rule_list):
                    hashes.append(hash(key))
                    owners.append(index)
                    kinds.append(rule_index[_PREFIX_RULE[key.split(":", 1)[0]]])
            parts.append(
                (np.asarray(hashes, np.int64), np.asarray(owners, np.int32), np.asarray(kinds, np.int8))
            )
        if not parts:
            return cls(np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0, np.int8))
        return cls(*(np.concatenate([p[i] for p in parts]) for i in range(3)))

    def pairs(
        self,
        rules: Iterable[str] = BLOCKING_RULES,
        max_block_size: int = 300,
        rule_caps: Mapping[str, int] | None = None,
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], int]:
        """All distinct (i, j), i < j, sharing a key of the given rules; also the skipped keys.

        A key shared by more than ``max_block_size`` records (or its rule's cap) is skipped.
        """
        codes, skipped = self.pair_codes(rules, max_block_size, rule_caps)
        left, right = decode_pairs(codes)
        return left, right, skipped

    def pair_codes(
        self,
        rules: Iterable[str] = BLOCKING_RULES,
        max_block_size: int = 300,
        rule_caps: Mapping[str, int] | None = None,
    ) -> tuple[npt.NDArray[np.int64], int]:
        """Like ``pairs`` but each pair encoded as one sorted int64 ``(i << 32) | j``.

        Half the memory of two index arrays, and it can be decoded chunk by chunk.
        """
        wanted = np.isin(self.rules, [BLOCKING_RULES.index(r) for r in rules])
        hashes, members, kinds = self.hashes[wanted], self.owners[wanted], self.rules[wanted]
        order = np.lexsort((members, hashes))
        hashes, members, kinds = hashes[order], members[order], kinds[order]
        del order
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        sizes = np.diff(np.r_[starts, len(hashes)])
        del hashes
        caps = np.full(len(BLOCKING_RULES), max_block_size)
        for rule, cap in (rule_caps or {}).items():
            caps[BLOCKING_RULES.index(rule)] = min(cap, max_block_size)
        limit = caps[kinds[starts]]
        keep = (sizes >= 2) & (sizes <= limit)
        skipped = int(np.count_nonzero(sizes > limit))
        return _pair_codes_within_blocks(members, starts[keep], sizes[keep]), skipped


def decode_pairs(codes: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """(left, right) index arrays of pairs encoded as ``(i << 32) | j``."""
    return (codes >> 32).astype(np.int32), (codes & 0xFFFFFFFF).astype(np.int32)


def candidate_pairs(
    records: Sequence[PreparedRecord],
    rules: Iterable[str] = BLOCKING_RULES,
    max_block_size: int = 300,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], int]:
    """All distinct (i, j), i < j, sharing at least one key; returns (left, right, skipped_keys)."""
    rule_list = list(rules)
    return KeyTable.build(records, rule_list).pairs(rule_list, max_block_size)


def _pair_codes_within_blocks(
    members: npt.NDArray[np.int32], starts: npt.NDArray[np.intp], sizes: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """Every unordered pair inside each block, deduplicated across blocks, as sorted codes.

    Blocks are processed in batches of about 5M raw pairs so the temporary arrays stay small;
    the final deduplication sorts in place.
    """
    distinct: list[npt.NDArray[np.int64]] = []
    pair_counts = sizes * (sizes - 1) // 2
    batch_of = np.cumsum(pair_counts) // 5_000_000
    for batch in unique_sorted(batch_of.astype(np.int64)).tolist():
        chosen = batch_of == batch
        distinct.append(_encoded_pairs(members, starts[chosen], sizes[chosen]))
    if not distinct:
        return np.empty(0, dtype=np.int64)
    merged = distinct[0] if len(distinct) == 1 else np.concatenate(distinct)
    del distinct
    merged.sort()
    first = np.empty(len(merged), dtype=np.bool_)
    if len(merged):
        first[0] = True
        np.not_equal(merged[1:], merged[:-1], out=first[1:])
    first &= (merged >> 32) != (merged & 0xFFFFFFFF)
    out: npt.NDArray[np.int64] = merged[first]
    return out


def _encoded_pairs(
    members: npt.NDArray[np.int32], starts: npt.NDArray[np.intp], sizes: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """Distinct pairs of one batch of blocks, each encoded as (low << 32) | high."""
    # Position p in a block of size s pairs with the (start + s - 1 - p) positions after it.
    positions = _ranges(starts, sizes)
    block_end = np.repeat(starts + sizes, sizes)
    counts = block_end - positions - 1
    left_pos = np.repeat(positions, counts)
    right_pos = left_pos + 1 + _ranges(np.zeros_like(counts), counts)
    a, b = members[left_pos].astype(np.int64), members[right_pos].astype(np.int64)
    encoded: npt.NDArray[np.int64] = unique_sorted((np.minimum(a, b) << 32) | np.maximum(a, b))
    return encoded


def _ranges(starts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Concatenation of arange(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    run_offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - run_offsets)
