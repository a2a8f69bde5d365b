from __future__ import annotations

import random

import numpy as np

from misper.matching.compare import compare_dob, compare_name, dob_digits, dob_levels
from misper.matching.settings import default_settings


def test_dob_levels() -> None:
    assert compare_dob("19710624", "19710624") == 7
    assert compare_dob("19710605", "19710506") == 6  # day and month transposed
    assert compare_dob("19710624", "19720624") == 5  # one digit
    assert compare_dob("19710624", "19170624") == 5  # adjacent digits swapped
    assert compare_dob("19710624", "19820624") == 4  # two digits
    assert (
        compare_dob(
            "19710624",
            "",
        )
        == 0
    )


def test_vectorised_dob_agrees_with_scalar() -> None:
    rng = random.Random(1)
    vocab = [""] + [
        f"{rng.randint(1900, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" for _ in range(60)
    ]
    for value in list(vocab[1:30]):
        i = rng.randrange(8)
        vocab += [value[:i] + str(rng.randint(0, 9)) + value[i + 1 :], value[:4] + value[6:] + value[4:6]]
    left = np.repeat(np.arange(len(vocab), dtype=np.int32), len(vocab))
    right = np.tile(np.arange(len(vocab), dtype=np.int32), len(vocab))
    fast = dob_levels(dob_digits(vocab), left, right)
    slow = [compare_dob(vocab[a], vocab[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)]
    assert fast.tolist() == slow


def test_name_levels() -> None:
    given = default_settings().spec("given_name")
    family = default_settings().spec("family_name")
    assert compare_name("jon", "jonathan", given) == 7  # nickname variant
    assert compare_name("smith", "smyth", family) == 6
    assert compare_name("smith jones", "jones", family) == 7  # double-barrelled
    assert compare_name("smith", "", family) == 0
    assert compare_name("smith", "patel", family) == 1
