"""The before-and-after tests give the textbook answers."""

from __future__ import annotations

import pytest

from misper.analytics import stats


def test_a_seven_point_rise_on_a_thousand_cases_each_is_significant():
    r = stats.two_proportions(700, 1000, 770, 1000)
    assert r.difference == pytest.approx(7.0)
    assert r.low == pytest.approx(3.1, abs=0.1) and r.high == pytest.approx(10.9, abs=0.1)
    assert r.p_value is not None and r.p_value < 0.001


def test_the_rank_test_from_histograms_matches_the_textbook_example():
    # Two groups with ties, as a list: [1, 2, 2, 3] against [2, 3, 4, 5]; U = 2.5 and p about 0.11.
    p = stats.mann_whitney({1: 1, 2: 2, 3: 1}, {2: 1, 3: 1, 4: 1, 5: 1})
    assert p == pytest.approx(0.11, abs=0.03)


def test_the_median_of_whole_minutes_is_rounded_down():
    assert stats.median_of_histogram({10: 1, 13: 1}) == 11
    assert stats.median_of_histogram({10: 2, 20: 1}) == 10
    assert stats.median_of_histogram({}) is None


def test_equal_rates_are_not_called_a_change():
    r = stats.poisson_rates(100, 10, 100, 10)
    assert r.difference == pytest.approx(0.0) and r.p_value == pytest.approx(1.0)
