"""Fellegi-Sunter model: m/u probabilities per comparison level, EM training, JSON round-trip."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .arrays import unique_counts
from .settings import LEVEL_LABELS, ComparisonSpec, LinkageSettings

__all__ = ["MatchModel", "estimate_u", "expectation_maximisation", "prior_model"]

FloatArray = npt.NDArray[np.float64]
_EPS = 1e-6


def _with_null(values: tuple[float, ...] | FloatArray) -> FloatArray:
    """Prepend the (unused) level-0 slot and renormalise the rest."""
    array = np.asarray(values, dtype=np.float64)
    array = np.clip(array, _EPS, None)
    return np.concatenate(([1.0], array / array.sum()))


@dataclass
class MatchModel:
    """Trained parameters.  Arrays are indexed by comparison level (index 0 = unknown)."""

    settings: LinkageSettings
    m: list[FloatArray]
    u: list[FloatArray]
    # u from random pairs: the baseline for term-frequency adjustments.
    u_random: list[FloatArray]
    match_rate: float
    # Relative frequency of values (per comparison with tf_adjust) and the floor for unseen ones.
    tf: dict[str, dict[str, float]] = field(default_factory=dict)
    tf_floor: dict[str, float] = field(default_factory=dict)

    def weights(self) -> list[FloatArray]:
        """log2(m/u) per level; unknown contributes nothing.

        Levels are ordered by strength of agreement, so a weaker level may never weigh more
        than a stronger one; sparse levels (few pairs in training) otherwise get noisy,
        inflated weights from two tiny estimates.
        """
        out = []
        for m, u in zip(self.m, self.u, strict=True):
            weight = np.log2(m / u)
            weight[1:] = np.minimum.accumulate(weight[1:][::-1])[::-1]
            weight[0] = 0.0
            out.append(weight)
        return out

    def prior_bits(self) -> float:
        rate = min(max(self.match_rate, 1e-9), 1 - 1e-9)
        return float(np.log2(rate / (1 - rate)))

    def tf_adjustment(self, index: int, frequencies: FloatArray) -> FloatArray:
        """Extra bits for an exact match on a value of the given frequency (rare = stronger)."""
        spec = self.settings.comparisons[index]
        baseline = self.u_random[index][-1]
        floor = self.tf_floor.get(spec.name, _EPS)
        bits = np.log2(baseline / np.maximum(frequencies, floor))
        clip = self.settings.tf_clip
        adjusted: FloatArray = np.clip(bits, -clip, clip) * self.settings.tf_weight
        return adjusted

    def to_json(self, max_tf_values: int = 50_000) -> str:
        """Serialise; only the most frequent values keep their own tf (rare ones use the floor)."""
        tf: dict[str, dict[str, float]] = {}
        floors = dict(self.tf_floor)
        for name, table in self.tf.items():
            top = sorted(table.items(), key=lambda kv: -kv[1])[:max_tf_values]
            tf[name] = dict(top)
            if len(table) > max_tf_values and top:
                floors[name] = max(floors.get(name, _EPS), top[-1][1])
        data: dict[str, Any] = {
            "settings": self.settings.to_dict(),
            "m": [a.tolist() for a in self.m],
            "u": [a.tolist() for a in self.u],
            "u_random": [a.tolist() for a in self.u_random],
            "match_rate": self.match_rate,
            "tf": tf,
            "tf_floor": floors,
        }
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        """Raises ``ValueError`` for a model stored by an engine whose comparison levels differ
        (a stored model is only valid for the level definitions it was trained with)."""
        data = json.loads(text)

        def arrays(key: str) -> list[FloatArray]:
            return [np.asarray(a, dtype=np.float64) for a in data[key]]

        for spec, m in zip(data["settings"]["comparisons"], data["m"], strict=True):
            expected = len(LEVEL_LABELS[spec["kind"]]) + 1
            if len(m) != expected or len(spec["prior_m"]) != expected - 1:
                raise ValueError(
                    f"stored model has {len(m)} levels for {spec['name']}, this engine has {expected}"
                )
        return cls(
            settings=LinkageSettings.from_dict(data["settings"]),
            m=arrays("m"),
            u=arrays("u"),
            u_random=arrays("u_random"),
            match_rate=float(data["match_rate"]),
            tf={k: {str(v): float(f) for v, f in t.items()} for k, t in data["tf"].items()},
            tf_floor={k: float(v) for k, v in data["tf_floor"].items()},
        )


def prior_model(settings: LinkageSettings) -> MatchModel:
    """Model from the settings' priors alone (used before any training)."""
    m = [_with_null(spec.prior_m) for spec in settings.comparisons]
    u = [_with_null(spec.prior_u) for spec in settings.comparisons]
    return MatchModel(settings, m, u, [a.copy() for a in u], settings.prior_match_rate)


def estimate_u(
    gamma: npt.NDArray[np.int8], specs: tuple[ComparisonSpec, ...], strength: float
) -> list[FloatArray]:
    """u from levels of random pairs (virtually all non-matches), smoothed towards the priors."""
    out = []
    for k, spec in enumerate(specs):
        counts = np.bincount(gamma[:, k], minlength=spec.n_levels)[1:].astype(np.float64)
        prior = _with_null(spec.prior_u)[1:]
        out.append(_with_null(counts + strength * prior))
    return out


def expectation_maximisation(
    gamma: npt.NDArray[np.int8], model: MatchModel, held_out: set[int], iterations: int
) -> tuple[list[FloatArray], float]:
    """One EM session: fit m of the comparisons not held out, with u fixed (random pairs).

    Returns the fitted m arrays (held-out ones unchanged) and the session's match rate.
    Identical level patterns are collapsed first, so an iteration costs O(distinct patterns).
    """
    active = [k for k in range(gamma.shape[1]) if k not in held_out]
    patterns, counts = _distinct_patterns(gamma[:, active])
    specs = [model.settings.comparisons[k] for k in active]
    strength = model.settings.em_prior_strength
    prior_m = [_with_null(s.prior_m)[1:] for s in specs]
    m = [model.m[k].copy() for k in active]
    u = [model.u[k] for k in active]
    rate = 0.5
    for _ in range(iterations):
        posterior = _posterior(patterns, m, u, rate)
        matched = counts * posterior
        rate = float(np.clip(matched.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        for k, spec in enumerate(specs):
            m[k] = _with_null(_level_totals(patterns[:, k], matched, spec.n_levels) + strength * prior_m[k])
    fitted = [a.copy() for a in model.m]
    for position, k in enumerate(active):
        fitted[k] = m[position]
    return fitted, rate


def _distinct_patterns(gamma: npt.NDArray[np.int8]) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Distinct rows of the level matrix with their counts (rows packed into one int64)."""
    if gamma.shape[1] == 0 or len(gamma) == 0:
        return gamma[:1], np.asarray([float(len(gamma))])
    radix = int(gamma.max()) + 1
    weights = radix ** np.arange(gamma.shape[1], dtype=np.int64)
    packed, counts = unique_counts(gamma.astype(np.int64) @ weights)
    patterns = (packed[:, None] // weights[None, :]) % radix
    return patterns.astype(np.int8), counts.astype(np.float64)


def _posterior(
    patterns: npt.NDArray[np.int8], m: list[FloatArray], u: list[FloatArray], rate: float
) -> FloatArray:
    bits = np.full(len(patterns), np.log2(rate / (1 - rate)))
    for k in range(patterns.shape[1]):
        weight = np.log2(m[k] / u[k])
        weight[0] = 0.0
        bits += weight[patterns[:, k]]
    probability: FloatArray = 1.0 / (1.0 + np.exp2(-np.clip(bits, -60, 60)))
    return probability


def _level_totals(levels: npt.NDArray[np.int8], weights: FloatArray, n_levels: int) -> FloatArray:
    return np.bincount(levels, weights=weights, minlength=n_levels)[1:].astype(np.float64)
