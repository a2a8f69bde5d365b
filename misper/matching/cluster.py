"""Clustering of scored pairs: connected components with a guard against chaining."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from .arrays import unique_sorted

__all__ = ["average_linkage", "cluster_pairs", "connected_components"]

IntArray = npt.NDArray[np.int64]
# Given member indices, returns their full pairwise probability matrix.
PairScorer = Callable[[npt.NDArray[np.int64]], npt.NDArray[np.float64]]


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

    A component is incoherent when one of its scored pairs is below ``conflict_threshold``:
    typically two people chained together by a single doubtful link.  Such a component is
    re-clustered by average linkage on all of its pairs, which a single bridge cannot win.
    Components too large for that are first cut by raising the threshold within them.
    """
    strong = probability >= threshold
    labels = connected_components(n, left[strong], right[strong])
    level = threshold
    for _ in range(6):
        big = [
            c
            for c, size in _suspicious(labels, left, right, probability, conflict_threshold)
            if size > max_recheck
        ]
        if not big:
            break
        level = 1.0 - (1.0 - level) / 10.0
        inside = np.isin(labels, big)
        keep = inside[left] & (labels[left] == labels[right]) & (probability >= level)
        sub = connected_components(n, left[keep], right[keep])
        labels[inside] = sub[inside]
    for component, size in _suspicious(labels, left, right, probability, conflict_threshold):
        if size > max_recheck:
            continue
        members = np.flatnonzero(labels == component)
        matrix = rescore(members)
        strong_index = np.flatnonzero(np.triu(matrix >= atom_threshold, k=1).ravel())
        rows, cols = np.divmod(strong_index, len(members))
        atoms = connected_components(len(members), rows.astype(np.int32), cols.astype(np.int32))
        sub_labels = average_linkage(matrix, coherence_threshold, atoms)
        labels[members] = members[sub_labels]
    return labels


def _suspicious(
    labels: IntArray,
    left: npt.NDArray[np.int32],
    right: npt.NDArray[np.int32],
    probability: npt.NDArray[np.float64],
    conflict_threshold: float,
) -> list[tuple[int, int]]:
    """(label, size) of components containing a scored pair below the conflict threshold."""
    inside_conflict = (labels[left] == labels[right]) & (probability < conflict_threshold)
    components = unique_sorted(labels[left[inside_conflict]])
    if len(components) == 0:
        return []
    sizes = np.bincount(labels, minlength=len(labels))[components]
    return list(zip(components.tolist(), sizes.tolist(), strict=True))
