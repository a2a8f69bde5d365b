"""Human-readable reasons for a scored pair ("same date of birth", "name variant (Jon ~ John)")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import MatchModel
from .records import PreparedRecord
from .settings import ComparisonSpec

__all__ = ["Reason", "explain_levels"]

_FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "postcode": "postcode",
    "address": "address",
    "phone": "phone",
    "email": "email",
}


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: ``weight`` is in bits (positive = for a match)."""

    field: str
    level: str
    text: str
    weight: float


def _describe(spec: ComparisonSpec, label: str, a: str, b: str) -> str:
    word = _FIELD_WORDS.get(spec.name, spec.name)
    if label == "exact":
        return f"same {word}"
    if label == "different":
        return f"different {word} ({a} / {b})"
    if label == "variant" and spec.nicknames:
        return f"name variant ({a} ~ {b})"
    if spec.kind == "dob":
        return f"{word}: {label} ({_iso(a)} ~ {_iso(b)})"
    return f"{label} {word} ({a} ~ {b})"


def _iso(dob: str) -> str:
    return f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 else dob


def _tf_bits(model: MatchModel, k: int, values: tuple[str, str]) -> float:
    """Same rule as the engine: the commoner of the two values sets the adjustment."""
    name = model.settings.comparisons[k].name
    table, floor = model.tf.get(name, {}), model.tf_floor.get(name, 1e-6)
    frequency = max(table.get(v, floor) for v in values)
    return float(model.tf_adjustment(k, np.asarray([frequency]))[0])


def explain_levels(
    model: MatchModel,
    a: PreparedRecord,
    b: PreparedRecord,
    levels: npt.NDArray[np.int8],
    swapped: bool,
    weights: list[npt.NDArray[np.float64]] | None = None,
) -> list[Reason]:
    """Reasons for every known field, strongest evidence first (pass ``weights`` to reuse them)."""
    reasons: list[Reason] = []
    weights = weights if weights is not None else model.weights()
    specs = model.settings.comparisons
    for k, spec in enumerate(specs):
        level = int(levels[k])
        if level == 0:
            continue
        value_a, value_b = a.value(spec.name), b.value(spec.name)
        if swapped and spec.name in {"given_name", "family_name"}:
            other = "family_name" if spec.name == "given_name" else "given_name"
            value_b = b.value(other)
        weight = float(weights[k][level])
        if spec.tf_adjust and spec.name in model.tf and level >= spec.tf_from_level:
            weight += _tf_bits(model, k, (a.value(spec.name), b.value(spec.name)))
        label = spec.labels[level - 1]
        reasons.append(Reason(spec.name, label, _describe(spec, label, value_a, value_b), round(weight, 2)))
    if swapped:
        reasons.append(Reason("given_name", "swapped", "given and family names swapped", 0.0))
    reasons.sort(key=lambda r: -abs(r.weight))
    return reasons
