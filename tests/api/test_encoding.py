"""The fast encoder gives exactly the JSON of the generic walk, whatever the result type."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import numpy as np
from pydantic import Field

from api.encoding import _adapter, _declared, encode
from graph.serialise import to_data


class Colour(StrEnum):
    RED = "red"


@dataclass(frozen=True)
class Leaf:
    class_: Annotated[str, Field(alias="class")]
    at: date
    colour: Colour
    share: float


@dataclass(frozen=True)
class Tree:
    leaves: tuple[Leaf, ...]
    by_area: dict[str, int]
    note: str | None


@dataclass(frozen=True)
class Loose:
    result: Any
    tags: frozenset[str]


def _same(value: object) -> None:
    assert json.loads(encode(value)) == to_data(value)


def test_a_precisely_typed_result_takes_the_fast_path_and_matches_the_walk() -> None:
    tree = Tree((Leaf("T1", date(2026, 12, 3), Colour.RED, math.nan),), {"A01": 3}, None)
    assert _adapter(Tree) is not None
    _same(tree)
    assert b'"class":"T1"' in encode(tree) and b'"share":null' in encode(tree)


def test_loosely_typed_results_and_stray_values_fall_back_to_the_walk() -> None:
    assert _adapter(Loose) is None
    _same(Loose(Leaf("x", date(2026, 1, 1), Colour.RED, 1.0), frozenset({"b", "a"})))
    _same(Tree((), {"A01": np.int64(3)}, "n"))  # type: ignore[dict-item]


def test_a_sequence_of_one_precise_dataclass_takes_the_fast_path_and_matches_the_walk() -> None:
    leaves = [Leaf(f"T{i}", date(2026, 12, 3), Colour.RED, i / 3) for i in range(3)]
    assert _adapter(_declared(tuple(leaves))) is not None
    assert _adapter(_declared(leaves)) is not None
    for value in (tuple(leaves), leaves, (), [leaves[0], Tree((), {}, None)], [1, 2]):
        _same(value)
    assert _declared([leaves[0], Tree((), {}, None)]) is None and _declared([]) is None
    assert b'"class":"T0"' in encode(tuple(leaves))
