"""The figures a territory plan reports per area: totals and deviations per measure, and
each role's load per person (pure: plain data in and out)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.model import Role
from territory.metrics import Quality
from territory.staffing import Staffing
from territory.units import Units


@dataclass(frozen=True)
class AreaRow:
    """One area's totals and relative deviation from the mean per measure, and its
    compactness (km)."""

    area: str
    compactness_km: float
    customers: float
    customers_deviation: float
    workload: float
    workload_deviation: float
    volume: float
    volume_deviation: float


@dataclass(frozen=True)
class TeamLoad:
    """One role's load per person in one area, in `unit`."""

    area: str
    zone: int | None
    role: str
    people: int
    load_per_person: float
    unit: str


def area_table(
    units: Units,
    labels: NDArray[np.int64],
    names: Sequence[str],
    quality: Quality,
    measure_names: Sequence[str],
) -> list[AreaRow]:
    """Per area: its totals and relative deviation per measure, and its compactness (km)."""
    mean = quality.totals.sum(axis=0) / len(names)
    out = []
    for d, name in enumerate(names):
        idx = np.flatnonzero(labels == d)
        w = units.measures["volume"][idx] + 1e-9
        centre = (units.xy[idx] * w[:, None]).sum(axis=0) / w.sum() if len(idx) else (0, 0)
        spread = (
            float((w * np.hypot(*(units.xy[idx] - centre).T)).sum() / w.sum()) if len(idx) else 0.0
        )
        total = {m: round(float(quality.totals[d, j]), 2) for j, m in enumerate(measure_names)}
        deviation = {
            m: round(float(quality.totals[d, j] / max(mean[j], 1e-9) - 1), 4)
            for j, m in enumerate(measure_names)
        }
        out.append(
            AreaRow(
                name,
                round(spread, 3),
                total["customers"],
                deviation["customers"],
                total["workload"],
                deviation["workload"],
                total["volume"],
                deviation["volume"],
            )
        )
    return out


def team_loads(
    staffing: Staffing, served: Mapping[str, tuple[str, float]], zone_of_area: Mapping[str, int]
) -> list[TeamLoad]:
    """Each role's load per person per area: managers' weekly visits, agents' calls on the
    area's zone-day, inspectors' retailers, drivers' stops on that day."""
    visits: dict[str, float] = defaultdict(float)
    calls: Counter[tuple[str, int | None]] = Counter()
    for r, m in staffing.manager_of.items():
        visits[m] += served[r][1]
    for r, a in staffing.agent_of.items():
        calls[(a, zone_of_area.get(served[r][0]))] += 1
    per_area = Counter(a for a, _ in served.values())
    people = Counter((a, role) for _, a, role in staffing.members)
    out: list[TeamLoad] = []
    for (area, role), n in sorted(people.items()):
        mine = [p for p, a, r in staffing.members if a == area and r is role]
        load = {
            Role.MANAGER: sum(visits[p] for p in mine) / n,
            Role.AGENT: sum(calls[(p, zone_of_area.get(area))] for p in mine) / n,
            Role.INSPECTOR: per_area[area] / n,
            Role.DRIVER: per_area[area] / n,
        }[role]
        out.append(
            TeamLoad(
                area,
                zone_of_area.get(area),
                role.value,
                n,
                round(load, 1),
                {
                    Role.MANAGER: "visits a week",
                    Role.AGENT: "calls a zone-day",
                    Role.INSPECTOR: "retailers",
                    Role.DRIVER: "stops a zone-day",
                }[role],
            )
        )
    return out
