"""The numpy postcode comparison agrees with the scalar one on every pair."""

from __future__ import annotations

import random

import numpy as np

from misper.matching.compare import compare_postcode, postcode_features, postcode_levels
from misper.matching.normalise import normalise_postcode

TRICKY = [
    "SW1A 2AA",
    "SW1A 2AB",
    "SW1A 2BA",
    "SW1A 3AA",
    "SW1B 2AA",
    "SW1 2AA",
    "SW12 2AA",
    "SW1A2AA",
    "WS1A 2AA",
    "S1 4GH",
    "S14GH",
    "S1 4HG",
    "S 1",
    "S",
    "SW",
    "DE1 2AB",
    "DE12 AB",
    "DE1 2ABC",
    "DE1 2A",
    "DE11 2AB",
    "DE1 21AB",
    "ÉE1 2AB",
    "EE1 2AB",
]


def _check(vocab: list[str]) -> None:
    n = len(vocab)
    left = np.repeat(np.arange(n, dtype=np.int32), n)
    right = np.tile(np.arange(n, dtype=np.int32), n)
    got = postcode_levels(postcode_features(vocab), left, right)
    expected = [
        compare_postcode(vocab[a], vocab[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)
    ]
    assert got.tolist() == expected


def test_postcode_levels_agree_with_compare_postcode_on_tricky_codes() -> None:
    _check(["", *TRICKY])


def test_postcode_levels_agree_with_compare_postcode_on_typos() -> None:
    rng = random.Random(5)
    vocab = [""]
    for _ in range(120):
        area, district, sector = rng.choice(["DE", "NG", "S", "SW"]), rng.randint(1, 12), rng.randint(0, 9)
        code = f"{area}{district} {sector}{rng.choice('ABD')}{rng.choice('LN')}"
        vocab.append(code)
        for _ in range(2):  # typed slips: a substitution, a swap, a lost or an extra character
            chars = list(code)
            at = rng.randrange(len(chars) - 1)
            kind = rng.randrange(4)
            if kind == 0:
                chars[at] = rng.choice("ABDLN0123456789")
            elif kind == 1:
                chars[at], chars[at + 1] = chars[at + 1], chars[at]
            elif kind == 2:
                del chars[at]
            else:
                chars.insert(at, rng.choice("ABDLN0123456789"))
            vocab.append(normalise_postcode("".join(chars)))
    _check(list(dict.fromkeys(vocab)))
