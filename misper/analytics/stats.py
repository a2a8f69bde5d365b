"""Before-and-after statistics with numpy and math only: each figure gets the test that fits it.

- shares: two-proportion z test, Wald interval for the difference;
- counts over time: comparison of two Poisson rates (per day), interval for the rate ratio;
- durations: Mann-Whitney U (normal approximation with tie correction) on whole-minute histograms,
  Welch interval for the difference of means.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

Z95 = 1.959963984540054


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class TestResult:
    difference: float | None
    low: float | None
    high: float | None
    p_value: float | None
    test: str


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Difference p2 - p1 in percentage points."""
    name = "two-proportion z test"
    if n1 == 0 or n2 == 0:
        return TestResult(None, None, None, None, name)
    p1, p2 = x1 / n1, x2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    pooled = (x1 + x2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p = normal_two_sided_p((p2 - p1) / se0) if se0 > 0 else 1.0
    d = 100 * (p2 - p1)
    return TestResult(d, d - 100 * Z95 * se, d + 100 * Z95 * se, p, name)


def poisson_rates(c1: int, days1: int, c2: int, days2: int) -> TestResult:
    """Change in episodes per day, as a percentage (rate ratio - 1), with the conditional test."""
    name = "comparison of two Poisson rates"
    if c1 == 0 or c2 == 0 or days1 <= 0 or days2 <= 0:
        return TestResult(None, None, None, None, name)
    log_ratio = math.log((c2 / days2) / (c1 / days1))
    se = math.sqrt(1 / c1 + 1 / c2)
    p = normal_two_sided_p(log_ratio / se)
    return TestResult(
        _percent_change(log_ratio),
        _percent_change(log_ratio - Z95 * se),
        _percent_change(log_ratio + Z95 * se),
        p,
        name,
    )


def _percent_change(log_ratio: float) -> float:
    return 100 * (math.exp(log_ratio) - 1)


def mann_whitney(h1: Mapping[int, int], h2: Mapping[int, int]) -> float | None:
    """Two-sided p of the rank-sum test from two histograms {value: count} (ties averaged)."""
    n1, n2 = sum(h1.values()), sum(h2.values())
    if n1 == 0 or n2 == 0:
        return None
    rank_sum, below, ties = 0.0, 0, 0.0
    for value in sorted(set(h1) | set(h2)):
        a, b = h1.get(value, 0), h2.get(value, 0)
        t = a + b
        rank_sum += a * (below + (t + 1) / 2)
        ties += t**3 - t
        below += t
    n = n1 + n2
    u1 = rank_sum - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))) if n > 1 else 0
    if var <= 0:
        return 1.0
    z = (abs(u1 - mean) - 0.5) / math.sqrt(var)
    return normal_two_sided_p(max(z, 0.0))


def welch_means(h1: Mapping[int, int], h2: Mapping[int, int]) -> TestResult:
    """Difference of means (2 - 1) with a Welch interval; p from the rank test (durations are skewed)."""
    name = "Mann-Whitney U test"
    m1, v1, n1 = _moments(h1)
    m2, v2, n2 = _moments(h2)
    p = mann_whitney(h1, h2)
    if n1 < 2 or n2 < 2:
        return TestResult(None, None, None, p, name)
    se = math.sqrt(v1 / n1 + v2 / n2)
    d = m2 - m1
    return TestResult(d, d - Z95 * se, d + Z95 * se, p, name)


def _moments(h: Mapping[int, int]) -> tuple[float, float, int]:
    n = sum(h.values())
    if n == 0:
        return 0.0, 0.0, 0
    mean = sum(v * c for v, c in h.items()) / n
    var = sum(c * (v - mean) ** 2 for v, c in h.items()) / (n - 1) if n > 1 else 0.0
    return mean, var, n


def median_of_histogram(h: Mapping[int, int]) -> int | None:
    """The median of whole minutes, rounded down (mean of the two middle values when even)."""
    n = sum(h.values())
    if n == 0:
        return None
    lower_at, upper_at = (n - 1) // 2, n // 2
    lower = upper = None
    seen = 0
    for value in sorted(h):
        seen += h[value]
        if lower is None and seen > lower_at:
            lower = value
        if seen > upper_at:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) // 2


def percentile_of_histogram(h: Mapping[int | float, int], share: float) -> float | None:
    """The smallest value with at least `share` of the observations at or below it."""
    n = sum(h.values())
    if n == 0:
        return None
    need, seen = share * n, 0
    for value in sorted(h):
        seen += h[value]
        if seen >= need:
            return value
    return max(h)


def pct(part: int, whole: int) -> float | None:
    """Share 0-100 with one decimal; None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


def verdict(p: float | None) -> str:
    if p is None:
        return "too few cases to test"
    if p < 0.01:
        return "is very unlikely to be chance"
    if p < 0.05:
        return "is unlikely to be chance"
    return "could well be chance"
