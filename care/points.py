"""The raters' report of the process-incentive scores (document 001, issue 23): how complete
a month's scoring is per area and role, and which raters are systematically lenient or harsh
compared with the others scoring the same shops in the same months."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from classification.params import ClassParams
from classification.points import ScoreRecord, weighted

ROLES = ("manager", "agent", "driver", "inspector")
"""The four roles that score a retailer, in the order reports list them."""
BIAS_POINTS = 5.0
"""Mean difference (points) beyond which a rater may be lenient or harsh."""
BIAS_T = 3.0
"""t statistic beyond which the difference is systematic."""
BIAS_MIN_N = 20
"""Shop-months a rater must share with others before it is judged."""
ADJUST_ROUNDS = 8
"""Rounds of taking the other raters' scores net of their own estimated bias."""


@dataclass(frozen=True)
class Scored:
    """One stored score: who scored which retailer (in which area) for which month."""

    retailer_id: str
    area: str
    staff_id: str
    role: str
    month: str
    law_abiding: float
    cooperation: float
    constructive: float
    growth: float

    def points(self, weights: Mapping[str, float]) -> float:
        """The weighted score, 0–100."""
        record = ScoreRecord(
            self.role,
            self.month,
            self.law_abiding,
            self.cooperation,
            self.constructive,
            self.growth,
        )
        return weighted(record, weights)


@dataclass(frozen=True)
class AreaTeam:
    """An area's retailers and the scoring roles its team has: each retailer expects one
    score a month from each of those roles."""

    area: str
    retailers: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Completeness:
    """Scores submitted of those expected for one area and role (area ``*``: all areas)."""

    area: str
    role: str
    expected: int
    submitted: int
    share: float | None
    """submitted / expected; None when nothing is expected."""


@dataclass(frozen=True)
class RaterBias:
    """How one rater's weighted scores differ from the mean of the other raters of the same
    shop-months: count, mean difference, its standard error and t; `flag` is ``lenient``,
    ``harsh`` or empty."""

    staff_id: str
    role: str
    n: int
    mean_diff: float
    std_error: float | None
    t: float | None
    flag: str


@dataclass(frozen=True)
class RaterReport:
    """Completeness of `month` (per area and role, per role over all areas, overall) and the
    bias of every rater over `months`, the flagged first."""

    month: str
    months: tuple[str, ...]
    completeness: tuple[Completeness, ...]
    by_role: tuple[Completeness, ...]
    overall: Completeness
    raters: tuple[RaterBias, ...]
    flagged: int


def _share(expected: int, submitted: int) -> float | None:
    return round(submitted / expected, 4) if expected else None


def completeness(
    scores: Sequence[Scored], teams: Sequence[AreaTeam], month: str
) -> tuple[list[Completeness], list[Completeness], Completeness]:
    """(per area and role, per role, overall) for the scores of `month`; a score counts
    once per retailer and role, and only where the area's team has the role.

    >>> s = Scored("R1", "A1", "S1", "agent", "2026-10", 80, 80, 80, 80)
    >>> cells, roles, overall = completeness([s], [AreaTeam("A1", 2, ("agent", "driver"))],
    ...                                      "2026-10")
    >>> [(c.role, c.expected, c.submitted, c.share) for c in cells]
    [('agent', 2, 1, 0.5), ('driver', 2, 0, 0.0)]
    >>> overall.share
    0.25
    """
    submitted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in scores:
        if s.month == month:
            submitted[(s.area, s.role)].add(s.retailer_id)
    cells = [
        Completeness(
            t.area,
            role,
            t.retailers,
            len(submitted[(t.area, role)]),
            _share(t.retailers, len(submitted[(t.area, role)])),
        )
        for t in sorted(teams, key=lambda t: t.area)
        for role in ROLES
        if role in t.roles
    ]
    by_role = []
    for role in ROLES:
        mine = [c for c in cells if c.role == role]
        exp, sub = sum(c.expected for c in mine), sum(c.submitted for c in mine)
        by_role.append(Completeness("*", role, exp, sub, _share(exp, sub)))
    exp, sub = sum(c.expected for c in cells), sum(c.submitted for c in cells)
    return cells, by_role, Completeness("*", "*", exp, sub, _share(exp, sub))


def _flag(n: int, mean: float, t: float | None) -> str:
    if n < BIAS_MIN_N or t is None:
        return ""
    if mean > BIAS_POINTS and t > BIAS_T:
        return "lenient"
    if mean < -BIAS_POINTS and t < -BIAS_T:
        return "harsh"
    return ""


def _differences(
    shops: Mapping[tuple[str, str], list[tuple[str, float]]], effect: Mapping[str, float]
) -> dict[str, list[float]]:
    """Each rater's differences from the mean of the others on its shared shop-months, the
    others' scores taken net of their own `effect`."""
    diffs: dict[str, list[float]] = defaultdict(list)
    for raters in shops.values():
        if len(raters) < 2:
            continue
        net = sum(p - effect.get(s, 0.0) for s, p in raters)
        for staff, p in raters:
            others = (net - (p - effect.get(staff, 0.0))) / (len(raters) - 1)
            diffs[staff].append(p - others)
    return diffs


def rater_bias(scores: Sequence[Scored], weights: Mapping[str, float]) -> list[RaterBias]:
    """Every rater's difference from the mean of the others on the shop-months it shares
    with at least one other rater; flagged when |mean| > 5 points and |t| > 3 with n ≥ 20.

    A biased rater shifts the others' mean too (a harsh agent who calls every shop of a fair
    manager makes that manager look lenient), so the others' scores are taken net of their
    own bias: estimated over `ADJUST_ROUNDS` rounds as the mean difference less the median
    rater's (with no rounds this is the plain mean of the others)."""
    shops: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    role_of: dict[str, str] = {}
    for s in scores:
        shops[(s.retailer_id, s.month)].append((s.staff_id, s.points(weights)))
        role_of[s.staff_id] = s.role
    effect: dict[str, float] = {}
    for _ in range(ADJUST_ROUNDS):
        means = {staff: sum(d) / len(d) for staff, d in _differences(shops, effect).items()}
        mid = statistics.median(means.values()) if means else 0.0
        effect = {staff: m - mid for staff, m in means.items()}
    out = []
    for staff, d in _differences(shops, effect).items():
        n, mean = len(d), sum(d) / len(d)
        se = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1) / n) if n > 1 else None
        t = mean / se if se else None
        out.append(
            RaterBias(
                staff,
                role_of[staff],
                n,
                round(mean, 2),
                None if se is None else round(se, 3),
                None if t is None else round(t, 2),
                _flag(n, mean, t),
            )
        )
    return sorted(out, key=lambda r: (r.flag == "", -abs(r.t or 0.0), r.staff_id))


def rater_report(
    scores: Sequence[Scored],
    expected: Sequence[AreaTeam],
    month: str,
    *,
    weights: Mapping[str, float] | None = None,
) -> RaterReport:
    """Completeness of `month` against the areas' teams and the bias of every rater over all
    the months of `scores` (pass the window to judge, e.g. the points window)."""
    cells, by_role, overall = completeness(scores, expected, month)
    raters = rater_bias(scores, weights or ClassParams().points_weights)
    return RaterReport(
        month,
        tuple(sorted({s.month for s in scores})),
        tuple(cells),
        tuple(by_role),
        overall,
        tuple(raters),
        sum(1 for r in raters if r.flag),
    )
