"""The share of cases within target, for both clocks, by area, owner role and class.

A clock counts once it is decided: met, missed, or breached while still running (a breach
cannot be undone); one still within target and running does not count yet. Share =
met / (met + missed), None when nothing is decided.

>>> rows = [ReportCase("A1", "manager", True, "core", "met", "ok"),
...         ReportCase("A1", "driver", False, "general", "breached", "ok"),
...         ReportCase("A2", "manager", False, "core", "met", "missed")]
>>> report = case_report(rows)
>>> report.overall.first_response_share, report.overall.resolution_share
(0.6667, 0.0)
>>> [(line.group, line.first_response_met) for line in report.by_area]
[('A1', 1), ('A2', 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from care.cases import ClockStatus

KEY, OTHER = "key", "other"
MISSED = frozenset({ClockStatus.MISSED.value, ClockStatus.BREACHED.value})


@dataclass(frozen=True)
class ReportCase:
    """What the report needs of one case: its groups and the states of its two clocks."""

    area: str
    owner_role: str
    key_account: bool
    service_class: str
    first_response: str
    resolution: str


@dataclass(frozen=True)
class ReportLine:
    """One group's cases and, per clock, the decided ones within and beyond target."""

    group: str
    cases: int
    first_response_met: int
    first_response_missed: int
    first_response_share: float | None
    resolution_met: int
    resolution_missed: int
    resolution_share: float | None


@dataclass(frozen=True)
class CaseReport:
    """All cases together, then by area, owner role, key account (key / other) and class."""

    overall: ReportLine
    by_area: tuple[ReportLine, ...]
    by_role: tuple[ReportLine, ...]
    by_key_account: tuple[ReportLine, ...]
    by_class: tuple[ReportLine, ...]


def case_report(cases: Iterable[ReportCase]) -> CaseReport:
    """The report over `cases`; groups sorted by name."""
    rows = list(cases)
    return CaseReport(
        overall=report_line("all", rows),
        by_area=_grouped(rows, lambda c: c.area or "-"),
        by_role=_grouped(rows, lambda c: c.owner_role),
        by_key_account=_grouped(rows, lambda c: KEY if c.key_account else OTHER),
        by_class=_grouped(rows, lambda c: c.service_class or "-"),
    )


def report_line(group: str, rows: Sequence[ReportCase]) -> ReportLine:
    """One group's line."""
    fr_met, fr_missed = _decided(c.first_response for c in rows)
    res_met, res_missed = _decided(c.resolution for c in rows)
    return ReportLine(
        group,
        len(rows),
        fr_met,
        fr_missed,
        _share(fr_met, fr_missed),
        res_met,
        res_missed,
        _share(res_met, res_missed),
    )


def _grouped(
    rows: Sequence[ReportCase], key: Callable[[ReportCase], str]
) -> tuple[ReportLine, ...]:
    groups: dict[str, list[ReportCase]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return tuple(report_line(g, groups[g]) for g in sorted(groups))


def _decided(states: Iterable[str]) -> tuple[int, int]:
    met = missed = 0
    for state in states:
        met += state == ClockStatus.MET
        missed += state in MISSED
    return met, missed


def _share(met: int, missed: int) -> float | None:
    return round(met / (met + missed), 4) if met + missed else None
