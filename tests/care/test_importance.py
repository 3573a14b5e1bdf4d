"""Importance–satisfaction quadrants against a hand computation, and the tests of
differences between groups."""

from __future__ import annotations

import pytest

from care.importance import Quadrant, Rating, differences, importance_satisfaction


def _answers(item: str, pairs: list[tuple[int, int]]) -> list[Rating]:
    return [Rating(item, i, s) for i, s in pairs]


def test_quadrants_equal_a_hand_computation() -> None:
    """Four items, three answers each (importance, satisfaction):

    delivery  (5,2) (5,3) (4,2): importance 14/3 = 4.667, satisfaction 7/3 = 2.333
    ordering  (5,5) (4,4) (5,4): importance 14/3 = 4.667, satisfaction 13/3 = 4.333
    training  (2,2) (3,3) (2,3): importance  7/3 = 2.333, satisfaction  8/3 = 2.667
    courtesy  (2,5) (3,5) (2,4): importance  7/3 = 2.333, satisfaction 14/3 = 4.667

    Cut lines, the means over all 12 answers: importance 42/12 = 3.5, satisfaction 42/12 = 3.5.
    So delivery is under-service, ordering keep, training low priority, courtesy over-service.
    """
    ratings = (
        _answers("delivery", [(5, 2), (5, 3), (4, 2)])
        + _answers("ordering", [(5, 5), (4, 4), (5, 4)])
        + _answers("training", [(2, 2), (3, 3), (2, 3)])
        + _answers("courtesy", [(2, 5), (3, 5), (2, 4)])
    )
    result = importance_satisfaction(ratings)
    assert result.importance_cut == pytest.approx(3.5)
    assert result.satisfaction_cut == pytest.approx(3.5)
    assert result.n == 12
    got = {
        i.item: (round(i.importance, 3), round(i.satisfaction, 3), i.quadrant) for i in result.items
    }
    assert got == {
        "delivery": (4.667, 2.333, Quadrant.UNDER_SERVICE),
        "ordering": (4.667, 4.333, Quadrant.KEEP),
        "training": (2.333, 2.667, Quadrant.LOW_PRIORITY),
        "courtesy": (2.333, 4.667, Quadrant.OVER_SERVICE),
    }
    assert all(i.n == 3 for i in result.items)


def test_cut_lines_are_means_over_answers_not_over_items() -> None:
    # item a: 4 answers of importance 5; item b: 1 answer of importance 1
    ratings = _answers("a", [(5, 3)] * 4) + _answers("b", [(1, 3)])
    assert importance_satisfaction(ratings).importance_cut == pytest.approx(21 / 5)


def test_an_empty_group_has_no_items() -> None:
    assert importance_satisfaction([]).items == ()


def _group(kano: tuple[int, int], satisfactions: list[int]) -> list[Rating]:
    return [Rating("x", 4, s, *kano) for s in satisfactions]


def test_a_planted_difference_is_flagged() -> None:
    groups = {
        "core": _group((1, 5), [4, 5, 5, 4, 5] * 8),  # one-dimensional, satisfied
        "problem": _group((3, 3), [1, 2, 2, 1, 2] * 8),  # indifferent, dissatisfied
    }
    (d,) = differences(groups)
    assert d.groups == 2
    assert d.kano_p is not None and d.kano_p < 0.05 and d.kano_significant
    assert d.satisfaction_p is not None and d.satisfaction_p < 0.05
    assert d.satisfaction_significant


def test_identical_groups_are_not_flagged() -> None:
    pairs = [(1, 5), (3, 5), (3, 3), (1, 3)] * 10
    sats = [1, 2, 3, 4, 5] * 8
    same = [Rating("x", 4, s, f, d) for (f, d), s in zip(pairs, sats)]
    (d,) = differences({"a": same, "b": list(same), "c": list(same)})
    assert d.kano_p == pytest.approx(1.0) and not d.kano_significant
    assert d.satisfaction_p == pytest.approx(1.0) and not d.satisfaction_significant


def test_too_few_answers_are_not_tested() -> None:
    groups = {"a": _group((1, 5), [5]), "b": _group((3, 3), [1])}
    (d,) = differences(groups)
    assert d.kano_p is None and not d.kano_significant
