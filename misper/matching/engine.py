"""Fellegi-Sunter record linkage: blocking -> comparison levels -> EM -> scores -> clusters.

Execution is numpy over integer-coded columns; every string comparison goes through the
scalar comparators of ``compare.py`` once per distinct value pair.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import numpy.typing as npt

from .blocking import KeyTable, KeyTableBuilder, decode_pairs
from .cluster import cluster_pairs
from .compare import (
    comparator_for,
    dob_digits,
    dob_levels,
    levels_for_codes,
    postcode_features,
    postcode_levels,
)
from .explain import Reason, explain_levels
from .model import MatchModel, estimate_u, expectation_maximisation, prior_model
from .records import PreparedRecord, RecordTable, TableBuilder
from .settings import LinkageSettings, default_settings

__all__ = [
    "LinkageResult",
    "PairScores",
    "build_batch",
    "compute_levels",
    "fit_model",
    "link_records",
    "link_table",
    "score_pairs",
    "train_model",
]

Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
# Both crossed name comparisons must reach this level ("similar") to count as a swap.
_SWAP_MIN_LEVEL = 5
_CHUNK = 1_000_000
# Phase ends of ``link_table`` at INFO (bench/bench_dedupe.py reads them for per-phase memory).
_log = logging.getLogger(__name__)


@dataclass
class PairScores:
    left: Int32Array
    right: Int32Array
    levels: npt.NDArray[np.int8]
    swapped: npt.NDArray[np.bool_]
    bits: FloatArray
    probability: FloatArray


@dataclass
class LinkageResult:
    record_ids: list[str]
    cluster: npt.NDArray[np.int64]
    pairs: PairScores
    model: MatchModel
    stats: dict[str, float] = field(default_factory=dict)

    def reasons(self, pair_index: int, table: RecordTable) -> list[Reason]:
        return pair_reasons(table, self.pairs, self.model, pair_index)


def compute_levels(
    table: RecordTable, settings: LinkageSettings, left: Int32Array, right: Int32Array
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Level matrix (pairs x comparisons) and the mask of pairs read with names swapped.

    Pairs are processed in chunks so that the temporary arrays stay small for 1M-person runs.
    """
    if len(left) > _CHUNK:
        parts = [
            compute_levels(table, settings, left[i : i + _CHUNK], right[i : i + _CHUNK])
            for i in range(0, len(left), _CHUNK)
        ]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    levels = np.zeros((len(left), len(settings.comparisons)), dtype=np.int8)
    for k, spec in enumerate(settings.comparisons):
        codes, vocab = table.codes[spec.name], table.vocab[spec.name]
        if spec.kind == "dob":
            digits = table.derived(f"digits:{spec.name}", partial(dob_digits, vocab))
            levels[:, k] = dob_levels(digits, codes[left], codes[right])
        elif spec.kind == "postcode":
            features = table.derived(f"postcode:{spec.name}", partial(postcode_features, vocab))
            levels[:, k] = postcode_levels(features, codes[left], codes[right])
        else:
            levels[:, k] = levels_for_codes(vocab, codes[left], codes[right], comparator_for(spec))
    swapped = _apply_name_swap(table, settings, left, right, levels)
    return levels, swapped


def _apply_name_swap(
    table: RecordTable,
    settings: LinkageSettings,
    left: Int32Array,
    right: Int32Array,
    levels: npt.NDArray[np.int8],
) -> npt.NDArray[np.bool_]:
    """Re-read given/family crosswise where that agrees clearly better (data-entry swaps)."""
    names = [s.name for s in settings.comparisons]
    if "given_name" not in names or "family_name" not in names:
        return np.zeros(len(left), dtype=np.bool_)
    gi, fi = names.index("given_name"), names.index("family_name")
    # Crosswise compare with the surname rules: nicknames would make "john" ~ "jones" no likelier.
    compare = comparator_for(settings.comparisons[fi])
    given, family, vocab = table.codes["given_name"], table.codes["family_name"], table.vocab["given_name"]
    # Only pairs whose crosswise names could agree (same first letter, or unknown) are
    # compared: that skips the costly string work for nearly all non-matching pairs.
    initial = table.derived(
        "initials",
        lambda: np.fromiter((ord(v[0]) if v else 0 for v in vocab), dtype=np.int32, count=len(vocab)),
    )
    g_l, f_r, f_l, g_r = (
        initial[given[left]],
        initial[family[right]],
        initial[family[left]],
        initial[given[right]],
    )
    maybe = ((g_l == 0) | (f_r == 0) | (g_l == f_r)) & ((f_l == 0) | (g_r == 0) | (f_l == g_r))
    maybe &= ((g_l != 0) & (f_r != 0)) | ((f_l != 0) & (g_r != 0))
    cross_g = np.zeros(len(left), dtype=np.int8)
    cross_f = np.zeros(len(left), dtype=np.int8)
    cross_g[maybe] = levels_for_codes(vocab, given[left[maybe]], family[right[maybe]], compare)
    cross_f[maybe] = levels_for_codes(vocab, family[left[maybe]], given[right[maybe]], compare)
    straight = levels[:, gi].astype(np.int16) + levels[:, fi]
    crossed = cross_g.astype(np.int16) + cross_f
    # Each crosswise comparison must agree clearly or be unknown: a lone name typed in the
    # other column ("hodges" as given name vs family "hodges") counts as a swap too.
    clear = ((cross_g >= _SWAP_MIN_LEVEL) | (cross_g == 0)) & ((cross_f >= _SWAP_MIN_LEVEL) | (cross_f == 0))
    swapped: npt.NDArray[np.bool_] = (
        clear & (np.maximum(cross_g, cross_f) >= _SWAP_MIN_LEVEL) & (crossed > straight)
    )
    levels[swapped, gi] = cross_g[swapped]
    levels[swapped, fi] = cross_f[swapped]
    return swapped


def _tf_frequencies(table: RecordTable, model: MatchModel, name: str) -> FloatArray:
    def build() -> FloatArray:
        frequencies = model.tf.get(name, {})
        floor = model.tf_floor.get(name, 1e-6)
        vocab = table.vocab[name]
        return np.fromiter((frequencies.get(v, floor) for v in vocab), dtype=np.float64, count=len(vocab))

    # Keyed by model identity: a table may be scored by several models (training, tests).
    return table.derived(f"tf:{name}:{id(model.tf)}", build)


def score_pairs(table: RecordTable, model: MatchModel, left: Int32Array, right: Int32Array) -> PairScores:
    levels, swapped = compute_levels(table, model.settings, left, right)
    bits = _pair_bits(table, model, levels, left, right)
    probability = 1.0 / (1.0 + np.exp2(-np.clip(bits, -60, 60)))
    return PairScores(left, right, levels, swapped, bits, probability)


def _pair_bits(
    table: RecordTable, model: MatchModel, levels: npt.NDArray[np.int8], left: Int32Array, right: Int32Array
) -> FloatArray:
    """Match weight of each pair: prior + per-field weights (+ term-frequency bits).

    Fields of one ``correlated_groups`` entry (postcode, address, phone: where someone lives)
    are not independent evidence: members of one household agree on all of them at once.  A
    group counts once, as its strongest agreement (or, if none agrees, its strongest
    disagreement), so a shared home cannot outvote different names and dates of birth.
    """
    settings = model.settings
    names = [spec.name for spec in settings.comparisons]
    group_of = {name: g for g, group in enumerate(settings.correlated_groups) for name in group}
    n_groups = len(settings.correlated_groups)
    best = np.zeros((n_groups, len(left)))
    worst = np.zeros((n_groups, len(left)))
    bits = np.full(len(left), model.prior_bits())
    kin = _kin_mask(settings, names, levels)
    family_bits: FloatArray | None = None
    for k, (spec, weight) in enumerate(zip(settings.comparisons, model.weights(), strict=True)):
        contribution = weight[levels[:, k]]
        if spec.tf_adjust and spec.name in model.tf:
            contribution = contribution + _tf_bits(table, model, k, levels[:, k], left, right)
        g = group_of.get(names[k])
        if kin is not None and names[k] == settings.kin_fields[1]:
            family_bits = contribution
        elif g is None:
            bits += contribution
        else:
            np.maximum(best[g], contribution, out=best[g])
            np.minimum(worst[g], contribution, out=worst[g])
    home = np.zeros(len(left))
    for g in range(n_groups):
        home += np.where(best[g] > 0, best[g], worst[g])
    if kin is not None and family_bits is not None:
        # Relatives share a surname *and* a home: for a pair whose given names clearly differ
        # the two agreements are one piece of evidence (a household), not two.
        both = kin & (family_bits > 0) & (home > 0)
        bits += np.where(both, np.maximum(family_bits, home), family_bits + home)
        # A different given name in the same family and home is a relative (a twin shares the
        # date of birth too) about as often as a typo: such a pair is never linked automatically,
        # and within one household (a precise home) it is brothers and sisters: not linked at all.
        np.minimum(bits, np.where(both, _kin_cap(settings, home), np.inf), out=bits)
    else:
        bits += home
    if n_groups and settings.kin_date_field in names:
        # Same name, same home, a date of birth nowhere near: a son named after his father as
        # often as a wrong date.  Not linked automatically, but close enough to be looked at.
        namesake = (levels[:, names.index(settings.kin_date_field)] == 1) & (home > 0)
        np.minimum(bits, np.where(namesake, settings.kin_bits, np.inf), out=bits)
    identity = [names.index(name) for name in settings.identity_fields if name in names]
    if identity:
        # Every identity field known and clearly different: other agreement is a shared household
        # (surname, address, phone) or coincidence, not the same person.
        conflict = (levels[:, identity] == 1).all(axis=1)
        np.minimum(bits, np.where(conflict, settings.identity_conflict_bits, np.inf), out=bits)
    return bits


def _kin_cap(settings: LinkageSettings, home: FloatArray) -> FloatArray:
    """The most a relative-like pair may score: ``household_bits`` where the shared home is
    precise (a full postcode, address or phone: one household), else ``kin_bits`` (a shared
    town or district is no household)."""
    return np.where(home >= settings.household_home_bits, settings.household_bits, settings.kin_bits)


def _kin_mask(
    settings: LinkageSettings, names: list[str], levels: npt.NDArray[np.int8]
) -> npt.NDArray[np.bool_] | None:
    """Pairs that relatives could make: given names known and clearly different (level 1 up to
    ``kin_max_level``)."""
    if not settings.kin_fields or not settings.correlated_groups:
        return None
    given, family = settings.kin_fields
    if given not in names or family not in names:
        return None
    level = levels[:, names.index(given)]
    mask: npt.NDArray[np.bool_] = (level >= 1) & (level <= settings.kin_max_level)
    return mask


def _probabilities(table: RecordTable, model: MatchModel, left: Int32Array, right: Int32Array) -> FloatArray:
    """Probabilities of many pairs, scored in chunks (only the result is kept)."""
    out = np.empty(len(left))
    for i in range(0, len(left), _CHUNK):
        out[i : i + _CHUNK] = score_pairs(
            table, model, left[i : i + _CHUNK], right[i : i + _CHUNK]
        ).probability
    return out


def _score_codes(
    table: RecordTable, model: MatchModel, codes: npt.NDArray[np.int64], floor: float
) -> PairScores:
    """Score encoded candidate pairs chunk by chunk; keep only pairs with probability >= floor.

    At a million persons there are tens of millions of candidate pairs, nearly all clear
    non-matches: never holding their level matrices at once keeps the memory small.
    """
    parts: list[PairScores] = []
    for i in range(0, len(codes), _CHUNK):
        left, right = decode_pairs(codes[i : i + _CHUNK])
        scores = score_pairs(table, model, left, right)
        keep = scores.probability >= floor
        parts.append(
            PairScores(
                left[keep],
                right[keep],
                scores.levels[keep],
                scores.swapped[keep],
                scores.bits[keep],
                scores.probability[keep],
            )
        )
    if not parts:
        empty = np.empty(0, dtype=np.int32)
        n_fields = len(model.settings.comparisons)
        return PairScores(
            empty, empty, np.empty((0, n_fields), np.int8), np.empty(0, bool), np.empty(0), np.empty(0)
        )
    return PairScores(
        np.concatenate([p.left for p in parts]),
        np.concatenate([p.right for p in parts]),
        np.concatenate([p.levels for p in parts]),
        np.concatenate([p.swapped for p in parts]),
        np.concatenate([p.bits for p in parts]),
        np.concatenate([p.probability for p in parts]),
    )


def _tf_bits(
    table: RecordTable,
    model: MatchModel,
    k: int,
    levels: npt.NDArray[np.int8],
    left: Int32Array,
    right: Int32Array,
) -> FloatArray:
    """Term-frequency bits: agreeing on a rare value is stronger evidence than on a common one.

    Fuzzy levels use the commoner of the two values (Smith ~ Smyth is weak, Featherstonehaugh ~
    Featherstonhaugh strong).
    """
    spec = model.settings.comparisons[k]
    out = np.zeros(len(levels))
    applies = levels >= spec.tf_from_level
    if not applies.any():
        return out
    frequencies = _tf_frequencies(table, model, spec.name)
    codes = table.codes[spec.name]
    worst = np.maximum(frequencies[codes[left[applies]]], frequencies[codes[right[applies]]])
    adjustment = model.tf_adjustment(k, worst)
    # Below exact agreement both values may be rare only because one is a typo: a fuzzy
    # match on a common value is weakened, but a rare-looking one is not strengthened.
    fuzzy = levels[applies] < spec.n_levels - 1
    out[applies] = np.where(fuzzy, np.minimum(adjustment, 0.0), adjustment)
    return out


def pair_reasons(table: RecordTable, scores: PairScores, model: MatchModel, index: int) -> list[Reason]:
    a, b = int(scores.left[index]), int(scores.right[index])
    return explain_levels(
        model,
        table.record(a),
        table.record(b),
        scores.levels[index],
        bool(scores.swapped[index]),
    )


def term_frequencies(
    table: RecordTable, settings: LinkageSettings
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Relative frequency of each value among known values, for the tf-adjusted comparisons."""
    tables: dict[str, dict[str, float]] = {}
    floors: dict[str, float] = {}
    for spec in settings.comparisons:
        if not spec.tf_adjust:
            continue
        codes = table.codes[spec.name]
        counts = np.bincount(codes, minlength=len(table.vocab[spec.name]))
        counts[0] = 0
        total = max(1, int(counts.sum()))
        present = np.flatnonzero(counts)
        vocab = table.vocab[spec.name]
        tables[spec.name] = {vocab[i]: float(counts[i]) / total for i in present.tolist()}
        floors[spec.name] = 1.0 / total
    return tables, floors


def train_model(
    records: Sequence[PreparedRecord] | None,
    table: RecordTable,
    settings: LinkageSettings,
    keys: KeyTable | None = None,
) -> MatchModel:
    """Unsupervised training on the input itself: u from random pairs, m by EM sessions.

    ``records`` is only read to build ``keys`` when none are given (else the table's records).
    """
    if keys is None:
        source = records if records is not None else (table.record(i) for i in range(len(table)))
        keys = KeyTable.build(source, settings.blocking.rules)
    model = prior_model(settings)
    model.tf, model.tf_floor = term_frequencies(table, settings)
    if len(table) < 2:
        return model
    model.u = _random_pair_u(table, settings)
    model.u_random = [u.copy() for u in model.u]
    names = [spec.name for spec in settings.comparisons]
    estimates: list[list[FloatArray]] = [[] for _ in names]
    session_rates: list[tuple[int, float]] = []
    rng = np.random.default_rng(settings.seed)
    for rule, held in settings.training_sessions:
        # Only small blocks train: a big "same full name" block at a million persons is mostly
        # namesakes, and EM would learn "same name" instead of "same person" from it.
        left, right, _ = keys.pairs(
            [rule],
            min(settings.blocking.max_block_size, settings.em_max_block_size),
            dict(settings.blocking.rule_caps),
        )
        if len(left) == 0:
            continue
        n_pairs = len(left)
        if n_pairs > settings.em_max_pairs:
            # EM needs a good sample, not every pair: this bounds training time at 1M persons.
            chosen = np.sort(rng.choice(n_pairs, settings.em_max_pairs, replace=False))
            left, right = left[chosen], right[chosen]
        held_out = {names.index(h) for h in held if h in names}
        levels, _ = compute_levels(table, settings, left, right)
        fitted, rate = expectation_maximisation(levels, model, held_out, settings.em_iterations)
        for k in range(len(names)):
            if k not in held_out:
                estimates[k].append(fitted[k])
        session_rates.append((n_pairs, rate))
    model.m = [np.mean(e, axis=0) if e else m for e, m in zip(estimates, model.m, strict=True)]
    model.match_rate = _overall_match_rate(table, settings, model, session_rates)
    model.u = _without_matches(model.u, model.m, model.match_rate)
    return model


def _without_matches(u: list[FloatArray], m: list[FloatArray], rate: float) -> list[FloatArray]:
    """u of non-matches: random pairs include a share ``rate`` of matches, distributed like m.

    In a small file full of duplicates that share is large enough to swamp the coincidence rate
    of a precise field (two random people rarely share a date of birth; two records of one
    person usually do), which would make an exact agreement look far weaker than it is.
    """
    out = []
    for observed, matched in zip(u, m, strict=True):
        corrected = observed[1:] - rate * matched[1:]
        # Never remove more than most of a level: its estimate is noisy.
        corrected = np.maximum(corrected, observed[1:] * 0.05)
        out.append(np.concatenate(([1.0], corrected / corrected.sum())))
    return out


def _random_pair_u(table: RecordTable, settings: LinkageSettings) -> list[FloatArray]:
    rng = np.random.default_rng(settings.seed)
    count = min(settings.random_pairs, len(table) * (len(table) - 1) // 2)
    a = rng.integers(0, len(table), count).astype(np.int32)
    b = rng.integers(0, len(table), count).astype(np.int32)
    keep = a != b
    levels, _ = compute_levels(table, settings, a[keep], b[keep])
    return estimate_u(levels, settings.comparisons, settings.em_prior_strength)


def _overall_match_rate(
    table: RecordTable, settings: LinkageSettings, model: MatchModel, session_rates: list[tuple[int, float]]
) -> float:
    """Probability that two random records match, from the first session.

    matches found by "same <field>" / P(a match agrees exactly on <field>), where the latter
    is m(exact) learned by the other sessions times the chance both records know the field.
    """
    if not session_rates or not settings.training_sessions[0][1]:
        return settings.prior_match_rate
    n_pairs, rate = session_rates[0]
    field_name = settings.training_sessions[0][1][0]
    k = [spec.name for spec in settings.comparisons].index(field_name)
    known = float(np.count_nonzero(table.codes[field_name])) / len(table)
    recall = float(model.m[k][-1]) * known * known
    total_pairs = len(table) * (len(table) - 1) / 2
    matches = n_pairs * rate / max(recall, 1e-3)
    return float(np.clip(matches / total_pairs, 1e-9, 0.5))


def fit_model(records: Sequence[PreparedRecord], settings: LinkageSettings | None = None) -> MatchModel:
    """Train a model on a population (e.g. the whole person table) for report-time scoring.

    Store it with ``model.to_json()`` and load it with ``MatchModel.from_json``.
    """
    settings = settings or default_settings()
    table, keys = build_batch(records, settings)
    return train_model(None, table, settings, keys)


def link_records(
    records: Sequence[PreparedRecord],
    settings: LinkageSettings | None = None,
    model: MatchModel | None = None,
) -> LinkageResult:
    """Deduplicate a batch: returns a cluster label per record (same label = same person).

    ``result.pairs`` holds the scored candidate pairs with probability >= ``keep_threshold``.
    A large batch is better streamed: ``build_batch`` then ``link_table``.
    """
    settings = settings or (model.settings if model else default_settings())
    start = time.perf_counter()
    table, keys = build_batch(records, settings)
    built = time.perf_counter() - start
    result = link_table(table, keys, settings, model)
    result.stats["blocking_s"] += built
    result.stats["total_s"] += built
    return result


def build_batch(
    records: Iterable[PreparedRecord], settings: LinkageSettings | None = None
) -> tuple[RecordTable, KeyTable]:
    """Columnar table and blocking keys of records, read one at a time (no list is kept)."""
    settings = settings or default_settings()
    rows, keys = TableBuilder(), KeyTableBuilder(settings.blocking.rules)
    for record in records:
        rows.add(record)
        keys.add(record)
    return rows.build(), keys.build()


def link_table(
    table: RecordTable,
    keys: KeyTable,
    settings: LinkageSettings | None = None,
    model: MatchModel | None = None,
) -> LinkageResult:
    """``link_records`` over a built table and its blocking keys (see ``build_batch``).

    ``keys`` must hold the keys of ``settings.blocking.rules``; it is consumed: its arrays are
    released once candidate pairs are found and the model is trained, before scoring.
    """
    settings = settings or (model.settings if model else default_settings())
    timings: dict[str, float] = {}
    start = time.perf_counter()
    codes, skipped = _all_or_blocked_pairs(keys, len(table), settings)
    timings["blocking_s"] = time.perf_counter() - start
    _log.info("blocking: %d candidate pairs of %d records", len(codes), len(table))
    if model is None:
        model = train_model(None, table, settings, keys)
    else:
        model.tf, model.tf_floor = term_frequencies(table, settings)
    keys.release()
    timings["training_s"] = time.perf_counter() - start - timings["blocking_s"]
    _log.info("training: match rate %.3g", model.match_rate)
    scores = _score_codes(table, model, codes, min(settings.keep_threshold, settings.cluster_threshold))
    n_candidates = len(codes)
    del codes
    timings["scoring_s"] = time.perf_counter() - start - timings["blocking_s"] - timings["training_s"]
    _log.info("scoring: %d pairs kept", len(scores.left))

    def rescore(left: Int32Array, right: Int32Array) -> FloatArray:
        return _probabilities(table, model, left, right)

    labels = cluster_pairs(
        len(table),
        scores.left,
        scores.right,
        scores.probability,
        threshold=settings.cluster_threshold,
        conflict_threshold=settings.conflict_threshold,
        coherence_threshold=settings.coherence_threshold,
        atom_threshold=settings.atom_threshold,
        rescore=rescore,
    )
    total = time.perf_counter() - start
    timings.update(
        clustering_s=total - sum(timings.values()),
        total_s=total,
        pairs=float(n_candidates),
        kept_pairs=float(len(scores.left)),
        skipped_keys=float(skipped),
        match_rate=model.match_rate,
    )
    _log.info("clustering: %d clusters", np.count_nonzero(np.bincount(labels)) if len(labels) else 0)
    return LinkageResult(list(table.ids), labels, scores, model, timings)


def _all_or_blocked_pairs(
    keys: KeyTable, n: int, settings: LinkageSettings
) -> tuple[npt.NDArray[np.int64], int]:
    """Candidate pairs as sorted codes ``(i << 32) | j``.

    Blocking is only a speed device: a file small enough is compared exhaustively.
    """
    if n * (n - 1) // 2 <= settings.blocking.exhaustive_max_pairs:
        i, j = np.triu_indices(n, k=1)
        return (i.astype(np.int64) << 32) | j.astype(np.int64), 0
    blocking = settings.blocking
    return keys.pair_codes(blocking.rules, blocking.max_block_size, dict(blocking.rule_caps))
