"""Sort-based numpy helpers.

``np.unique`` on large int64 arrays takes a hash-based path in numpy 2.x that is ~10x slower
than sorting here, so the engine uses these instead.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["unique_counts", "unique_inverse", "unique_sorted"]

Int64Array = npt.NDArray[np.int64]


def unique_sorted(values: Int64Array) -> Int64Array:
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered
    first: Int64Array = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    return first


def unique_inverse(values: Int64Array) -> tuple[Int64Array, npt.NDArray[np.intp]]:
    """Distinct values and, per input, the index of its value among them."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, dtype=bool)
    inverse = np.empty(len(values), dtype=np.intp)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def unique_counts(values: Int64Array) -> tuple[Int64Array, Int64Array]:
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, len(ordered)]).astype(np.int64)
    return ordered[starts], counts
