"""Blocking: string keys per record, and candidate pairs from shared keys (batch mode).

The keys are plain strings so that the Django side can store ``(key, person_id)`` rows in an
indexed table and fetch report-time candidates with ``WHERE key IN (...)``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .arrays import unique_sorted
from .normalise import nickname_canonicals, phonetic, postcode_parts
from .records import PersonRecord, PreparedRecord, prepare_record
from .settings import BLOCKING_RULES

__all__ = [
    "KeyTable",
    "KeyTableBuilder",
    "blocking_keys",
    "candidate_pairs",
    "decode_pairs",
    "record_blocking_keys",
]


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
_PREFIX_INDEX = {prefix: BLOCKING_RULES.index(rule) for prefix, rule in _PREFIX_RULE.items()}


@dataclass
class KeyTable:
    """All blocking keys of a batch as int64 hashes with owner and rule, built once."""

    hashes: npt.NDArray[np.int64]
    owners: npt.NDArray[np.int32]
    rules: npt.NDArray[np.int8]

    @classmethod
    def build(cls, records: Iterable[PreparedRecord], rules: Iterable[str] = BLOCKING_RULES) -> KeyTable:
        builder = KeyTableBuilder(rules)
        for record in records:
            builder.add(record)
        return builder.build()

    def release(self) -> None:
        """Drop the key arrays (``link_table`` does once it no longer needs them)."""
        self.hashes, self.owners, self.rules = (
            np.empty(0, np.int64),
            np.empty(0, np.int32),
            np.empty(0, np.int8),
        )

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
        if wanted.all():  # no filtered copies when every rule is asked for (the batch run)
            hashes, members, kinds = self.hashes, self.owners, self.rules
        else:
            hashes, members, kinds = self.hashes[wanted], self.owners[wanted], self.rules[wanted]
        del wanted
        order = np.lexsort((members, hashes))
        ordered = hashes[order]
        del hashes
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, len(ordered)])
        del ordered
        caps = np.full(len(BLOCKING_RULES), max_block_size)
        for rule, cap in (rule_caps or {}).items():
            caps[BLOCKING_RULES.index(rule)] = min(cap, max_block_size)
        limit = caps[kinds[order[starts]]]
        keep = (sizes >= 2) & (sizes <= limit)
        skipped = int(np.count_nonzero(sizes > limit))
        # Most keys are unshared or in skipped blocks: only the members of kept blocks are gathered.
        starts, sizes = starts[keep], sizes[keep]
        del keep, limit
        kept_members = members[order[_ranges(starts, sizes)]]
        del order, members, kinds
        return _pair_codes_within_blocks(kept_members, np.cumsum(sizes) - sizes, sizes), skipped


class KeyTableBuilder:
    """Builds a ``KeyTable`` one record at a time (record ``i`` is the ``i``-th added).

    Keys are hashed on arrival into compact arrays (13 bytes a key) because millions of key
    strings would cost gigabytes; ``build`` hands the arrays over without copying them.
    """

    def __init__(self, rules: Iterable[str] = BLOCKING_RULES) -> None:
        self._rules = frozenset(rules)
        self._hashes: array[int] | None = array("q")
        self._owners = array("i")
        self._kinds = array("b")
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, record: PreparedRecord) -> None:
        if self._hashes is None:
            raise RuntimeError("this KeyTableBuilder has already built its table")
        keys = blocking_keys(record, self._rules)
        self._hashes.extend(map(hash, keys))
        self._owners.extend([self._count] * len(keys))
        self._kinds.extend([_PREFIX_INDEX[key[: key.index(":")]] for key in keys])
        self._count += 1

    def build(self) -> KeyTable:
        if self._hashes is None:
            raise RuntimeError("this KeyTableBuilder has already built its table")
        hashes, self._hashes = self._hashes, None
        owners, kinds = self._owners, self._kinds
        return KeyTable(
            np.frombuffer(hashes, dtype=np.int64),
            np.frombuffer(owners, dtype=np.int32),
            np.frombuffer(kinds, dtype=np.int8),
        )


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
    if len(distinct) == 1:
        merged = distinct.pop()
    else:
        # Filled part by part, each freed once copied: never two full copies at once.
        merged = np.empty(sum(len(part) for part in distinct), dtype=np.int64)
        at = 0
        distinct.reverse()
        while distinct:
            part = distinct.pop()
            merged[at : at + len(part)] = part
            at += len(part)
            del part
    merged.sort()
    return _drop_repeats(merged)


def _drop_repeats(ordered: npt.NDArray[np.int64], chunk: int = 1_000_000) -> npt.NDArray[np.int64]:
    """A sorted array without its repeats, compacted in place and shrunk (no second copy)."""
    if len(ordered) == 0:
        return ordered
    kept = 0
    previous: int | None = None
    for start in range(0, len(ordered), chunk):
        values = ordered[start : start + chunk]
        first = np.empty(len(values), dtype=np.bool_)
        first[0] = previous is None or values[0] != previous
        np.not_equal(values[1:], values[:-1], out=first[1:])
        previous = int(values[-1])
        distinct = values[first]  # a copy, so the writes below cannot disturb later reads
        ordered[kept : kept + len(distinct)] = distinct
        kept += len(distinct)
    del values, first, distinct
    if kept < len(ordered):
        if not ordered.flags.owndata:
            return ordered[:kept].copy()
        # Nothing else refers to the array (its views are gone): it may be shrunk where it lies.
        ordered.resize(kept, refcheck=False)
    return ordered


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
    del left_pos, right_pos
    distinct = a != b  # one record can hold a key twice (hash collision): never pair it with itself
    a, b = a[distinct], b[distinct]
    encoded: npt.NDArray[np.int64] = unique_sorted((np.minimum(a, b) << 32) | np.maximum(a, b))
    return encoded


def _ranges(starts: npt.NDArray[np.intp], lengths: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Concatenation of arange(start, start + length) for each pair, without a Python loop."""
    total = int(lengths.sum())
    run_offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - run_offsets)
