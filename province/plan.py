"""`crm province plan`: every city's territory design and delivery day, as tasks.

The driver reads each city once a stage (its design's inputs, then its day's stops), hands
the plain data to the tasks (`province.work`), and writes each city's results back itself:
the design in one transaction, the day's routes in another, so each city keeps one writer.
The cities go through side by side: a city's day tasks (one a depot) start as soon as its
design is written. A city whose task still fails after its retries is reported with its
error while the others complete. Seeds come from (province seed, city, stage, depot, day),
every solve stops by its iteration or solution count (time only caps it), and the digests
of each city's areas and routes show that a re-run, or a run that lost a node, planned the
same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from graph.cycle import delivery_zone
from graph.database import open_database
from graph.errors import DomainError, NotFound
from graph.principal import LOCAL_ADMIN
from graph.progress import Progress
from graph.session import Session
from province.cities import ProvinceCity, derived_seed, read_manifest
from province.runners import Runner
from province.work import Done, day_task, design_task
from routing.day_plan import DayPlan, summarise
from routing.delivery import DAY_SOLUTIONS
from routing.delivery_params import DeliveryParams
from routing.params import SolveParams
from routing.service.delivery import delivery_inputs, write_routes
from territory.design import Partition
from territory.design_params import DesignParams
from territory.service.design import DesignJob, finish_design, prepare_design


@dataclass(frozen=True)
class CityPlan:
    """One city's outcome."""

    adcode: str
    name: str
    name_en: str
    ok: bool
    error: str = ""
    areas_digest: str = ""
    """Of each retailer's area after the design (empty without one)."""
    routes_digest: str = ""
    """Of every trip's vehicle, number and stops in order."""
    stops: int = 0
    served: int = 0
    vehicles: int = 0
    km: float = 0.0
    tasks: int = 0


@dataclass(frozen=True)
class ProvincePlan:
    date: dt.date
    zone: int
    design: bool
    cities: tuple[CityPlan, ...]
    tasks: int
    wall_seconds: float
    task_seconds: float
    """The tasks' own seconds, summed: what one process would spend on them."""
    peak_worker_mib: float
    """The largest peak resident memory a task's worker reached."""
    digest: str
    """Of every city's digests, in adcode order."""


@dataclass
class _City:
    """A city while it is planned."""

    city: ProvinceCity
    job: DesignJob | None = None
    areas: str = ""
    days: list[Any] = field(default_factory=list)
    plans: list[DayPlan] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class ProvinceSettings:
    design_s: float = 600.0
    """Cap on a city's design: its rounds and passes stop it well before (a city of
    11,500 retailers takes about a minute), so a seed gives the same areas."""
    day_s: float = 300.0
    """Cap on a depot's day, one process: its solution counts stop it well before."""
    day_solutions: int = DAY_SOLUTIONS
    """Stop rule of each solve of a depot's day."""


def plan_province(
    into: Path,
    day: dt.date,
    runner: Runner,
    *,
    design: bool = False,
    settings: ProvinceSettings = ProvinceSettings(),
    progress: Progress | None = None,
) -> ProvincePlan:
    """Plan every city of the province folder `into` for the delivery date `day` (see the
    module docstring). Raises NotFound when `into` holds no province."""
    start = time.perf_counter()
    seed, cities = read_manifest(into)
    zone = delivery_zone(day)
    work = {c.adcode: _City(c) for c in cities}
    pending: dict[Any, tuple[str, str]] = {}
    done: list[Done[Any]] = []
    for c in cities:
        city = work[c.adcode]
        if design:
            first = partial(_submit_design, runner, into, city, seed, settings)
            pending.update((h, (c.adcode, "design")) for h in _guarded(city, "design", first))
        else:
            days = partial(_day_of, runner, into, city, None, seed, day, zone, settings)
            pending.update((h, (c.adcode, "day")) for h in _guarded(city, "day", days))
    total = len(pending)
    while pending:
        handle = runner.first_done(list(pending))
        adcode, stage = pending.pop(handle)
        city = work[adcode]
        try:
            result: Done[Any] = runner.result(handle)
        except Exception as exc:  # the task failed after its retries: this city only
            city.error = city.error or f"{stage}: {type(exc).__name__}: {str(exc)[:300]}"
            continue
        finally:
            if progress:
                progress(f"{adcode} {stage}", total - len(pending), total)
        done.append(result)
        if stage == "design":
            then = partial(_day_of, runner, into, city, result.value, seed, day, zone, settings)
            added = _guarded(city, "design", then)
            pending.update((h, (adcode, "day")) for h in added)
            total += len(added)
        else:
            city.plans.append(result.value)
            if len(city.plans) == len(city.days) and not city.error:
                _guarded(city, "day", partial(_write_day, into, city, day, zone))
    outcomes = tuple(_outcome(work[c.adcode]) for c in cities)
    return ProvincePlan(
        date=day,
        zone=zone,
        design=design,
        cities=outcomes,
        tasks=len(done),
        wall_seconds=round(time.perf_counter() - start, 2),
        task_seconds=round(sum(d.seconds for d in done), 2),
        peak_worker_mib=max((d.peak_mib for d in done), default=0.0),
        digest=_digest([(o.adcode, o.areas_digest, o.routes_digest) for o in outcomes]),
    )


def _guarded(city: _City, stage: str, step: Callable[[], list[Any] | None]) -> list[Any]:
    """The driver's `step` for a city (reading, writing, handing out tasks); an error of
    the store or the data is the city's alone, noted on it."""
    try:
        return step() or []
    except DomainError as exc:
        city.error = city.error or f"{stage}: {exc.message}"
        return []


def _day_of(
    runner: Runner,
    into: Path,
    city: _City,
    part: Partition | None,
    seed: int,
    day: dt.date,
    zone: int,
    settings: ProvinceSettings,
) -> list[Any]:
    """Write the city's design when there is one, then read and hand out its day, in one
    opening of its store."""
    with open_database(city.city.store(into)) as db, db.session() as session:
        if part is not None:
            _write_design(session, city, part)
        return _submit_days(runner, session, city, seed, day, zone, settings)


def _submit_design(
    runner: Runner, into: Path, city: _City, seed: int, settings: ProvinceSettings
) -> list[Any]:
    params = DesignParams(
        seed=derived_seed(seed, city.city.adcode, "design"), time_limit_s=settings.design_s
    )
    with open_database(city.city.store(into)) as db, db.session() as session:
        city.job = prepare_design(session, LOCAL_ADMIN, params)
    return [runner.submit(design_task, city.job.problem, params)]


def _write_design(session: Session, city: _City, part: Partition) -> None:
    assert city.job is not None
    finish_design(session, LOCAL_ADMIN, city.job, part, dry_run=False)
    ids = city.job.state.units.ids
    city.areas = _digest(sorted(zip(ids, part.labels.tolist())))
    city.job = None


def _submit_days(
    runner: Runner,
    session: Session,
    city: _City,
    seed: int,
    day: dt.date,
    zone: int,
    settings: ProvinceSettings,
) -> list[Any]:
    """One task a depot with stops on the day, its stops in id order (the store's order
    may change with the routes written, the plan must not)."""
    params = DeliveryParams()
    stops, vehicles, depots = delivery_inputs(session, zone, params)
    if not stops:
        raise NotFound(f"zone {zone} has no retailers to deliver on {day}")
    handles = []
    city.days = []
    for name in sorted({s.depot for s in stops}):
        solve = SolveParams(
            time_limit_s=settings.day_s,
            seed=derived_seed(seed, city.city.adcode, name, day.isoformat()),
            max_iterations=settings.day_solutions,
        )
        mine = sorted((s for s in stops if s.depot == name), key=lambda s: s.id)
        fleet = sorted((v for v in vehicles if v.depot == name), key=lambda v: v.id)
        city.days.append((mine, fleet))
        handles.append(
            runner.submit(day_task, mine, fleet, depots[name], params, solve, settings.day_s)
        )
    return handles


def _write_day(into: Path, city: _City, day: dt.date, zone: int) -> None:
    """The depots' plans as one day, written in one transaction."""
    stops = [s for mine, _ in city.days for s in mine]
    fleet = {v.id: v for _, vans in city.days for v in vans}
    trips = sorted((t for p in city.plans for t in p.trips), key=lambda t: (t.vehicle, t.trip))
    unserved = sorted(u for p in city.plans for u in p.unserved)
    bounds = tuple(sorted((b for p in city.plans for b in p.bounds), key=lambda b: b.depot))
    engine = city.plans[0].summary.engine
    summary = summarise(stops, trips, unserved, fleet, engine, 0.0, bounds=bounds)
    merged = DayPlan(tuple(trips), tuple(unserved), summary, bounds)
    with open_database(city.city.store(into)) as db, db.session() as session:
        write_routes(session, day, zone, merged)
    city.plans = [merged]


def _outcome(city: _City) -> CityPlan:
    c = city.city
    if city.error or len(city.plans) != 1:
        return CityPlan(c.adcode, c.name, c.name_en, False, city.error or "not planned")
    plan = city.plans[0]
    routes = [(t.vehicle, t.trip, tuple(s[0] for s in t.stops)) for t in plan.trips]
    s = plan.summary
    return CityPlan(
        c.adcode,
        c.name,
        c.name_en,
        True,
        areas_digest=city.areas,
        routes_digest=_digest(routes),
        stops=s.stops,
        served=s.served,
        vehicles=s.vehicles,
        km=s.total_km,
        tasks=len(city.days) + (1 if city.areas else 0),
    )


def _digest(items: Sequence[object]) -> str:
    return hashlib.sha256(repr(list(items)).encode()).hexdigest()[:16]
