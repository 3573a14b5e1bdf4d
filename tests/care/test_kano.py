"""The KANO evaluation table, cell by cell, the tie order, Better/Worse and Fong's test."""

from __future__ import annotations

import math

import pytest

from care.kano import Kano, better_worse, category_of, classify, evaluate, fong_mixed

A, O, M, I, R, Q = Kano.A, Kano.O, Kano.M, Kano.I, Kano.R, Kano.Q  # noqa: E741
CELLS = [
    # functional 1 (like)
    (1, 1, Q), (1, 2, A), (1, 3, A), (1, 4, A), (1, 5, O),
    # functional 2 (must-be)
    (2, 1, R), (2, 2, I), (2, 3, I), (2, 4, I), (2, 5, M),
    # functional 3 (neutral)
    (3, 1, R), (3, 2, I), (3, 3, I), (3, 4, I), (3, 5, M),
    # functional 4 (live-with)
    (4, 1, R), (4, 2, I), (4, 3, I), (4, 4, I), (4, 5, M),
    # functional 5 (dislike)
    (5, 1, R), (5, 2, R), (5, 3, R), (5, 4, R), (5, 5, Q),
]  # fmt: skip


def test_the_table_has_25_cells() -> None:
    assert len({(f, d) for f, d, _ in CELLS}) == 25


@pytest.mark.parametrize(("functional", "dysfunctional", "category"), CELLS)
def test_each_cell_of_the_evaluation_table(
    functional: int, dysfunctional: int, category: Kano
) -> None:
    assert evaluate(functional, dysfunctional) is category


@pytest.mark.parametrize("pair", [(0, 3), (3, 6), (6, 1)])
def test_answers_outside_1_to_5_are_refused(pair: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        evaluate(*pair)


@pytest.mark.parametrize(
    ("winners", "expected"),
    [
        ((M, O, A, I, R, Q), M),
        ((O, A, I, R, Q), O),
        ((A, I, R, Q), A),
        ((I, R, Q), I),
        ((R, Q), R),
        ((Q,), Q),
    ],
)
def test_ties_go_m_o_a_i_r_q(winners: tuple[Kano, ...], expected: Kano) -> None:
    counts = {k: 4 for k in winners} | {k: 1 for k in Kano if k not in winners}
    assert category_of(counts) is expected


def test_the_most_frequent_category_wins_over_the_tie_order() -> None:
    assert category_of({M: 2, Q: 3}) is Q
    assert category_of({}) is None


def test_better_and_worse() -> None:
    # A 3, O 2, M 4, I 1 (R and Q stay out): Better 5/10, Worse -6/10
    assert better_worse({A: 3, O: 2, M: 4, I: 1, R: 7, Q: 2}) == (0.5, -0.6)
    assert better_worse({A: 2, I: 2}) == (0.5, 0.0)
    assert better_worse({R: 3, Q: 1}) == (None, None)


def test_fong_against_a_hand_computation() -> None:
    # a = 30 (M), b = 20 (O), N = 60: 1.65·√(50·70/120) = 1.65·√29.1667 = 8.911; |30-20| > it
    counts = {M: 30, O: 20, A: 6, I: 4}
    bound = 1.65 * math.sqrt(50 * 70 / 120)
    assert bound == pytest.approx(8.911, abs=1e-3)
    assert fong_mixed(counts) is False
    # a = 30, b = 24: 1.65·√(54·66/120) = 8.993 > 6: mixed
    assert fong_mixed({M: 30, O: 24, A: 6}) is True
    assert fong_mixed({}) is False


def test_classify_counts_and_figures() -> None:
    pairs = [(1, 5)] * 5 + [(3, 5)] * 5 + [(1, 3)] * 2 + [(5, 5)]
    r = classify(pairs)
    assert r.counts == {"A": 2, "O": 5, "M": 5, "I": 0, "R": 0, "Q": 1}
    assert r.n == 13
    assert r.category is M  # M and O tie at 5: M first
    assert r.better == pytest.approx(7 / 12)
    assert r.worse == pytest.approx(-10 / 12)
    assert r.mixed is True
