"""Clustering of scored pairs: connected components with a guard against chaining."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = ["average_linkage", "cluster_pairs", "connected_components"]

IntArray = npt.NDArray[np.int64]
# Given record index arrays (left, right), returns the probability of each pair.
PairScorer = Callable[[npt.NDArray[np.int32], npt.NDArray[np.int32]], npt.NDArray[np.float64]]


def connected_components(n: int, left: npt.NDArray[np.int32], right: npt.NDArray[np.int32]) -> IntArray:
    """Component label per node (label = smallest member index), by union-find."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps trees shallow
            x = parent[x]
        return x

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)


def average_linkage(
    probabilities: npt.NDArray[np.float64], threshold: float, atoms: IntArray | None = None
) -> IntArray:
    """Agglomerate while the mean pairwise probability between two groups is >= threshold.

    ``atoms`` (a group label per member) gives groups that start merged: strongly linked
    records are not pulled apart by their weaker links.
    """
    size = len(probabilities)
    start = np.arange(size, dtype=np.int64) if atoms is None else np.unique(atoms, return_inverse=True)[1]
    groups = int(start.max()) + 1 if size else 0
    membership = np.zeros((size, groups))
    membership[np.arange(size), start] = 1.0
    off_diagonal = probabilities.astype(np.float64).copy()
    np.fill_diagonal(off_diagonal, 0.0)
    sums = membership.T @ off_diagonal @ membership
    np.fill_diagonal(sums, 0.0)
    counts = membership.sum(axis=0)
    active = np.ones(groups, dtype=bool)
    group_of = np.arange(groups, dtype=np.int64)
    for _ in range(groups - 1):
        mean = sums / np.outer(counts, counts)
        mean[~active, :] = -1.0
        mean[:, ~active] = -1.0
        np.fill_diagonal(mean, -1.0)
        i, j = divmod(int(np.argmax(mean)), groups)
        if mean[i, j] < threshold:
            break
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = 0.0
        counts[i] += counts[j]
        active[j] = False
        group_of[group_of == j] = i
    labels: IntArray = group_of[start]
    return labels


def cluster_pairs(
    n: int,
    left: npt.NDArray[np.int32],
    right: npt.NDArray[np.int32],
    probability: npt.NDArray[np.float64],
    *,
    threshold: float,
    conflict_threshold: float,
    coherence_threshold: float,
    rescore: PairScorer,
    atom_threshold: float = 1.1,
    max_recheck: int = 400,
) -> IntArray:
    """Connected components over pairs >= threshold, then re-split incoherent components.

    Every component of three or more records is re-scored on *all* of its pairs (not only the
    candidate pairs blocking found).  It is incoherent when one of them is below
    ``conflict_threshold``: typically two people chained together by a doubtful link.  Such a
    component is re-clustered by average linkage, which a single bridge cannot win.
    Components too large for that are first cut by raising the threshold within them.
    """
    strong = probability >= threshold
    labels = connected_components(n, left[strong], right[strong])
    level = threshold
    for _ in range(6):
        big = np.flatnonzero(np.bincount(labels, minlength=n) > max_recheck)
        if len(big) == 0:
            break
        level = 1.0 - (1.0 - level) / 10.0
        inside = np.isin(labels, big)
        keep = inside[left] & (labels[left] == labels[right]) & (probability >= level)
        sub = connected_components(n, left[keep], right[keep])
        labels[inside] = sub[inside]
    sizes = np.bincount(labels, minlength=n)
    candidates = np.flatnonzero((sizes[labels] >= 3) & (sizes[labels] <= max_recheck))
    if len(candidates) == 0:
        return labels
    members = candidates[np.argsort(labels[candidates], kind="stable")]
    starts = np.flatnonzero(np.r_[True, labels[members[1:]] != labels[members[:-1]]])
    counts = np.diff(np.r_[starts, len(members)])
    pos_l, pos_r = _positions_within(starts, counts)
    probs = rescore(members[pos_l].astype(np.int32), members[pos_r].astype(np.int32))
    # Pairs come out grouped by component: offsets give each component's slice.
    pair_counts = counts * (counts - 1) // 2
    offsets = np.r_[0, np.cumsum(pair_counts)]
    conflicted = np.zeros(len(starts), dtype=bool)
    component_of_pair = np.repeat(np.arange(len(starts)), pair_counts)
    conflicted[component_of_pair[probs < conflict_threshold]] = True
    for c in np.flatnonzero(conflicted).tolist():
        size = int(counts[c])
        group = members[starts[c] : starts[c] + size]
        rows = pos_l[offsets[c] : offsets[c + 1]] - starts[c]
        cols = pos_r[offsets[c] : offsets[c + 1]] - starts[c]
        matrix = np.eye(size)
        matrix[rows, cols] = probs[offsets[c] : offsets[c + 1]]
        matrix[cols, rows] = matrix[rows, cols]
        strong_pairs = matrix[rows, cols] >= atom_threshold
        atoms = connected_components(
            size, rows[strong_pairs].astype(np.int32), cols[strong_pairs].astype(np.int32)
        )
        sub_labels = average_linkage(matrix, coherence_threshold, atoms)
        labels[group] = group[sub_labels]
    return labels


def _positions_within(
    starts: npt.NDArray[np.intp], sizes: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(p, q), p < q, for all positions of each run [start, start + size), run after run."""
    total = int(sizes.sum())
    positions = np.repeat(starts, sizes) + (np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    ends = np.repeat(starts + sizes, sizes)
    after = ends - positions - 1
    left = np.repeat(positions, after)
    run = np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    return left, left + 1 + run
