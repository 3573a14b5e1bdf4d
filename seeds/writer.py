"""Write a generated city to a store: the structure in one transaction, then the retailers in
chunks, each chunk (records, memberships and order history) one transaction, so a crash leaves
a consistent graph of whole retailers."""

from __future__ import annotations

import logging

from graph.progress import Progress
from graph.queries import Query
from graph.rows import as_row, edge_rows
from graph.session import Session
from seeds.city import City

log = logging.getLogger(__name__)
CHUNK = 500


def write_structure(store: Session, city: City) -> None:
    """Districts, trade areas, depots, vehicles, zones, areas, adjacency, staff and teams."""
    s = city.staffing
    with store.transaction():
        store.write(Query.UPSERT_DISTRICTS, [as_row(d) for d in city.districts])
        store.write(Query.UPSERT_BUSINESS_AREAS, [as_row(b) for b in city.business_areas])
        store.write(Query.SET_BUSINESS_AREA_DISTRICTS, edge_rows(city.business_area_district))
        store.write(Query.UPSERT_DEPOTS, [as_row(d) for d in city.depots])
        store.write(Query.LINK_DEPOT_DISTRICTS, edge_rows(city.depot_districts))
        store.write(Query.UPSERT_VEHICLES, [as_row(v) for v in city.vehicles])
        store.write(Query.SET_VEHICLE_DEPOTS, edge_rows(city.vehicle_depot))
        store.write(Query.UPSERT_ZONES, [as_row(z) for z in city.zones])
        store.write(Query.UPSERT_AREAS, [as_row(a) for a in city.areas])
        store.write(Query.SET_AREA_ZONES, edge_rows(city.area_zone))
        store.write(
            Query.LINK_ADJACENT_AREAS,
            [{"src": a, "dst": b, "links": n} for (a, b), n in city.area_adjacency.items()],
        )
        store.write(Query.UPSERT_STAFF, [as_row(p) for p in city.staff])
        store.write(
            Query.LINK_TEAM_MEMBERS,
            [{"src": p, "dst": a, "role": r.value} for p, a, r in s.members],
        )
        store.write(Query.LINK_AREA_LEADS, [{"src": p, "dst": a} for a, p in s.leads.items()])
        store.write(
            Query.LINK_DRIVER_VEHICLES, [{"src": p, "dst": v} for v, p in s.driver_of.items()]
        )


def write_retailers(
    store: Session, city: City, *, progress: Progress | None = None, chunk: int = CHUNK
) -> None:
    """Every retailer with its edges and order months, one transaction per chunk."""
    total = len(city.retailers)
    for start in range(0, total, chunk):
        part = city.retailers[start : start + chunk]
        ids = [r.id for r in part]
        with store.transaction():
            store.write(Query.UPSERT_RETAILERS, [as_row(r) for r in part])
            store.write(
                Query.SET_RETAILER_DISTRICTS,
                [{"src": r.id, "dst": r.district_adcode} for r in part],
            )
            for query, mapping in (
                (Query.SET_RETAILER_AREAS, city.retailer_area),
                (Query.SET_RETAILER_ZONES, city.retailer_zone),
                (Query.SET_RETAILER_BUSINESS_AREAS, city.retailer_business_area),
                (Query.SET_RETAILER_MANAGERS, city.staffing.manager_of),
                (Query.SET_RETAILER_AGENTS, city.staffing.agent_of),
            ):
                store.write(query, [{"src": i, "dst": mapping[i]} for i in ids])
            scores = [s for i in ids for s in city.scores[i]]
            store.write(Query.UPSERT_INCENTIVE_SCORES, [as_row(s) for s in scores])
            store.write(
                Query.LINK_RETAILER_SCORES, [{"src": s.retailer_id, "dst": s.id} for s in scores]
            )
            months = [m for i in ids for m in city.orders[i]]
            store.write(Query.UPSERT_ORDER_MONTHS, [as_row(m) for m in months])
            store.write(
                Query.LINK_RETAILER_ORDERS, [{"src": m.retailer_id, "dst": m.id} for m in months]
            )
        log.info("loaded %d/%d retailers", start + len(part), total)
        if progress:
            progress("load", start + len(part), total)


def write_city(store: Session, city: City, *, progress: Progress | None = None) -> None:
    write_structure(store, city)
    write_retailers(store, city, progress=progress)
