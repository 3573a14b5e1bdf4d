"""A survey wave's table: per item, overall and per group (class, area or format), the KANO
figures and the importance–satisfaction position, and which items the groups answer
differently."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from care.importance import Difference, Rating, differences, importance_satisfaction
from care.kano import Kano, classify
from care.survey_items import DEFAULT_ITEMS, ITEMS_BY_CODE

ORDER = {item.code: k for k, item in enumerate(DEFAULT_ITEMS)}


@dataclass(frozen=True)
class ItemResult:
    """One item in one group, with its names and its quadrant's names in Chinese and English."""

    item: str
    item_zh: str
    item_en: str
    role: str
    n: int
    counts: dict[str, int]
    category: Kano | None
    category_zh: str
    category_en: str
    better: float | None
    worse: float | None
    mixed: bool
    importance: float
    satisfaction: float
    quadrant: str
    quadrant_zh: str
    quadrant_en: str


@dataclass(frozen=True)
class GroupResult:
    """A group's items and its cut lines (the means over all the group's answers)."""

    group: str
    answers: int
    retailers: int
    importance_cut: float
    satisfaction_cut: float
    items: tuple[ItemResult, ...]


def _names(code: str) -> tuple[str, str, str]:
    item = ITEMS_BY_CODE.get(code)
    return (item.zh, item.en, item.role.value) if item else (code, code, "")


def group_result(group: str, ratings: Sequence[Rating]) -> GroupResult:
    """The KANO and I-S figures of each item the group's `ratings` answer.

    >>> g = group_result("all", [Rating("goods_intact", 5, 2, 1, 5), Rating("ordering_ease",
    ...                          3, 4, 3, 3), Rating("ordering_ease", 2, 5, 3, 3)])
    >>> [(i.item, i.category, i.quadrant) for i in g.items]
    [('goods_intact', <Kano.O: 'O'>, 'under_service'), ('ordering_ease', <Kano.I: 'I'>, \
'over_service')]
    """
    position = importance_satisfaction(ratings)
    items = []
    for it in sorted(position.items, key=lambda i: (ORDER.get(i.item, len(ORDER)), i.item)):
        kano = classify((r.functional, r.dysfunctional) for r in ratings if r.item == it.item)
        zh, en, role = _names(it.item)
        items.append(
            ItemResult(
                it.item,
                zh,
                en,
                role,
                it.n,
                kano.counts,
                kano.category,
                kano.category.zh if kano.category else "",
                kano.category.en if kano.category else "",
                None if kano.better is None else round(kano.better, 4),
                None if kano.worse is None else round(kano.worse, 4),
                kano.mixed,
                round(it.importance, 4),
                round(it.satisfaction, 4),
                it.quadrant.value,
                it.quadrant.zh,
                it.quadrant.en,
            )
        )
    return GroupResult(
        group,
        len(ratings),
        len({r.retailer for r in ratings}),
        round(position.importance_cut, 4),
        round(position.satisfaction_cut, 4),
        tuple(items),
    )


def group_results(
    by_group: Mapping[str, Sequence[Rating]],
) -> tuple[tuple[GroupResult, ...], tuple[Difference, ...]]:
    """Each group's table (by group name) and, per item, whether the groups differ."""
    groups = tuple(group_result(g, by_group[g]) for g in sorted(by_group))
    found = differences(by_group)
    return groups, tuple(sorted(found, key=lambda d: (ORDER.get(d.item, len(ORDER)), d.item)))
