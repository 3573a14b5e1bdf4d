"""One staff member: the areas and roles they hold, the retailers they serve, the routes they
drive on the latest planned date, and their load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph.errors import NotFound
from graph.model import Role
from graph.page import Page, PageRequest, paginate
from graph.principal import Principal
from graph.queries import Query
from graph.service.loads import Load, read_loads
from graph.service.scope import AREA_READERS, outside
from graph.session import Session


@dataclass(frozen=True)
class StaffArea:
    """An area a person serves, in which role, and whether they lead it (片长)."""

    code: str
    name: str
    role: str
    role_zh: str
    lead: bool


@dataclass(frozen=True)
class DrivenRoute:
    """A route a driver drives on one date: its trip, zone, vehicle, stops, load and the
    areas its stops are in."""

    route: str
    trip: int
    zone: int
    vehicle: str | None
    stops: int
    load_cases: float
    distance_km: float
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Person:
    """A staff member as a principal may see them: the record and the areas in scope;
    `partial` when some of their areas are outside the scope and left out."""

    employee_no: str
    name: str
    phone: str
    role: str
    role_zh: str
    areas: tuple[StaffArea, ...]
    partial: bool


@dataclass(frozen=True)
class StaffProfile:
    """What a person serves: areas and roles, the areas they lead, the retailers they serve
    (a page of ids; `total` is how many), the routes they drive on the latest planned date
    (`routes_date`, None when no date is planned) and their load."""

    employee_no: str
    name: str
    phone: str
    role: str
    role_zh: str
    areas: tuple[StaffArea, ...]
    lead_of: tuple[str, ...]
    load: Load
    retailers: Page[str]
    routes_date: dt.date | None
    routes: tuple[DrivenRoute, ...]
    partial: bool


def read_person(session: Session, principal: Principal, employee_no: str) -> Person:
    """The person and their areas in the principal's scope.

    Raises `NotFound` for a whole-city principal when there is no such person, `Forbidden`
    for a scoped principal when none of the person's areas is in its scope (or there is no
    such person: it learns nothing beyond its scope)."""
    rows = session.read(Query.STAFF, keys=[employee_no])
    teams = session.read(Query.STAFF_TEAMS, employee_no=employee_no)
    seen = [t for t in teams if principal.sees_area(str(t["area"]))]
    if principal.areas is not None and (not rows or not seen):
        raise outside(principal, f"staff member {employee_no}")
    if not rows:
        raise NotFound(f"staff member {employee_no} not found")
    record = rows[0]
    role = Role(str(record["role"]))
    areas = tuple(
        StaffArea(
            str(t["area"]),
            str(t["name"]),
            str(t["role"]),
            Role(str(t["role"])).label_zh,
            bool(t["lead"]),
        )
        for t in seen
    )
    return Person(
        employee_no,
        str(record["name"]),
        str(record["phone"]),
        role.value,
        role.label_zh,
        areas,
        len(seen) < len(teams),
    )


def latest_routes(
    session: Session, principal: Principal, employee_no: str
) -> tuple[dt.date | None, tuple[DrivenRoute, ...]]:
    """The latest date routes are planned for and the routes the person drives on it that
    stop in the principal's areas."""
    day = session.read(Query.LATEST_ROUTE_DATE)[0]["date"]
    if day is None:
        return None, ()
    rows = session.read(Query.STAFF_ROUTES, employee_no=employee_no, date=day)
    routes = (
        DrivenRoute(
            str(r["route"]),
            int(r["trip"]),
            int(r["zone"]),
            r["vehicle"],
            int(r["stops"]),
            float(r["load_cases"]),
            float(r["distance_km"]),
            tuple(sorted(str(a) for a in r["areas"] if a is not None)),
        )
        for r in rows
    )
    return day, tuple(
        r for r in routes if principal.areas is None or set(r.areas) & principal.areas
    )


def served_retailers(session: Session, person: Person) -> list[str]:
    """The retailers the person serves in the areas of `person` (those in scope): their own
    as manager or agent, every retailer of the areas where they inspect or drive."""
    areas = {a.code for a in person.areas}
    own = {
        str(r["id"])
        for r in session.read(Query.STAFF_RETAILERS, employee_no=person.employee_no)
        if r["area"] in areas
    }
    for a in person.areas:
        if a.role in (Role.INSPECTOR.value, Role.DRIVER.value):
            own.update(str(r["id"]) for r in session.read(Query.AREA_RETAILERS, code=a.code))
    return sorted(own)


def staff_profile(
    session: Session, principal: Principal, employee_no: str, *, page: PageRequest | None = None
) -> StaffProfile:
    """What a person serves (see `StaffProfile`), in the principal's scope.

    Raises `Forbidden` for a viewer or retailer, or a person of none of a scoped principal's
    areas; `NotFound` for a whole-city principal when there is no such person."""
    principal.require(*AREA_READERS, to="read a staff member's profile")
    person = read_person(session, principal, employee_no)
    day, routes = latest_routes(session, principal, employee_no)
    return StaffProfile(
        employee_no=person.employee_no,
        name=person.name,
        phone=person.phone,
        role=person.role,
        role_zh=person.role_zh,
        areas=person.areas,
        lead_of=tuple(a.code for a in person.areas if a.lead),
        load=read_loads(session)[employee_no],
        retailers=paginate(served_retailers(session, person), page or PageRequest()),
        routes_date=day,
        routes=routes,
        partial=person.partial,
    )
