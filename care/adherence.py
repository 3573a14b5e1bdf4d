"""Visit adherence against the class service policy, summed over retailer-weeks:

- adherence = Σ min(verified, planned) / Σ planned;
- coverage = share of the retailers with planned visits that had at least one verified visit;
- over-service = Σ max(0, verified − planned) / Σ planned;

per manager, area, class (service_class) and ISO week, and overall. A retailer's planned visits
in a week are `routing.visits.visits_this_week` of its visit frequency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from care.checkin import REASONS, Shop, Visits
from routing.visits import visits_this_week

Counts = NDArray[np.int64]


@dataclass(frozen=True)
class AdherenceRow:
    """One group's sums; the shares are None when nothing was planned."""

    key: str
    planned: int
    verified: int
    met: int
    """Σ min(verified, planned) over the group's retailer-weeks."""
    over: int
    """Σ max(0, verified − planned)."""
    retailers: int
    """Retailers with planned visits in the group."""
    covered: int
    """Of those, the ones with at least one verified visit."""
    adherence: float | None
    coverage: float | None
    over_service: float | None


@dataclass(frozen=True)
class Adherence:
    """The period's adherence overall and per manager, area, class and week; how many visits
    were logged, verified and late, and the unverified ones counted by reason."""

    weeks: tuple[str, ...]
    overall: AdherenceRow
    by_manager: tuple[AdherenceRow, ...]
    by_area: tuple[AdherenceRow, ...]
    by_class: tuple[AdherenceRow, ...]
    by_week: tuple[AdherenceRow, ...]
    visits: int
    verified: int
    late: int
    reasons: dict[str, int]


def iso_week(day: date) -> str:
    """``YYYY-Www`` of a day.

    >>> iso_week(date(2026, 11, 23))
    '2026-W48'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_mondays(until: date, weeks: int) -> list[date]:
    """The Mondays of the `weeks` ISO weeks ending with the week of `until`, oldest first.

    >>> week_mondays(date(2026, 11, 25), 2)
    [datetime.date(2026, 11, 16), datetime.date(2026, 11, 23)]
    """
    last = until - timedelta(days=until.weekday())
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def planned_visits(shop: Shop, monday: date) -> int:
    """The shop's planned visits in the week starting `monday`."""
    if not shop.per_week:
        return 0
    return visits_this_week(shop.id, shop.per_week, monday.toordinal() // 7)


def _row(
    key: str, planned: int, verified: int, met: int, over: int, retailers: int, covered: int
) -> AdherenceRow:
    return AdherenceRow(
        key=key,
        planned=planned,
        verified=verified,
        met=met,
        over=over,
        retailers=retailers,
        covered=covered,
        adherence=met / planned if planned else None,
        coverage=covered / retailers if retailers else None,
        over_service=over / planned if planned else None,
    )


def _grouped(keys: Sequence[str], planned: Counts, verified: Counts) -> tuple[AdherenceRow, ...]:
    """Rows per key of the shops (rows of `planned`, `verified`: shop × week)."""
    names = sorted(set(keys))
    lookup = {k: i for i, k in enumerate(names)}
    codes = np.array([lookup[k] for k in keys], dtype=np.int64)
    return _rows(names, codes, planned, verified)


def _rows(
    names: Sequence[str], codes: Counts, planned: Counts, verified: Counts
) -> tuple[AdherenceRow, ...]:
    """Rows per group of shop rows (`codes`: each row's group, an index of `names`)."""
    n = len(names)
    planned_r, verified_r = planned.sum(axis=1), verified.sum(axis=1)
    sums = [
        np.bincount(codes, weights=w, minlength=n).astype(np.int64)
        for w in (
            planned_r,
            verified_r,
            np.minimum(planned, verified).sum(axis=1),
            np.maximum(verified - planned, 0).sum(axis=1),
            planned_r > 0,
            (planned_r > 0) & (verified_r > 0),
        )
    ]
    return tuple(
        _row(names[g], *(int(column[g]) for column in sums))
        for g in range(n)
        if sums[0][g] or sums[1][g]
    )


def adherence(
    shops: Sequence[Shop],
    visits: Visits,
    reasons: Sequence[str],
    mondays: Sequence[date],
) -> Adherence:
    """Adherence of `shops` in the ISO weeks starting on `mondays`, from their `visits` and
    each visit's reason from `care.checkin.verify` (``""``: verified). Visits of other shops
    or outside the weeks are ignored."""
    index = {s.id: i for i, s in enumerate(shops)}
    week_of = {m.toordinal(): w for w, m in enumerate(mondays)}
    shop = np.array([index.get(r, -1) for r in visits.retailers], dtype=np.int64)
    monday = visits.day_numbers - (visits.day_numbers - 1) % 7
    week = np.array([week_of.get(int(m), -1) for m in monday], dtype=np.int64)
    counted = (shop >= 0) & (week >= 0)
    reason = np.array(reasons, dtype=object)
    ok = counted & (reason == "")
    verified = np.zeros((len(shops), len(mondays)), dtype=np.int64)
    np.add.at(verified, (shop[ok], week[ok]), 1)
    planned = np.array(
        [[planned_visits(s, m) for m in mondays] for s in shops], dtype=np.int64
    ).reshape(len(shops), len(mondays))
    labels = [iso_week(m) for m in mondays]
    with_plan = planned > 0
    by_week = tuple(
        _row(
            labels[w],
            *(
                int(x)
                for x in (
                    planned[:, w].sum(),
                    verified[:, w].sum(),
                    np.minimum(planned[:, w], verified[:, w]).sum(),
                    np.maximum(verified[:, w] - planned[:, w], 0).sum(),
                    with_plan[:, w].sum(),
                    (with_plan[:, w] & (verified[:, w] > 0)).sum(),
                )
            ),
        )
        for w in range(len(mondays))
        if planned[:, w].any() or verified[:, w].any()
    )
    overall = _rows(["all"], np.zeros(len(shops), dtype=np.int64), planned, verified)
    unverified = reason[counted & (reason != "")]
    return Adherence(
        weeks=tuple(labels),
        overall=overall[0] if overall else _row("all", 0, 0, 0, 0, 0, 0),
        by_manager=_grouped([s.manager or "-" for s in shops], planned, verified),
        by_area=_grouped([s.area or "-" for s in shops], planned, verified),
        by_class=_grouped([s.service_class or "-" for s in shops], planned, verified),
        by_week=by_week,
        visits=int(counted.sum()),
        verified=int(ok.sum()),
        late=int((counted & visits.late).sum()),
        reasons={r: int((unverified == r).sum()) for r in REASONS},
    )
