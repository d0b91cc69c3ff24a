"""A mean of whole-number scores, kept as its total and its count: the trends core's one number.

Pain and function are whole numbers 0-10, so every mean the trends show is a total over a count of days. A
Fraction would reduce both by their greatest common divisor on every construction and every sum, which was most
of the cost of three years of trends; the standard library has no rational that skips that step. A Mean never
reduces: two means are compared by cross-multiplying, and it turns into a float only for output.

Pure Python (no Django).
"""

import functools
from fractions import Fraction
from typing import Protocol


class Rational(Protocol):
    """Anything exact with a numerator and a positive denominator: int, Fraction, Mean."""

    @property
    def numerator(self) -> int: ...

    @property
    def denominator(self) -> int: ...


@functools.total_ordering
class Mean:
    """total / count, with count > 0. Equal and ordered as the rational it stands for, so Mean(42, 7) == 6."""

    __slots__ = ("total", "count", "two_places")

    def __init__(self, total: int, count: int) -> None:
        if count <= 0:
            raise ValueError("a mean needs at least one value")
        self.total = total
        self.count = count
        self.two_places = round(float(self), 2)

    @property
    def numerator(self) -> int:
        return self.total

    @property
    def denominator(self) -> int:
        return self.count

    def __float__(self) -> float:
        return self.total / self.count  # correctly rounded, as float(Fraction) is

    def fraction(self) -> Fraction:
        """The same value as a Fraction, for output that needs one."""
        return Fraction(self.total, self.count)

    def at_least(self, other: Rational, more: int = 0) -> bool:
        """self >= other + more, by cross-multiplying (both counts are positive)."""
        return self.total * other.denominator >= (other.numerator + more * other.denominator) * self.count

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mean | int | Fraction):
            return NotImplemented
        return self.total * other.denominator == other.numerator * self.count

    def __lt__(self, other: Rational) -> bool:
        if not isinstance(other, Mean | int | Fraction):
            return NotImplemented
        return self.total * other.denominator < other.numerator * self.count

    def __hash__(self) -> int:
        return hash(self.fraction())  # equal to the int or Fraction it equals, as == says

    def __repr__(self) -> str:
        return f"Mean({self.total}, {self.count})"


@functools.lru_cache(maxsize=4096)
def mean_of(total: int, count: int) -> Mean:
    """The Mean of `count` scores adding up to `total`, made once: a week of scores 0-10 has a few hundred
    (total, count) pairs, and three years of days use them again and again."""
    return Mean(total, count)
