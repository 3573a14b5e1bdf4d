"""The KANO model (document 003): each answer pair (functional, dysfunctional) falls in a
cell of the standard 5×5 evaluation table; an item's category is its most frequent one.

Answers are coded 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Kano(StrEnum):
    """The six KANO categories, with their names for people."""

    A = "A"
    O = "O"  # noqa: E741 - the model's own letter
    M = "M"
    I = "I"  # noqa: E741 - the model's own letter
    R = "R"
    Q = "Q"

    @property
    def zh(self) -> str:
        return _NAMES[self][0]

    @property
    def en(self) -> str:
        return _NAMES[self][1]


_NAMES = {
    Kano.A: ("魅力质量", "attractive"),
    Kano.O: ("期望质量", "one-dimensional"),
    Kano.M: ("必备质量", "must-be"),
    Kano.I: ("无差异质量", "indifferent"),
    Kano.R: ("反向质量", "reverse"),
    Kano.Q: ("可疑结果", "questionable"),
}
TIE_ORDER = (Kano.M, Kano.O, Kano.A, Kano.I, Kano.R, Kano.Q)
"""Which category wins a tie of counts: the first of these."""
_A, _O, _M, _I, _R, _Q = Kano.A, Kano.O, Kano.M, Kano.I, Kano.R, Kano.Q
TABLE: tuple[tuple[Kano, ...], ...] = (
    (_Q, _A, _A, _A, _O),
    (_R, _I, _I, _I, _M),
    (_R, _I, _I, _I, _M),
    (_R, _I, _I, _I, _M),
    (_R, _R, _R, _R, _Q),
)
"""Row: the functional answer (1–5); column: the dysfunctional answer (1–5)."""
FONG_Z = 1.65
"""Fong's critical value (one-sided, 5 %)."""


def evaluate(functional: int, dysfunctional: int) -> Kano:
    """The category of one answer pair.

    >>> evaluate(1, 5), evaluate(3, 5), evaluate(5, 1)
    (<Kano.O: 'O'>, <Kano.M: 'M'>, <Kano.R: 'R'>)
    """
    if not (1 <= functional <= 5 and 1 <= dysfunctional <= 5):
        raise ValueError(f"KANO answers are 1-5, not ({functional}, {dysfunctional})")
    return TABLE[functional - 1][dysfunctional - 1]


@dataclass(frozen=True)
class KanoResult:
    """One item's KANO figures: the count of each category, the answers, the winning
    category (None without answers), Better and Worse (None when no A, O, M or I answer)
    and whether Fong's test finds the two leading categories indistinguishable."""

    counts: dict[str, int]
    n: int
    category: Kano | None
    better: float | None
    worse: float | None
    mixed: bool


def category_of(counts: Mapping[Kano, int]) -> Kano | None:
    """The most frequent category, ties broken M > O > A > I > R > Q.

    >>> category_of({Kano.A: 3, Kano.M: 3, Kano.I: 1})
    <Kano.M: 'M'>
    """
    top = max((counts.get(k, 0) for k in Kano), default=0)
    if top == 0:
        return None
    return next(k for k in TIE_ORDER if counts.get(k, 0) == top)


def better_worse(counts: Mapping[Kano, int]) -> tuple[float | None, float | None]:
    """Better (A+O)/(A+O+M+I) and Worse −(O+M)/(A+O+M+I); None for both when A+O+M+I is 0.

    >>> better_worse({Kano.A: 2, Kano.O: 1, Kano.M: 1})
    (0.75, -0.5)
    """
    a, o, m, i = (counts.get(k, 0) for k in (Kano.A, Kano.O, Kano.M, Kano.I))
    total = a + o + m + i
    if total == 0:
        return None, None
    return (a + o) / total, -(o + m) / total if o + m else 0.0


def fong_mixed(counts: Mapping[Kano, int]) -> bool:
    """Fong's test: with a, b the two largest counts and N all answers, the item is mixed
    when |a − b| < 1.65·√((a+b)(2N−a−b)/(2N)).

    >>> fong_mixed({Kano.A: 10, Kano.O: 9, Kano.I: 1}), fong_mixed({Kano.M: 20, Kano.I: 2})
    (True, False)
    """
    n = sum(counts.values())
    if n == 0:
        return False
    a, b = sorted((counts.get(k, 0) for k in Kano), reverse=True)[:2]
    return abs(a - b) < FONG_Z * math.sqrt((a + b) * (2 * n - a - b) / (2 * n))


def classify(pairs: Iterable[tuple[int, int]]) -> KanoResult:
    """The KANO figures of one item from its (functional, dysfunctional) answer pairs.

    >>> r = classify([(1, 5), (1, 5), (3, 5), (1, 3)])
    >>> r.category, r.counts["O"], r.better, r.worse
    (<Kano.O: 'O'>, 2, 0.75, -0.75)
    """
    counts = Counter(evaluate(f, d) for f, d in pairs)
    better, worse = better_worse(counts)
    return KanoResult(
        {k.value: counts.get(k, 0) for k in Kano},
        sum(counts.values()),
        category_of(counts),
        better,
        worse,
        fong_mixed(counts),
    )
