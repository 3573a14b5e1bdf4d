"""Write a territory plan to the graph in one transaction, recording it (with its own
assignment) in the plans' history (`territory.service.plan_records`)."""

from __future__ import annotations

from graph.derived import refresh_delivery_fields
from graph.queries import Query
from graph.session import Session
from territory.design_params import DesignParams
from territory.plan import Plan
from territory.service.measures import assess
from territory.service.plan_records import Assignment, Locks, new_records, teams_of
from territory.service.state import State


def apply_plan(
    session: Session,
    by: str,
    state: State,
    plan: Plan,
    *,
    kind: str,
    balance: dict[str, float],
    feasible: bool,
    moved: int,
    locks: Locks | None = None,
) -> str:
    """Write the new areas, zones, adjacency (of areas, and of retailers: the contiguity graph
    the plan was drawn on), teams and the fields derived from them (`graph.derived`) in one
    transaction, and record the plan of `kind` (design, rebalance, manual or restore) applied
    by `by`, summarised by the balance, the feasibility and the retailers moved, with its
    `locks` (by default those of the plan it replaces); its id."""
    ids = state.units.ids
    before = Assignment(
        {u: a for u, a in zip(ids, state.area) if a is not None},
        dict(state.zone_of_area),
        teams_of(state.staffing),
    )
    after = Assignment(dict(plan.area_of), dict(plan.zone_of_area), teams_of(plan.staffing))
    summary: dict[str, object] = {"balance": balance, "feasible": feasible, "moved": moved}

    def initial() -> dict[str, object]:
        units = state.units
        found, ok = assess(units.measures, state.area, units.edges, DesignParams().tolerance)
        return {"balance": found, "feasible": ok, "moved": 0}

    s = plan.staffing
    staff_rows = session.read(Query.STAFF_LIST)
    with session.transaction():
        records, plan_id = new_records(
            session,
            by,
            before,
            after,
            kind=kind,
            summary=summary,
            before_summary=initial,
            locks=locks,
        )
        session.write(Query.UPSERT_TERRITORY_PLANS, records)
        session.write(Query.SET_RETAILER_AREAS, [{"src": u, "dst": plan.area_of[u]} for u in ids])
        session.write(
            Query.SET_RETAILER_ZONES,
            [{"src": u, "dst": plan.zone_of_area[plan.area_of[u]]} for u in ids],
        )
        session.write(
            Query.SET_AREA_ZONES, [{"src": a, "dst": z} for a, z in plan.zone_of_area.items()]
        )
        session.write(
            Query.UNLINK_ADJACENT_AREAS,
            [{"src": a} for a in sorted({*state.codes, *plan.zone_of_area})],
        )
        session.write(
            Query.LINK_ADJACENT_AREAS,
            [{"src": a, "dst": b, "links": n} for (a, b), n in plan.area_adjacency.items()],
        )
        session.write(Query.UNLINK_RETAILER_NEIGHBOURS, [{"src": u} for u in ids])
        session.write(
            Query.LINK_RETAILER_NEIGHBOURS,
            [{"src": ids[a], "dst": ids[b], "km": km} for a, b, km in state.units.edges],
        )
        known = {str(r["employee_no"]) for r in staff_rows}
        session.write(
            Query.UPSERT_STAFF,
            [
                {"employee_no": p, "name": f"待招聘 {p}", "phone": "", "role": r.value}
                for p, r in s.roles.items()
                if p not in known
            ],
        )
        session.write(Query.UNLINK_TEAM_MEMBERS, [{"src": r["employee_no"]} for r in staff_rows])
        session.write(Query.UNLINK_AREA_LEADS, [{"src": r["employee_no"]} for r in staff_rows])
        session.write(
            Query.LINK_TEAM_MEMBERS,
            [{"src": p, "dst": a, "role": r.value} for p, a, r in s.members],
        )
        session.write(Query.LINK_AREA_LEADS, [{"src": p, "dst": a} for a, p in s.leads.items()])
        session.write(
            Query.SET_RETAILER_MANAGERS, [{"src": r, "dst": m} for r, m in s.manager_of.items()]
        )
        session.write(
            Query.SET_RETAILER_AGENTS, [{"src": r, "dst": a} for r, a in s.agent_of.items()]
        )
        refresh_delivery_fields(session)
    return plan_id
