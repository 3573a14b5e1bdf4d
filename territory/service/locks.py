"""The locks a rebalance honours: those stored with the current plan, plus the new ones, less
those lifted; as unit → district and district → unit over the current areas."""

from __future__ import annotations

from collections.abc import Sequence

from graph.errors import InvalidInput, NotFound
from territory.service.plan_records import Locks
from territory.service.state import State


def locks_in_force(
    stored: Locks,
    state: State,
    lock_retailers: Sequence[str],
    lock_areas: Sequence[str],
    unlock: Sequence[str],
) -> Locks:
    """`stored` with `lock_retailers` and `lock_areas` added and `unlock` (retailer ids or
    area codes; an area's pin too) removed; stored locks on retailers or areas since gone
    lapse.

    Raises `NotFound` for an unknown retailer or area, `InvalidInput` for lifting a lock
    that is not in force."""
    ids, codes = set(state.units.ids), set(state.area) - {None}
    for rid in lock_retailers:
        if rid not in ids:
            raise NotFound(f"retailer {rid} not found")
    for code in lock_areas:
        if code not in codes:
            raise NotFound(f"area {code} not found")
    retailers = [r for r in dict.fromkeys([*stored.retailers, *lock_retailers]) if r in ids]
    areas = [a for a in dict.fromkeys([*stored.areas, *lock_areas]) if a in codes]
    pins = {a: r for a, r in stored.pins.items() if a in codes and r in ids}
    for key in unlock:
        if key not in retailers and key not in areas and key not in pins:
            raise InvalidInput(f"{key} is neither a locked retailer nor a locked or pinned area")
    lifted = set(unlock)
    return Locks(
        tuple(r for r in retailers if r not in lifted),
        tuple(a for a in areas if a not in lifted),
        {a: r for a, r in pins.items() if a not in lifted},
    )


def fixed_units(
    locks: Locks, state: State, codes: list[str]
) -> tuple[dict[int, int], dict[int, int]]:
    """The locks as unit → district and district → unit, district `d` being area `codes[d]`:
    each locked retailer and every retailer of a locked area stays where it is.

    Raises `InvalidInput` for a pinned centre outside its area."""
    index = {r: i for i, r in enumerate(state.units.ids)}
    locked = {index[r]: codes.index(str(state.area[index[r]])) for r in locks.retailers}
    for code in locks.areas:
        locked.update({i: codes.index(code) for i, a in enumerate(state.area) if a == code})
    pinned = {}
    for code, rid in locks.pins.items():
        if state.area[index[rid]] != code:
            raise InvalidInput(
                f"{rid}, the pinned centre of {code}, is in {state.area[index[rid]]}: "
                f"unpin it (--unlock {code}) or move it back"
            )
        pinned[codes.index(code)] = index[rid]
    return locked, pinned
