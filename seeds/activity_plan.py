"""The planned visits of a period (the contract's definition: a retailer's count a week is
`routing.visits.visits_this_week`), put on days as `routing.visits.plan_week` does: on the
retailer's weekday (`visit_batch`; a second visit three days on), a day over its limits (35
visits, 7 hours) handing its visits farthest from the day's centre to a day with room — a day
before one of the retailer's order days first, then the nearest to its own — and, when no day
has room, to the least loaded day (the count of planned visits never changes)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from care.adherence import iso_week
from graph.cycle import zone_of_day
from routing.visits import VisitParams, visits_this_week
from seeds.activity_days import Stop, plan_times, route_order
from seeds.activity_facts import ActivityFacts, Period, ShopFacts

PARAMS = VisitParams()
TRAVEL_ALLOWANCE = 5
"""Minutes of travel counted per visit when a day's load is weighed."""
DayKey = tuple[str, date]


def planned_visits(
    facts: ActivityFacts, period: Period, params: VisitParams = PARAMS
) -> dict[DayKey, list[Stop]]:
    """Every planned visit per (manager, day), in route order with its planned times."""
    mine: dict[str, list[ShopFacts]] = defaultdict(list)
    for shop in facts.shops:
        if shop.per_week > 0 and shop.manager:
            mine[shop.manager].append(shop)
    days: dict[DayKey, list[Stop]] = {}
    for monday in period.mondays():
        index, week = monday.toordinal() // 7, iso_week(monday)
        for manager, shops in sorted(mine.items()):
            plan: dict[int, list[ShopFacts]] = defaultdict(list)
            for shop in shops:
                count = visits_this_week(shop.id, shop.per_week, index)
                base = (shop.visit_batch - 1) % params.working_days
                step = max(1, params.working_days // max(count, 1))
                for k in range(count):
                    plan[(base + k * step) % params.working_days].append(shop)
            _balance(plan, monday, params)
            for d, visits in sorted(plan.items()):
                if visits:
                    day = monday + timedelta(days=d)
                    stops = [
                        Stop(
                            s,
                            manager,
                            day,
                            max(s.visit_minutes, 1),
                            plan_ref=f"visit:{week}:{manager}:{s.id}",
                        )
                        for s in visits
                    ]
                    ordered = [stops[i] for i in route_order(visits)]
                    plan_times(ordered)
                    days[(manager, day)] = ordered
    return dict(sorted(days.items()))


def _cost(shop: ShopFacts) -> int:
    return max(shop.visit_minutes, 1) + TRAVEL_ALLOWANCE


def _balance(plan: dict[int, list[ShopFacts]], monday: date, params: VisitParams) -> None:
    """Move visits off days over their limits to days with room (see the module)."""
    days = range(params.working_days)
    load = {d: sum(_cost(s) for s in plan[d]) for d in days}
    held = {d: {s.id for s in plan[d]} for d in days}

    def fits(d: int, extra: int = 0) -> bool:
        return len(plan[d]) + (extra > 0) <= params.visits_per_day and (
            load[d] + extra <= params.day_minutes
        )

    spill = []
    for d in days:
        if fits(d):
            continue
        cx = sum(s.lon for s in plan[d]) / len(plan[d])
        cy = sum(s.lat for s in plan[d]) / len(plan[d])
        far = sorted(plan[d], key=lambda s: (s.lon - cx) ** 2 + (s.lat - cy) ** 2)
        while len(far) > params.visits_per_day or sum(_cost(s) for s in far) > params.day_minutes:
            spill.append(far.pop())
        plan[d] = far
        load[d] = sum(_cost(s) for s in far)
        held[d] = {s.id for s in far}
    for shop in spill:
        base = (shop.visit_batch - 1) % params.working_days
        free = [d for d in days if shop.id not in held[d]] or list(days)
        ahead = {d for d in free if zone_of_day(monday + timedelta(days=d + 1)) == shop.zone}
        room = [d for d in free if fits(d, _cost(shop))]
        if room:
            d = min(room, key=lambda d: (d not in ahead, abs(d - base)))
        else:
            d = min(free, key=lambda d: (load[d], abs(d - base)))
        plan[d].append(shop)
        load[d] += _cost(shop)
        held[d].add(shop.id)
