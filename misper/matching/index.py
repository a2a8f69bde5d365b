"""Report-time matching: score one incoming person against candidate persons.

Typical Django flow::

    keys = record_blocking_keys(incoming)             # -> indexed (key, person_id) table
    candidates = Person rows whose keys overlap        # a few dozen rows
    ranked = MatchIndex(model).rank(incoming, candidates)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from .engine import score_pairs
from .explain import Reason, explain_levels
from .model import MatchModel, prior_model
from .records import PersonRecord, PreparedRecord, RecordTable, prepare_record
from .settings import LinkageSettings, default_settings

__all__ = ["Candidate", "MatchIndex"]

RecordLike = PersonRecord | PreparedRecord | Mapping[str, object]


@dataclass(frozen=True)
class Candidate:
    record_id: str
    probability: float
    match_weight: float
    # "auto_link" (>= settings.auto_link), "grey_zone" (a person decides) or "no_match".
    band: str
    reasons: list[Reason]


def _prepared(record: RecordLike) -> PreparedRecord:
    return record if isinstance(record, PreparedRecord) else prepare_record(record)


class MatchIndex:
    """Scores one record against candidates with a trained (or prior-only) model."""

    def __init__(self, model: MatchModel | None = None, settings: LinkageSettings | None = None) -> None:
        model = model or prior_model(settings or default_settings())
        # A trained model's match rate is the chance that two records drawn at random from the
        # whole file are one person: about one in a million for a million people.  A phoned-in
        # report is far likelier to be about someone on record (people go missing again and
        # again), so report time scores with the report-time prior instead.
        self.model = replace(model, match_rate=model.settings.report_match_rate)
        self.settings = self.model.settings
        self._weights = self.model.weights()  # fixed for the model's lifetime: compute once

    def band(self, probability: float) -> str:
        if probability >= self.settings.auto_link:
            return "auto_link"
        if probability >= self.settings.grey_zone:
            return "grey_zone"
        return "no_match"

    def rank(
        self, incoming: RecordLike, candidates: Iterable[RecordLike], limit: int | None = None
    ) -> list[Candidate]:
        """Candidates best first, each with its probability, band and reasons."""
        records = [_prepared(incoming), *(_prepared(c) for c in candidates)]
        if len(records) == 1:
            return []
        # One small columnar table makes the scoring identical to batch mode.
        table = RecordTable(records)
        right = np.arange(1, len(records), dtype=np.int32)
        left = np.zeros(len(right), dtype=np.int32)
        scores = score_pairs(table, self.model, left, right)
        order = np.argsort(-scores.bits, kind="stable")[:limit]
        return [
            self._candidate(records, scores.levels[i], bool(scores.swapped[i]), float(scores.bits[i]), int(i))
            for i in order
        ]

    def _candidate(
        self, records: list[PreparedRecord], levels: np.ndarray, swapped: bool, bits: float, index: int
    ) -> Candidate:
        probability = float(1.0 / (1.0 + 2.0 ** (-np.clip(bits, -60, 60))))
        other = records[index + 1]
        reasons = explain_levels(self.model, records[0], other, levels, swapped, self._weights)
        return Candidate(other.record_id, probability, round(bits, 3), self.band(probability), reasons)
