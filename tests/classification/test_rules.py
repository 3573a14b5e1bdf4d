"""The class rules of DOMAIN.md §6: boundaries, tables and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classification.params import ClassParams
from classification.rules import (
    category_code,
    classify_grade,
    classify_lifecycle,
    classify_quadrant,
    classify_tier,
    tier_of,
)

BOUNDS = ClassParams().tier_upper_bounds


@pytest.mark.parametrize(
    "cases, tier",
    [
        (0, 8),
        (1, 8),
        (1.01, 7),
        (2, 7),
        (2.01, 6),
        (4, 6),
        (4.01, 5),
        (7, 5),
        (7.01, 4),
        (10, 4),
        (10.01, 3),
        (14, 3),
        (14.01, 2),
        (20, 2),
        (20.01, 1),
        (250, 1),
    ],
)
def test_tier_bands_have_inclusive_upper_bounds(cases: float, tier: int) -> None:
    assert tier_of(cases, BOUNDS) == tier


@given(st.floats(0, 500), st.floats(0, 500))
def test_tier_never_rises_when_volume_falls(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert tier_of(low, BOUNDS) >= tier_of(high, BOUNDS)


def test_float_noise_in_an_average_does_not_cross_a_tier_bound() -> None:
    average = (1.1 + 3.2 + 1.7) / 3  # 2.0000000000000004
    assert classify_tier(average, ClassParams(), "x").value == 7


def test_tier_explanation_names_the_average_window_and_band() -> None:
    a = classify_tier(12.4, ClassParams(), "Aug–Oct 2026")
    assert a.value == 3
    assert a.text == "tier 3: 12.40 cases a month on average over Aug–Oct 2026, band (10, 14]"
    assert classify_tier(0.5, ClassParams(), "x").text.endswith("band ≤ 1")
    assert classify_tier(30, ClassParams(), "x").text.endswith("band > 20")


@pytest.mark.parametrize(
    "market, fmt, scale, code",
    [
        ("C", "Z", "L", "CZ1"),
        ("C", "Z", "XL", "CZ1"),
        ("X", "Q", "S", "XQ3"),
        ("C", "N", "M", "CN2"),
        ("X", "Y", "L", "XY1"),
    ],
)
def test_category_code_is_market_format_scale(market: str, fmt: str, scale: str, code: str) -> None:
    assert category_code(market, fmt, scale).value == code


@pytest.mark.parametrize(
    "scale, price, grade",
    [
        ("L", 300, 1),
        ("L", 200, 2),
        ("L", 100, 3),
        ("M", 250, 4),
        ("M", 180, 5),
        ("M", 179.99, 6),
        ("S", 260, 7),
        ("S", 190, 8),
        ("S", 90, 9),
        ("XL", 90, 10),
        ("XL", 400, 10),
    ],
)
def test_grade_is_scale_times_structure(scale: str, price: float, grade: int) -> None:
    assert classify_grade(scale, price, ClassParams()).value == grade


def test_grade_thresholds_are_configurable() -> None:
    params = ClassParams(structure_high_price=400, structure_mid_price=300)
    assert classify_grade("L", 350, params).value == 2


@pytest.mark.parametrize(
    "ordered, stage",
    [
        ([], "potential"),
        (["2026-01", "2026-02"], "lost"),
        (["2026-09", "2026-10"], "new"),
        (["2025-11", "2026-05", "2026-10"], "established"),
    ],
)
def test_lifecycle_stages(ordered: list[str], stage: str) -> None:
    window = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
    assert classify_lifecycle(ordered, window, ClassParams()).value == stage


@pytest.mark.parametrize(
    "volume, loyalty, name",
    [
        (5, 0.9, "most valuable"),
        (5, 0.5, "most dangerous"),
        (1, 0.9, "rising star"),
        (1, 0.5, "weed out"),
    ],
)
def test_quadrants_carry_their_treatment(volume: float, loyalty: float, name: str) -> None:
    a = classify_quadrant(volume, loyalty, 3.0, 0.8)
    assert a.value == name and a.inputs["treatment"] in a.text


def test_parameters_refuse_bad_values(tmp_path: object) -> None:
    from graph.errors import InvalidInput

    with pytest.raises(InvalidInput):
        ClassParams(tier_upper_bounds=(1, 2, 3))
    with pytest.raises(InvalidInput):
        ClassParams(structure_mid_price=300, structure_high_price=200)
