"""The importance–satisfaction (I-S) model (document 003): each item's mean importance and
satisfaction against cut lines at the group's grand means, and tests of whether groups
(classes, areas, formats) answer an item differently.

An item is high on an axis when its mean is at or above the cut line.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scipy.stats import chi2_contingency, kruskal

from care.kano import Kano, evaluate

TESTED = (Kano.A, Kano.O, Kano.M, Kano.I)
"""The categories whose distribution is compared between groups."""
ALPHA = 0.05
"""A difference between groups is flagged when its p-value is below this."""


class Quadrant(StrEnum):
    """Where an item lies against the cut lines, and what it asks of the team."""

    UNDER_SERVICE = "under_service"
    KEEP = "keep"
    LOW_PRIORITY = "low_priority"
    OVER_SERVICE = "over_service"

    @property
    def zh(self) -> str:
        return _LABELS[self][0]

    @property
    def en(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    Quadrant.UNDER_SERVICE: ("服务不足（重点改进）", "under-service (improve)"),
    Quadrant.KEEP: ("保持", "keep"),
    Quadrant.LOW_PRIORITY: ("次要", "low priority"),
    Quadrant.OVER_SERVICE: ("服务过剩", "over-service"),
}


@dataclass(frozen=True)
class Rating:
    """One answer of one item: importance and satisfaction (1–5), the KANO pair and who
    answered."""

    item: str
    importance: int
    satisfaction: int
    functional: int = 3
    dysfunctional: int = 3
    retailer: str = ""


@dataclass(frozen=True)
class ItemIS:
    item: str
    n: int
    importance: float
    satisfaction: float
    quadrant: Quadrant


@dataclass(frozen=True)
class ISResult:
    """A group's cut lines (the means over all its answers) and its items' positions."""

    importance_cut: float
    satisfaction_cut: float
    n: int
    items: tuple[ItemIS, ...]


def quadrant(importance: float, satisfaction: float, i_cut: float, s_cut: float) -> Quadrant:
    """The quadrant of a point against the cut lines.

    >>> quadrant(4.5, 3.0, 4.0, 3.5), quadrant(3.0, 4.0, 4.0, 3.5)
    (<Quadrant.UNDER_SERVICE: 'under_service'>, <Quadrant.OVER_SERVICE: 'over_service'>)
    """
    high_i, high_s = importance >= i_cut, satisfaction >= s_cut
    if high_i:
        return Quadrant.KEEP if high_s else Quadrant.UNDER_SERVICE
    return Quadrant.OVER_SERVICE if high_s else Quadrant.LOW_PRIORITY


def importance_satisfaction(ratings: Sequence[Rating]) -> ISResult:
    """Each item's means and quadrant, items in order of first appearance.

    >>> r = importance_satisfaction([Rating("a", 5, 2), Rating("b", 3, 4), Rating("b", 2, 5)])
    >>> r.importance_cut, r.satisfaction_cut, [i.quadrant.value for i in r.items]
    (3.3333333333333335, 3.6666666666666665, ['under_service', 'over_service'])
    """
    if not ratings:
        return ISResult(0.0, 0.0, 0, ())
    i_cut = sum(r.importance for r in ratings) / len(ratings)
    s_cut = sum(r.satisfaction for r in ratings) / len(ratings)
    by_item: dict[str, list[Rating]] = defaultdict(list)
    for r in ratings:
        by_item[r.item].append(r)
    items = []
    for item, rs in by_item.items():
        imp = sum(r.importance for r in rs) / len(rs)
        sat = sum(r.satisfaction for r in rs) / len(rs)
        items.append(ItemIS(item, len(rs), imp, sat, quadrant(imp, sat, i_cut, s_cut)))
    return ISResult(i_cut, s_cut, len(ratings), tuple(items))


@dataclass(frozen=True)
class Difference:
    """Whether groups answer an item differently: the distribution of the A, O, M and I
    categories by a chi-square test of homogeneity (None: not tested, too few answers for its
    expected counts) and satisfaction by Kruskal–Wallis (None: fewer than two groups, or
    every answer the same); each flagged when p < `ALPHA`."""

    item: str
    groups: int
    kano_p: float | None
    kano_significant: bool
    satisfaction_p: float | None
    satisfaction_significant: bool


def _expected_ok(table: list[list[int]]) -> bool:
    """Cochran's rule: no expected count below 1 and at most a fifth below 5."""
    rows = [sum(r) for r in table]
    cols: list[int] = [sum(c) for c in zip(*table)]
    total = sum(rows)
    expected = [r * c / total for r in rows for c in cols]
    return min(expected) >= 1 and 5 * sum(e < 5 for e in expected) <= len(expected)


def kano_p(groups: Iterable[Sequence[tuple[int, int]]]) -> float | None:
    """The chi-square p-value of the groups' counts of the A, O, M and I categories (reverse
    and questionable answers are too rare to test), or None when untestable.

    >>> same = [(1, 5)] * 10 + [(3, 5)] * 10 + [(5, 5)]
    >>> kano_p([same, same])
    1.0
    """
    table = []
    for pairs in groups:
        found = Counter(evaluate(f, d) for f, d in pairs)
        counts = [found[k] for k in TESTED]
        if sum(counts):
            table.append(counts)
    used = [c for c in range(len(TESTED)) if any(row[c] for row in table)]
    table = [[row[c] for c in used] for row in table]
    if len(table) < 2 or len(used) < 2 or not _expected_ok(table):
        return None
    return float(chi2_contingency(table, correction=False).pvalue)


def satisfaction_p(groups: Iterable[Sequence[int]]) -> float | None:
    """The Kruskal–Wallis p-value of the groups' satisfaction answers, or None.

    >>> round(satisfaction_p([[1, 2, 1, 2, 1], [5, 4, 5, 4, 5]]), 4)
    0.0071
    """
    samples = [list(g) for g in groups if len(g)]
    values = {v for s in samples for v in s}
    if len(samples) < 2 or len(values) < 2:
        return None
    return float(kruskal(*samples).pvalue)


def differences(by_group: Mapping[str, Sequence[Rating]]) -> tuple[Difference, ...]:
    """Per item, whether the groups differ (items in order of first appearance)."""
    items = list(dict.fromkeys(r.item for rs in by_group.values() for r in rs))
    out = []
    for item in items:
        per_group = [[r for r in rs if r.item == item] for rs in by_group.values()]
        per_group = [g for g in per_group if g]
        kp = kano_p([[(r.functional, r.dysfunctional) for r in g] for g in per_group])
        sp = satisfaction_p([[r.satisfaction for r in g] for g in per_group])
        out.append(
            Difference(
                item,
                len(per_group),
                kp,
                kp is not None and kp < ALPHA,
                sp,
                sp is not None and sp < ALPHA,
            )
        )
    return tuple(out)
