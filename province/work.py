"""The province's units of work as plain functions on plain data: a city's territory design
and one depot's delivery day. They run in Ray workers or in the driver's process alike;
each returns its result with the seconds it took and the worker's peak memory."""

from __future__ import annotations

import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from routing.day_inputs import DeliveryStop, DeliveryVehicle, DepotSite
from routing.day_plan import DayPlan
from routing.delivery import plan_day
from routing.delivery_params import DeliveryParams
from routing.matrix import StraightLine
from routing.params import SolveParams
from territory.design import Partition
from territory.design_params import DesignParams
from territory.problem import PartitionProblem
from territory.service.design import run_design

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A task's result, its seconds and its worker's peak resident memory (MiB)."""

    value: T
    seconds: float
    peak_mib: float


def _done(value: T, start: float) -> Done[T]:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Done(value, round(time.perf_counter() - start, 3), round(peak, 1))


def design_task(problem: PartitionProblem, params: DesignParams) -> Done[Partition]:
    """A city's territory design (its seed and stop rules are in `params`)."""
    start = time.perf_counter()
    return _done(run_design(problem, params), start)


def day_task(
    stops: Sequence[DeliveryStop],
    vehicles: Sequence[DeliveryVehicle],
    depot: DepotSite,
    params: DeliveryParams,
    solve_params: SolveParams,
    budget_s: float,
) -> Done[DayPlan]:
    """One depot's delivery day (independent of the other depots'), solved in this process."""
    start = time.perf_counter()
    plan = plan_day(
        stops,
        vehicles,
        {depot.id: depot},
        params,
        StraightLine(),
        solve_params=solve_params,
        budget_s=budget_s,
    )
    return _done(plan, start)
