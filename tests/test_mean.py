"""The trends core's Mean (diary.rules.mean): whole numbers compared by cross-multiplying, checked against Fraction."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.rules.mean import Mean, mean_of

# A mean of up to a few years of 0-10 scores, and one of them negative (a difference can be).
means = st.builds(Mean, st.integers(-50, 11_000), st.integers(1, 1_100))


@given(means, means, st.integers(-3, 3))
def test_at_least_is_the_fractions_comparison(a, b, more):
    assert a.at_least(b, more) == (a.fraction() >= b.fraction() + more)
    assert a.at_least(b.total // b.count, more) == (a.fraction() >= b.total // b.count + more)


@given(means, means)
def test_equal_and_ordered_as_the_fractions_are(a, b):
    x, y = a.fraction(), b.fraction()
    assert (a == b, a < b, a <= b, a > b, a >= b) == (x == y, x < y, x <= y, x > y, x >= y)
    assert (a == y, a < y, a > y) == (x == y, x < y, x > y)
    assert (a == b) <= (hash(a) == hash(b))


@given(means)
def test_as_a_float_it_is_the_fractions_float(a):
    assert float(a) == float(a.fraction())
    assert a.two_places == round(float(a.fraction()), 2)


def test_a_mean_is_never_reduced_but_equals_what_it_stands_for():
    assert (mean_of(42, 7).total, mean_of(42, 7).count) == (42, 7)
    assert mean_of(42, 7) == 6 == Mean(6, 1) and Mean(10, 4) == Fraction(5, 2) and Mean(10, 3) < Fraction(10, 3) + 1
    assert mean_of(42, 7) is mean_of(42, 7)
    assert Mean(20, 7) != "2.86"


def test_a_mean_of_nothing_is_refused():
    with pytest.raises(ValueError):
        Mean(0, 0)
