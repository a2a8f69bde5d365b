from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from misper.matching.compare import compare_dob, compare_name, compare_values, dob_digits, dob_levels
from misper.matching.normalise import parse_date
from misper.matching.settings import default_settings


def test_dob_levels() -> None:
    assert compare_dob("19710624", "19710624") == 8
    assert compare_dob("19710605", "19710506") == 7  # day and month transposed
    assert compare_dob("19710624", "19720624") == 6  # one digit
    assert compare_dob("19710624", "19170624") == 6  # adjacent digits swapped
    assert compare_dob("19710624", "19820624") == 5  # two digits
    assert compare_dob("19711230", "19720117") == 4  # within a month, across a year end
    assert compare_dob("19850624", "20130624") == 3  # same day and month
    assert compare_dob("19851015", "19860915") == 2  # within a year
    assert compare_dob("19850105", "19851230") == 2  # same year
    assert compare_dob("19810902", "19910829") == 1  # ten years out: brothers and sisters are too
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
        day = date(int(value[:4]), int(value[4:6]), int(value[6:])) + timedelta(days=rng.randint(-4000, 4000))
        vocab += [value[:i] + str(rng.randint(0, 9)) + value[i + 1 :], value[:4] + value[6:] + value[4:6]]
        vocab.append(day.strftime("%Y%m%d"))
    vocab = [""] + [v for v in vocab[1:] if parse_date(v) == (v, False)]  # as the engine sees them
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


def test_one_slip_in_a_long_email_is_similar() -> None:
    email = default_settings().spec("email")
    assert compare_values(email, "dmacdonald@rivers-glass.biz", "dracdonald@rivers-glass.biz") == 2
    assert compare_values(email, "amy.hart@example.org", "kyle.hart@example.org") == 1
