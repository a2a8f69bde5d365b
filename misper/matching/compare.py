"""Field comparators: map two normalised values to a comparison level.

Level 0 means "unknown" (either side empty), level 1 "different", higher levels are stronger
agreement in the order of ``settings.LEVEL_LABELS``.  The same scalar functions serve the
single-record path and (memoised over distinct value pairs) the batch path, so both always
agree.
"""

from __future__ import annotations

from collections.abc import Callable

import jellyfish
import numpy as np
import numpy.typing as npt

from .normalise import nickname_canonicals, nickname_equivalent, phonetic, postcode_parts
from .settings import ComparisonSpec

__all__ = ["Comparator", "comparator_for", "compare_values", "levels_for_codes"]

Comparator = Callable[[str, str], int]


def _jw(a: str, b: str) -> float:
    return float(jellyfish.jaro_winkler_similarity(a, b))


def _best_name_similarity(a: str, b: str, nicknames: bool) -> float:
    """Jaro-Winkler, also against nickname canonicals (so "rhomas" is near "tom" via Thomas)."""
    best = _jw(a, b)
    if nicknames:
        for ca in nickname_canonicals(a):
            for cb in nickname_canonicals(b):
                best = max(best, _jw(ca, cb))
    return best


def compare_name(a: str, b: str, spec: ComparisonSpec) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 8
    tokens_a, tokens_b = a.split(), b.split()
    # Shared first token covers middle names ("mary ann" / "mary"); a shared token covers
    # double-barrelled surnames ("smith jones" / "jones").
    shared = tokens_a[0] == tokens_b[0] if spec.nicknames else not set(tokens_a).isdisjoint(tokens_b)
    if shared or (spec.nicknames and nickname_equivalent(a, b)):
        return 7
    similarity = _best_name_similarity(a, b, spec.nicknames)
    # One typed slip is "very similar" even where Jaro-Winkler is weak (a slip at the start).
    if similarity >= spec.jw_high or (
        min(len(a), len(b)) >= 4 and jellyfish.damerau_levenshtein_distance(a, b) == 1
    ):
        return 6
    if similarity >= spec.jw_low:
        return 5
    if phonetic(a) == phonetic(b):
        return 4
    if similarity >= spec.jw_weak:
        return 3
    if (len(tokens_a[0]) == 1 or len(tokens_b[0]) == 1) and a[0] == b[0]:
        return 2
    return 1


def compare_dob(a: str, b: str) -> int:
    """Dates as 8-digit YYYYMMDD strings."""
    if not a or not b:
        return 0
    if a == b:
        return 7
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return 6
    # Damerau distance 1 = one digit mistyped or two adjacent digits swapped (1971 / 1917).
    distance = jellyfish.damerau_levenshtein_distance(a, b)
    if distance == 1:
        return 5
    if distance == 2:
        return 4
    if a[4:] == b[4:]:
        return 3
    if a[:4] == b[:4]:
        return 2
    return 1


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
    if sector_a == sector_b or jellyfish.damerau_levenshtein_distance(a, b) == 1:
        return 3
    if out_a == out_b:
        return 2
    return 1


def compare_phone(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 3
    if jellyfish.damerau_levenshtein_distance(a, b) == 1:
        return 2
    return 1


def compare_email(a: str, b: str) -> int:
    if not a or not b:
        return 0
    if a == b:
        return 3
    local_a, local_b = a.split("@", 1)[0], b.split("@", 1)[0]
    # A short mailbox name ("f.s") is shared by many people; only a long one is evidence.
    if (local_a == local_b and len(local_a) >= 6) or _jw(a, b) >= 0.9:
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
    unique, inverse = np.unique(combined, return_inverse=True)
    distinct = np.fromiter(
        (comparator(vocab[int(c // width)], vocab[int(c % width)]) for c in unique),
        dtype=np.int8,
        count=len(unique),
    )
    levels[known] = distinct[inverse]
    return levels
