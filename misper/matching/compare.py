"""Field comparators: map two normalised values to a comparison level.

Level 0 means "unknown" (either side empty), level 1 "different", higher levels are stronger
agreement in the order of ``settings.LEVEL_LABELS``.  The same scalar functions serve the
single-record path and (memoised over distinct value pairs) the batch path, so both always
agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import jellyfish
import numpy as np
import numpy.typing as npt

from .arrays import unique_inverse
from .normalise import nickname_canonicals, nickname_equivalent, phonetic, postcode_parts
from .settings import ComparisonSpec

__all__ = [
    "Comparator",
    "comparator_for",
    "compare_values",
    "dob_digits",
    "dob_levels",
    "levels_for_codes",
    "postcode_features",
    "postcode_levels",
]

Comparator = Callable[[str, str], int]


def _jw(a: str, b: str) -> float:
    return float(jellyfish.jaro_winkler_similarity(a, b))


def _best_name_similarity(a: str, b: str, nicknames: bool) -> float:
    """Jaro-Winkler, also against nickname canonicals (so "rhomas" is near "tom" via Thomas)."""
    best = _jw(a, b)
    if nicknames:
        canon_a, canon_b = nickname_canonicals(a), nickname_canonicals(b)
        # Names outside the table are their own canonical: nothing new to compare.
        if len(canon_a) > 1 or len(canon_b) > 1 or a not in canon_a or b not in canon_b:
            for ca in canon_a:
                for cb in canon_b:
                    best = max(best, _jw(ca, cb))
    return best


def _one_edit(a: str, b: str) -> bool:
    """Damerau distance exactly 1 (one substitution, insertion, deletion or adjacent swap).

    Plain Python with early exits: three times faster than a general edit distance here.
    """
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) != len(b):
        return a[i + 1 :] == b[i:]
    if i == len(a):
        return False
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _share_token(a: str, b: str, first_only: bool) -> bool:
    tokens_a, tokens_b = a.split(), b.split()
    if first_only:
        return tokens_a[0] == tokens_b[0]
    return not set(tokens_a).isdisjoint(tokens_b)


def compare_name(a: str, b: str, spec: ComparisonSpec) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 8
    multi = " " in a or " " in b
    # Shared first token covers middle names ("mary ann" / "mary"); a shared token covers
    # double-barrelled surnames ("smith jones" / "jones").
    if multi and _share_token(a, b, spec.nicknames):
        return 7
    if spec.nicknames and nickname_equivalent(a, b):
        return 7
    similarity = _best_name_similarity(a, b, spec.nicknames)
    # One typed slip is "very similar" even where Jaro-Winkler is weak (a slip at the start);
    # for names of 4+ letters one slip keeps Jaro-Winkler above 0.8, so the check is skipped below.
    if similarity >= spec.jw_high or (similarity >= 0.8 and min(len(a), len(b)) >= 4 and _one_edit(a, b)):
        return 6
    if similarity >= spec.jw_low:
        return 5
    if phonetic(a) == phonetic(b):
        return 4
    if similarity >= spec.jw_weak:
        return 3
    if (a[1:2] in {"", " "} or b[1:2] in {"", " "}) and a[0] == b[0]:
        return 2
    return 1


def compare_dob(a: str, b: str) -> int:
    """Dates as 8-digit YYYYMMDD strings (``dob_levels`` is the vectorised twin)."""
    if not a or not b:
        return 0
    if a == b:
        return 8
    if a[4:] == _PLACEHOLDER or b[4:] == _PLACEHOLDER:
        # 1 January stands in for "only the year is known": a same-year pair is no evidence.
        return 0 if a[:4] == b[:4] else 1
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return 7
    # Digit edits, counting two adjacent swapped digits (1971 / 1917) as one slip.
    differing = sum(1 for x, y in zip(a, b, strict=True) if x != y)
    swaps = sum(1 for i in range(7) if a[i] != b[i] and a[i] == b[i + 1] and a[i + 1] == b[i])
    days = abs(_ordinal(a) - _ordinal(b))
    return _dob_level(differing - swaps, days, a[4:] == b[4:])


_PLACEHOLDER = "0101"
_PLACEHOLDER_DIGITS = np.asarray([0, 1, 0, 1], dtype=np.int8)
# Dates apart by at most this many days: a remembered date that is a little out (a month, a
# year) rather than a slip of the finger; EM learns how much each is worth.  There is no
# "within ten years": brothers and sisters are, so it would speak for siblings being one person.
_MONTH, _YEAR = 31, 366


def _ordinal(value: str) -> int:
    return date(int(value[:4]), int(value[4:6]), int(value[6:])).toordinal()


def _dob_level(edits: int, days: int, same_daymonth: bool) -> int:
    """Strongest level first; the vectorised ``_dob_chunk`` applies the same order.  (A same-year
    pair is always within a year.)"""
    for applies, level in (
        (edits == 1, 6),
        (edits == 2, 5),
        (days <= _MONTH, 4),
        (same_daymonth, 3),
        (days <= _YEAR, 2),
    ):
        if applies:
            return level
    return 1


def dob_digits(vocab: list[str]) -> npt.NDArray[np.int8]:
    """Digits of each 8-digit date in a vocabulary (row of zeros for the unknown entry)."""
    digits = np.zeros((len(vocab), 8), dtype=np.int8)
    known = [i for i, value in enumerate(vocab) if value]
    if known:
        text = "".join(vocab[i] for i in known).encode()
        digits[known] = (np.frombuffer(text, dtype=np.uint8) - ord("0")).reshape(-1, 8)
    return digits


def dob_levels(
    digits: npt.NDArray[np.int8], codes_l: npt.NDArray[np.int32], codes_r: npt.NDArray[np.int32]
) -> npt.NDArray[np.int8]:
    """``compare_dob`` over many pairs at once, in numpy (dates are the most compared field)."""
    levels = np.zeros(len(codes_l), dtype=np.int8)
    for start in range(0, len(codes_l), 2_000_000):  # chunks bound the temporary memory
        part = slice(start, start + 2_000_000)
        levels[part] = _dob_chunk(digits[codes_l[part]], digits[codes_r[part]], codes_l[part], codes_r[part])
    return levels


def _dob_chunk(
    x: npt.NDArray[np.int8], y: npt.NDArray[np.int8], cl: npt.NDArray[np.int32], cr: npt.NDArray[np.int32]
) -> npt.NDArray[np.int8]:
    differ = x != y
    swaps = (differ[:, :7] & (x[:, :7] == y[:, 1:]) & (x[:, 1:] == y[:, :7])).sum(axis=1)
    edits = differ.sum(axis=1) - swaps
    same_year = ~differ[:, :4].any(axis=1)
    same_daymonth = ~differ[:, 4:].any(axis=1)
    days = np.abs(_ordinals(x) - _ordinals(y))
    out = np.select(
        [edits == 1, edits == 2, days <= _MONTH, same_daymonth, days <= _YEAR],
        [6, 5, 4, 3, 2],
        default=1,
    ).astype(np.int8)
    transposed = same_year & (x[:, 4:6] == y[:, 6:8]).all(axis=1) & (x[:, 6:8] == y[:, 4:6]).all(axis=1)
    out[transposed] = 7
    placeholder = (x[:, 4:] == _PLACEHOLDER_DIGITS).all(axis=1)
    placeholder |= (y[:, 4:] == _PLACEHOLDER_DIGITS).all(axis=1)
    out[placeholder] = np.where(same_year[placeholder], 0, 1)
    out[~differ.any(axis=1)] = 8
    out[(cl == 0) | (cr == 0)] = 0
    return out


def _ordinals(digits: npt.NDArray[np.int8]) -> npt.NDArray[np.int64]:
    """Day number of each row of 8 date digits (days-from-civil; rows of zeros give junk that
    the caller masks out as unknown)."""
    d = digits.astype(np.int64)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    ordinals: npt.NDArray[np.int64] = era * 146097 + day_of_era
    return ordinals


def compare_category(a: str, b: str) -> int:
    if not a or not b:
        return 0
    return 2 if a == b else 1


def compare_postcode(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 4
    out_a, sector_a = postcode_parts(a)
    out_b, sector_b = postcode_parts(b)
    # A typo rarely hits the area letters, so only codes sharing them get the costly check.
    if sector_a == sector_b or (a[:2] == b[:2] and _one_edit(a, b)):
        return 3
    if out_a == out_b:
        return 2
    return 1


def postcode_features(vocab: list[str]) -> npt.NDArray[np.int32]:
    """Per postcode of a vocabulary: ids of its sector, outward code and first two characters, its
    length, then its characters (code point + 1, zero-padded: at least one zero column)."""
    width = max((len(v) for v in vocab), default=0) + 1
    ids: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
    out = np.zeros((len(vocab), 4 + width), dtype=np.int32)
    for i, value in enumerate(vocab):
        outward, sector = postcode_parts(value)
        for column, part in enumerate((sector, outward, value[:2])):
            out[i, column] = ids[column].setdefault(part, len(ids[column]))
        out[i, 3] = len(value)
        out[i, 4 : 4 + len(value)] = [ord(c) + 1 for c in value]
    return out


def postcode_levels(
    features: npt.NDArray[np.int32], codes_l: npt.NDArray[np.int32], codes_r: npt.NDArray[np.int32]
) -> npt.NDArray[np.int8]:
    """``compare_postcode`` over many pairs at once, in numpy (``features`` from ``postcode_features``).

    Postcode pairs rarely repeat, so comparing each distinct pair in Python cost most of the scoring.
    """
    levels = np.zeros(len(codes_l), dtype=np.int8)
    for start in range(0, len(codes_l), 250_000):  # chunks bound the temporary memory
        part = slice(start, start + 250_000)
        levels[part] = _postcode_chunk(features, codes_l[part], codes_r[part])
    return levels


def _postcode_chunk(
    features: npt.NDArray[np.int32], cl: npt.NDArray[np.int32], cr: npt.NDArray[np.int32]
) -> npt.NDArray[np.int8]:
    left, right = features[cl, :3], features[cr, :3]
    out = np.ones(len(cl), dtype=np.int8)
    out[left[:, 1] == right[:, 1]] = 2
    close = left[:, 0] == right[:, 0]
    # A typo rarely hits the area letters, so only codes sharing them get the edit check.
    check = np.flatnonzero(~close & (left[:, 2] == right[:, 2]) & (cl != cr))
    close[check] = _one_edit_rows(features[cl[check], 3:], features[cr[check], 3:])
    out[close] = 3
    out[cl == cr] = 4
    out[(cl == 0) | (cr == 0)] = 0
    return out


def _one_edit_rows(x: npt.NDArray[np.int32], y: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
    """``_one_edit`` row by row over (length, zero-padded characters) rows."""
    longer = (x[:, 0] >= y[:, 0])[:, None]
    a, b = np.where(longer, x, y), np.where(longer, y, x)
    size_a, size_b, a, b = a[:, 0], b[:, 0], a[:, 1:], b[:, 1:]
    rows = np.arange(len(a))
    differ = a != b
    first = differ.argmax(axis=1)
    after = np.minimum(first + 1, a.shape[1] - 1)
    # Same length: one substitution, or two adjacent characters swapped.
    count = differ.sum(axis=1)
    swapped = (
        (count == 2)
        & differ[rows, after]
        & (a[rows, first] == b[rows, after])
        & (a[rows, after] == b[rows, first])
    )
    same_length = (size_a == size_b) & ((count == 1) | swapped)
    # One character longer: without its first differing character it equals the other.
    shifted = np.zeros_like(a)
    shifted[:, :-1] = a[:, 1:]
    tail = ((shifted == b) | (np.arange(a.shape[1]) < first[:, None])).all(axis=1)
    one_longer = (size_a == size_b + 1) & tail
    result: npt.NDArray[np.bool_] = same_length | one_longer
    return result


def compare_phone(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 3
    if _one_edit(a, b):
        return 2
    return 1


def compare_email(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 3
    local_a, local_b = a.split("@", 1)[0], b.split("@", 1)[0]
    # A short mailbox name ("f.s") is shared by many people; only a long one is evidence.
    if (local_a == local_b and len(local_a) >= 6) or _jw(a, b) >= 0.88:
        return 2
    # Jaro-Winkler forgives little early in a long string: one or two slips in an address of
    # twenty characters or more are still a typo of it.
    if min(len(a), len(b)) >= 20 and jellyfish.damerau_levenshtein_distance(a, b) <= 2:
        return 2
    return 1


def compare_text(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 3
    tokens_a, tokens_b = set(a.split()), set(b.split())
    overlap = len(tokens_a & tokens_b) / max(1, min(len(tokens_a), len(tokens_b)))
    return 2 if overlap >= 0.5 or _jw(a, b) >= 0.88 else 1


def comparator_for(spec: ComparisonSpec) -> Comparator:
    if spec.kind == "name":
        return lambda a, b: compare_name(a, b, spec)
    simple: dict[str, Comparator] = {
        "dob": compare_dob,
        "category": compare_category,
        "postcode": compare_postcode,
        "phone": compare_phone,
        "email": compare_email,
        "text": compare_text,
    }
    return simple[spec.kind]


def compare_values(spec: ComparisonSpec, a: str, b: str) -> int:
    return comparator_for(spec)(a, b)


def levels_for_codes(
    vocab: list[str],
    codes_l: npt.NDArray[np.int32],
    codes_r: npt.NDArray[np.int32],
    comparator: Comparator,
) -> npt.NDArray[np.int8]:
    """Vectorised comparison: each distinct (left, right) value pair is compared once.

    Code 0 is the empty value, so pairs involving it are level 0 without any call.
    """
    levels = np.zeros(len(codes_l), dtype=np.int8)
    known = (codes_l != 0) & (codes_r != 0)
    if not known.any():
        return levels
    width = np.int64(len(vocab))
    combined = codes_l[known].astype(np.int64) * width + codes_r[known].astype(np.int64)
    unique, inverse = unique_inverse(combined)
    lefts, rights = (unique // width).tolist(), (unique % width).tolist()
    distinct = np.asarray(
        [comparator(vocab[x], vocab[y]) for x, y in zip(lefts, rights, strict=True)], dtype=np.int8
    )
    levels[known] = distinct[inverse]
    return levels
