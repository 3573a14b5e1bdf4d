"""What a change of the assignment does: the retailers that change area and each area's
figures before and after."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from territory.design_params import MEASURES
from territory.service.measures import Figures


@dataclass(frozen=True)
class RetailerMove:
    """A retailer that changes area (`from_`: serialised as "from"; None: in no area)."""

    retailer: str
    name: str
    from_: Annotated[str | None, Field(alias="from")]
    to: str | None


@dataclass(frozen=True)
class AreaChange:
    """An area's customers, workload and volume before and after, and its deviation from
    the city mean per measure before and after (0.1 = 10% above)."""

    code: str
    customers_before: float
    customers_after: float
    workload_before: float
    workload_after: float
    volume_before: float
    volume_after: float
    deviation_before: dict[str, float]
    deviation_after: dict[str, float]


def retailer_moves(
    ids: Sequence[str],
    names: Sequence[str],
    before: Sequence[str | None],
    after: Sequence[str | None],
) -> tuple[RetailerMove, ...]:
    """The retailers whose area differs between `before` and `after`, in the order given.

    >>> [m.retailer for m in retailer_moves(["r1", "r2"], ["a", "b"], ["A", "B"], ["A", "A"])]
    ['r2']
    """
    return tuple(
        RetailerMove(u, n, a, b) for u, n, a, b in zip(ids, names, before, after) if a != b
    )


def area_changes(before: Figures, after: Figures, codes: Iterable[str]) -> tuple[AreaChange, ...]:
    """The figures of the areas `codes` before and after (an area without retailers has
    totals of 0 and no deviation)."""
    empty = dict.fromkeys(MEASURES, 0.0)
    out = []
    for code in sorted(set(codes)):
        was, now = before.totals.get(code, empty), after.totals.get(code, empty)
        out.append(
            AreaChange(
                code,
                was["customers"],
                now["customers"],
                was["workload"],
                now["workload"],
                was["volume"],
                now["volume"],
                before.deviation.get(code, {}),
                after.deviation.get(code, {}),
            )
        )
    return tuple(out)
