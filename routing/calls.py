"""Call lists for a zone-day: each agent phones their own retailers of the zone, at most 140
(DOMAIN.md §2); an agent over the limit hands the rest to the least busy agent of the same area,
else of the zone. Lists are ordered for the cut-offs (§3): the morning batch first (orders must
be in by 11:30), key accounts first within a batch, then area and retailer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CallItem:
    retailer: str
    agent: str
    area: str
    batch: str
    key_account: bool


def call_lists(
    items: Sequence[CallItem], *, per_agent: int = 140
) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """Agent → retailers in calling order, and the calls no agent had room for.

    >>> lists, left = call_lists([CallItem("r1", "a", "A1", "pm", False),
    ...                           CallItem("r2", "a", "A1", "am", False)], per_agent=1)
    >>> lists, left[0]["retailer"]
    ({'a': ['r2']}, 'r1')
    """

    def key(c: CallItem) -> tuple[bool, bool, str, str]:
        return (c.batch == "pm", not c.key_account, c.area, c.retailer)

    mine: dict[str, list[CallItem]] = defaultdict(list)
    for c in sorted(items, key=key):
        mine[c.agent].append(c)
    areas: dict[str, set[str]] = defaultdict(set)
    for c in items:
        areas[c.agent].add(c.area)
    spill = []
    for calls in mine.values():
        spill += calls[per_agent:]
        del calls[per_agent:]
    left = []
    for c in spill:
        room = [a for a in mine if len(mine[a]) < per_agent]
        same = [a for a in room if c.area in areas[a]]
        pick = min(same or room, key=lambda a: len(mine[a]), default=None)
        if pick is None:
            left.append(
                {
                    "retailer": c.retailer,
                    "agent": c.agent,
                    "reason": f"every agent of the zone has {per_agent} calls",
                }
            )
            continue
        mine[pick].append(c)
    return ({a: [c.retailer for c in sorted(cs, key=key)] for a, cs in sorted(mine.items())}, left)
