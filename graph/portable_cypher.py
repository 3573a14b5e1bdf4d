"""Read statements that Neo4j and LadybugDB both accept unchanged.

Each backend's cypher module starts from these and adds its own dialect's statements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.portable_cypher_care import CARE_READS
from graph.portable_cypher_views import VIEW_READS
from graph.schema import NodeType, Property, RelType, Schema

_ROUTE_ROWS = (
    "MATCH (t)-[:USES_VEHICLE]->(v:Vehicle) MATCH (t)-[:DEPARTS_FROM]->(d:Depot) "
    "OPTIONAL MATCH (t)-[:DRIVEN_BY]->(p:Staff) "
    "RETURN t.id AS route, t.trip AS trip, t.zone AS zone, t.load_cases AS load_cases, "
    "t.distance_km AS distance_km, t.start_min AS start_min, t.end_min AS end_min, "
    "v.id AS vehicle, v.plate AS plate, d.id AS depot, d.name AS depot_name, "
    "d.lon AS depot_lon, d.lat AS depot_lat, p.employee_no AS driver, "
    "p.name AS driver_name, s.seq AS seq, s.eta_min AS eta_min, s.cases AS cases, "
    "r.id AS retailer, r.name AS name, r.address AS address, r.phone AS phone, "
    "r.lon AS lon, r.lat AS lat ORDER BY route, seq, retailer"
)
"""A date's route stops with their route, vehicle, depot and driver, in route order."""

PORTABLE_READS: dict[str, str] = {
    "area_list": (
        "MATCH (a:Area) OPTIONAL MATCH (a)-[:AREA_IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r:Retailer)-[:IN_AREA]->(a) "
        "RETURN a.code AS code, a.name AS name, a.name_en AS name_en, z.number AS zone, "
        "count(r) AS retailers ORDER BY code"
    ),
    "area_team": (
        "MATCH (s:Staff)-[e:SERVES]->(a:Area {code: $code}) "
        "OPTIONAL MATCH (s)-[l:LEADS]->(a) "
        "RETURN s.employee_no AS employee_no, s.name AS name, s.phone AS phone, "
        "e.role AS role, count(l) > 0 AS lead ORDER BY role, employee_no"
    ),
    "area_retailers": (
        "MATCH (r:Retailer)-[:IN_AREA]->(a:Area {code: $code}) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "RETURN r.id AS id, r.name AS name, r.lon AS lon, r.lat AS lat, "
        "r.avg_monthly_cases AS avg_monthly_cases, m.employee_no AS manager, "
        "c.employee_no AS agent ORDER BY id"
    ),
    "staff_areas": (
        "MATCH (s:Staff {employee_no: $employee_no})-[:SERVES]->(a:Area) RETURN a.code AS area "
        "UNION MATCH (s:Staff {employee_no: $employee_no})-[:LEADS]->(a:Area) "
        "RETURN a.code AS area"
    ),
    "area_neighbours": (
        "MATCH (a:Area {code: $code})-[e:ADJACENT_TO]-(b:Area) "
        "RETURN b.code AS code, b.name AS name, e.links AS links ORDER BY code"
    ),
    "retailer_team": (
        "MATCH (r:Retailer {id: $id})-[:IN_AREA]->(a:Area) "
        "MATCH (s:Staff)-[e:SERVES]->(a) "
        "OPTIONAL MATCH (r)-[m:MANAGED_BY]->(s) OPTIONAL MATCH (r)-[c:CALLED_BY]->(s) "
        "OPTIONAL MATCH (s)-[l:LEADS]->(a) "
        "RETURN a.code AS area, s.employee_no AS employee_no, s.name AS name, "
        "s.phone AS phone, e.role AS role, count(m) > 0 AS own_manager, "
        "count(c) > 0 AS own_agent, count(l) > 0 AS lead"
    ),
    "retailer_orders": (
        "MATCH (:Retailer {id: $id})-[:ORDERED]->(o:OrderMonth) "
        "RETURN o.month AS month, o.cases AS cases, o.amount AS amount, o.orders AS orders "
        "ORDER BY month"
    ),
    "retailer_keys": "UNWIND $ids AS k MATCH (n:Retailer {id: k}) RETURN n.id AS key",
    "retailer_areas": (
        "UNWIND $ids AS k MATCH (r:Retailer {id: k}) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, a.code AS area"
    ),
    "staff_keys": "UNWIND $ids AS k MATCH (n:Staff {employee_no: k}) RETURN n.employee_no AS key",
    "order_month_keys": "UNWIND $ids AS k MATCH (n:OrderMonth {id: k}) RETURN n.id AS key",
    "retailer_positions": (
        "MATCH (r:Retailer)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, a.code AS area, "
        "m.employee_no AS manager, c.employee_no AS agent"
    ),
    "retailer_neighbours": (
        "MATCH (a:Retailer)-[e:NEIGHBOURS]->(b:Retailer) RETURN a.id AS a, b.id AS b, e.km AS km"
    ),
    "orders_of_retailers": (
        "UNWIND $ids AS k MATCH (r:Retailer {id: k})-[:ORDERED]->(o:OrderMonth) "
        "RETURN r.id AS retailer_id, o.id AS id, o.month AS month, o.cases AS cases, "
        "o.amount AS amount, o.orders AS orders"
    ),
    "latest_order_month": "MATCH (o:OrderMonth) RETURN max(o.month) AS month",
    "class_facts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) "
        "RETURN r.id AS id, z.number AS zone, r.market_type AS market_type, "
        "r.business_format AS business_format, r.outlet_scale AS outlet_scale, "
        "r.nature AS nature, r.credit_grade AS credit_grade, r.violations_12m AS violations_12m, "
        "r.cooperation AS cooperation, r.model_shop AS model_shop, "
        "r.trade_area_env AS trade_area_env, r.classified_on AS classified_on, "
        "r.category_code AS category_code, r.tier AS tier, r.grade AS grade, "
        "r.value_segment AS value_segment, r.service_class AS service_class, "
        "r.points_class AS points_class, r.quadrant AS quadrant, r.key_account AS key_account, "
        "r.lifecycle AS lifecycle ORDER BY id"
    ),
    "territory_facts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r)-[:IN_BUSINESS_AREA]->(b:BusinessArea) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, r.market_type AS market_type, "
        "r.district_adcode AS district, r.avg_monthly_cases AS avg_monthly_cases, "
        "r.visit_frequency_per_week AS visits_per_week, r.visit_minutes AS visit_minutes, "
        "a.code AS area, z.number AS zone, b.id AS business_area ORDER BY id"
    ),
    "move_facts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, r.name AS name, r.lon AS lon, r.lat AS lat, "
        "r.market_type AS market_type, r.avg_monthly_cases AS avg_monthly_cases, "
        "r.visit_frequency_per_week AS visits_per_week, r.visit_minutes AS visit_minutes, "
        "a.code AS area"
    ),
    "neighbours_in_areas": (
        "MATCH (x:Area)<-[:IN_AREA]-(a:Retailer)-[:NEIGHBOURS]->(b:Retailer)-[:IN_AREA]->(y:Area) "
        "WHERE x.code IN $areas AND y.code IN $areas RETURN a.id AS a, b.id AS b"
    ),
    "territory_plan_list": (
        "MATCH (p:TerritoryPlan) RETURN p.id AS id, p.created_at AS created_at, "
        "p.kind AS kind, p.summary AS summary, p.applied_by AS applied_by, "
        "p.replaced AS replaced, p.seq AS seq"
    ),
    "team_edges": (
        "MATCH (s:Staff)-[e:SERVES]->(a:Area) "
        "RETURN s.employee_no AS staff, a.code AS area, e.role AS role ORDER BY staff, area"
    ),
    "lead_edges": (
        "MATCH (s:Staff)-[:LEADS]->(a:Area) RETURN s.employee_no AS staff, a.code AS area"
    ),
    "staff_list": (
        "MATCH (s:Staff) RETURN s.employee_no AS employee_no, s.name AS name, s.phone AS phone, "
        "s.role AS role ORDER BY employee_no"
    ),
    "driver_vehicles": (
        "MATCH (s:Staff)-[:DRIVES]->(v:Vehicle) RETURN s.employee_no AS staff, v.id AS vehicle"
    ),
    "fleet": (
        "MATCH (v:Vehicle)-[:BASED_AT]->(d:Depot) RETURN v.id AS id, "
        "v.capacity_cases AS capacity_cases, v.crew_size AS crew_size, d.id AS depot, "
        "d.kind AS depot_kind, d.lon AS depot_lon, d.lat AS depot_lat ORDER BY id"
    ),
    "depot_districts": (
        "MATCH (d:Depot)-[:COVERS]->(x:District) RETURN d.id AS depot, x.adcode AS district"
    ),
    "delete_retailers": (
        "UNWIND $ids AS k MATCH (r:Retailer {id: k}) "
        "OPTIONAL MATCH "
        "(r)-[:ORDERED|SCORED|CLASS_CHANGED|CHANGE_REQUESTED|AUDITED|HAS_CASE|ANSWERED]->(x) "
        "OPTIONAL MATCH (i:Interaction)-[:ABOUT]->(r) "
        "DETACH DELETE x, i, r RETURN count(DISTINCT k) AS deleted"
    ),
    "delivery_stops": (
        "MATCH (r:Retailer)-[:IN_ZONE]->(:DeliveryZone {number: $zone}) "
        "MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, r.avg_monthly_cases AS cases, "
        "r.order_batch AS batch, r.district_adcode AS district, a.code AS area ORDER BY id"
    ),
    "routes_of_date": "MATCH (t:Route)-[s:STOP]->(r:Retailer) WHERE t.date = $date " + _ROUTE_ROWS,
    "routes_of_date_in_areas": (
        "MATCH (t:Route)-[s:STOP]->(r:Retailer)-[:IN_AREA]->(a:Area) "
        "WHERE t.date = $date AND a.code IN $areas " + _ROUTE_ROWS
    ),
    "delete_routes_of_date": (
        "MATCH (t:Route) WHERE t.date = $date DETACH DELETE t RETURN count(*) AS deleted"
    ),
    "visit_facts": (
        "MATCH (r:Retailer)-[:MANAGED_BY]->(m:Staff) "
        "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, m.employee_no AS manager, "
        "r.visit_frequency_per_week AS per_week, r.visit_minutes AS minutes, "
        "r.visit_batch AS weekday, z.number AS zone, a.code AS area ORDER BY id"
    ),
    "call_facts": (
        "MATCH (r:Retailer)-[:IN_ZONE]->(:DeliveryZone {number: $zone}) "
        "MATCH (r)-[:CALLED_BY]->(c:Staff) MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, r.name AS name, r.phone AS phone, c.employee_no AS agent, "
        "a.code AS area, r.order_batch AS batch, r.key_account AS key_account ORDER BY id"
    ),
    "order_history": (
        "MATCH (r:Retailer)-[:ORDERED]->(o:OrderMonth) RETURN r.id AS retailer_id, "
        "collect(o.month) AS months, collect(o.cases) AS cases, collect(o.amount) AS amounts, "
        "collect(o.orders) AS orders"
    ),
    "scores_in_months": (
        "MATCH (r:Retailer)-[:SCORED]->(s:IncentiveScore) WHERE s.month IN $months "
        "RETURN r.id AS retailer_id, collect(s.role) AS roles, collect(s.month) AS months, "
        "collect(s.law_abiding) AS law_abiding, collect(s.cooperation) AS cooperation, "
        "collect(s.constructive) AS constructive, collect(s.growth) AS growth"
    ),
    "pending_change_requests": (
        "MATCH (r:Retailer)-[:CHANGE_REQUESTED]->(c:ChangeRequest) WHERE c.status = 'pending' "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN c.id AS id, c.retailer_id AS retailer_id, c.field AS field, c.old AS old, "
        "c.new AS new, c.requested_by AS requested_by, c.requested_role AS requested_role, "
        "c.requested_at AS requested_at, c.status AS status, c.decided_by AS decided_by, "
        "c.decided_at AS decided_at, c.note AS note, a.code AS area ORDER BY requested_at, id"
    ),
    "district_list": (
        "MATCH (d:District) RETURN d.adcode AS adcode, d.name AS name, d.name_en AS name_en, "
        "d.kind AS kind ORDER BY adcode"
    ),
    "business_area_list": (
        "MATCH (b:BusinessArea)-[:PART_OF]->(d:District) "
        "RETURN b.id AS id, b.name AS name, b.lon AS lon, b.lat AS lat, d.adcode AS district "
        "ORDER BY id"
    ),
    "check_retailer_links": (
        "MATCH (r:Retailer) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) WITH r, count(a) AS areas "
        "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) WITH r, areas, count(z) AS zones "
        "OPTIONAL MATCH (r)-[:IN_DISTRICT]->(d:District) "
        "WITH r, areas, zones, count(d) AS districts "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) "
        "WITH r, areas, zones, districts, count(m) AS managers "
        "OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "WITH r, areas, zones, districts, managers, count(c) AS agents "
        "WHERE areas <> 1 OR zones <> 1 OR districts <> 1 OR managers <> 1 OR agents <> 1 "
        "RETURN r.id AS id, areas, zones, districts, managers, agents ORDER BY id"
    ),
    "check_area_roles": (
        "MATCH (a:Area) OPTIONAL MATCH (:Staff)-[e:SERVES]->(a) "
        "RETURN a.code AS code, collect(DISTINCT e.role) AS roles ORDER BY code"
    ),
    "check_area_leads": (
        "MATCH (a:Area) OPTIONAL MATCH (s:Staff)-[:LEADS]->(a) "
        "RETURN a.code AS code, count(s) AS leads ORDER BY code"
    ),
    "check_lead_in_team": (
        "MATCH (s:Staff)-[:LEADS]->(a:Area) WHERE NOT EXISTS { MATCH (s)-[:SERVES]->(a) } "
        "RETURN a.code AS area, s.employee_no AS staff ORDER BY area"
    ),
    "check_manager_in_team": (
        "MATCH (r:Retailer)-[:MANAGED_BY]->(s:Staff) MATCH (r)-[:IN_AREA]->(a:Area) "
        "WHERE NOT EXISTS { MATCH (s)-[e:SERVES]->(a) WHERE e.role = 'manager' } "
        "RETURN r.id AS id, s.employee_no AS staff, a.code AS area ORDER BY id"
    ),
    "check_agent_in_team": (
        "MATCH (r:Retailer)-[:CALLED_BY]->(s:Staff) MATCH (r)-[:IN_AREA]->(a:Area) "
        "WHERE NOT EXISTS { MATCH (s)-[e:SERVES]->(a) WHERE e.role = 'agent' } "
        "RETURN r.id AS id, s.employee_no AS staff, a.code AS area ORDER BY id"
    ),
    "check_zone_matches_area": (
        "MATCH (r:Retailer)-[:IN_AREA]->(:Area)-[:AREA_IN_ZONE]->(z:DeliveryZone) "
        "MATCH (r)-[:IN_ZONE]->(y:DeliveryZone) WHERE y.number <> z.number "
        "RETURN r.id AS id, y.number AS zone, z.number AS area_zone ORDER BY id"
    ),
    "check_orphan_orders": (
        "MATCH (o:OrderMonth) WHERE NOT EXISTS { MATCH (:Retailer)-[:ORDERED]->(o) } "
        "RETURN o.id AS id ORDER BY id"
    ),
    "check_self_adjacency": ("MATCH (a:Area)-[:ADJACENT_TO]->(a) RETURN a.code AS code"),
    "delivery_facts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) "
        "RETURN r.id AS id, r.delivery_segment AS segment, r.delivery_route AS route, "
        "a.code AS area, z.number AS zone, m.employee_no AS manager ORDER BY id"
    ),
    "route_stop_facts": (
        "MATCH (t:Route)-[:STOP]->(r:Retailer) "
        "RETURN r.id AS retailer, t.id AS route, t.zone AS zone, t.date AS date"
    ),
    **VIEW_READS,
    **CARE_READS,
}


@dataclass(frozen=True)
class RowFields:
    """How a write statement reads the current row: each dialect binds a batch differently."""

    ref: Callable[[str], str]
    """The expression of one field of the row."""
    carry: Callable[[tuple[str, ...]], str]
    """What a WITH must keep so that later clauses can still read these fields."""


def _neo4j_ref(name: str) -> str:
    return f"row.{name}"


def _neo4j_carry(names: tuple[str, ...]) -> str:
    return "row"


NEO4J_ROWS = RowFields(_neo4j_ref, _neo4j_carry)
"""Neo4j: ``UNWIND $rows AS row`` and ``row.field``."""
ROWS = "UNWIND $rows AS row "


def render_sets(var: str, props: tuple[Property, ...], fields: RowFields) -> str:
    return ", ".join(f"{var}.{p.name} = {fields.ref(p.name)}" for p in props)


def edge_columns(schema: Schema, rel: RelType, *, props: bool = True) -> tuple[Property, ...]:
    """The fields of an edge row: ``src`` and ``dst`` (typed as the endpoint keys), then the
    relationship's properties."""
    src, dst = schema.node(rel.source), schema.node(rel.target)
    key_type = {n.label: next(p.type for p in n.properties if p.name == n.key) for n in (src, dst)}
    ends = (Property("src", key_type[src.label]), Property("dst", key_type[dst.label]))
    return (*ends, *rel.properties) if props else ends[:1]


def _endpoints(schema: Schema, rel: RelType, fields: RowFields) -> str:
    src, dst = schema.node(rel.source), schema.node(rel.target)
    return (
        f"MATCH (a:{src.label} {{{src.key}: {fields.ref('src')}}}) "
        f"MATCH (b:{dst.label} {{{dst.key}: {fields.ref('dst')}}}) "
    )


def _set_edge(rel: RelType, fields: RowFields) -> str:
    return f" SET {render_sets('e', rel.properties, fields)}" if rel.properties else ""


def render_assign(schema: Schema, rel: RelType, fields: RowFields) -> str:
    """Replace each source's edge of a single-valued type (a tail after the rows are bound)."""
    kept = ", ".join(x for x in ("a, b", fields.carry(rel.property_names)) if x)
    return (
        _endpoints(schema, rel, fields)
        + f"OPTIONAL MATCH (a)-[old:{rel.name}]->(:{rel.target}) DELETE old "
        f"WITH DISTINCT {kept} CREATE (a)-[e:{rel.name}]->(b)" + _set_edge(rel, fields)
    )


def render_link(schema: Schema, rel: RelType, fields: RowFields) -> str:
    """Create an edge unless one exists between the endpoints; set its properties (a tail)."""
    return (
        _endpoints(schema, rel, fields) + f"MERGE (a)-[e:{rel.name}]->(b)" + _set_edge(rel, fields)
    )


def render_unlink(schema: Schema, rel: RelType, fields: RowFields) -> str:
    """Delete every edge of the type leaving each source (a tail)."""
    src = schema.node(rel.source)
    return (
        f"MATCH (a:{src.label} {{{src.key}: {fields.ref('src')}}})"
        f"-[e:{rel.name}]->(:{rel.target}) DELETE e"
    )


def upsert_props(node: NodeType, names: tuple[str, ...]) -> tuple[Property, ...]:
    """The non-key properties an upsert writes: `names`, or all when empty."""
    return tuple(
        p for p in node.properties if p.name != node.key and (not names or p.name in names)
    )


def _columns(var: str, node: NodeType) -> str:
    return ", ".join(f"{var}.{p} AS {p}" for p in node.property_names)


def render_all_nodes(node: NodeType) -> str:
    """Every property of every node of the label, ordered by key."""
    return f"MATCH (n:{node.label}) RETURN {_columns('n', node)} ORDER BY n.{node.key}"


def render_children(schema: Schema, rel: RelType, order_by: str) -> str:
    """Every property of the targets of `rel` from the source keyed ``$id``."""
    src, dst = schema.node(rel.source), schema.node(rel.target)
    return (
        f"MATCH (:{src.label} {{{src.key}: $id}})-[:{rel.name}]->(c:{dst.label}) "
        f"RETURN {_columns('c', dst)} ORDER BY c.{order_by}, c.{dst.key}"
    )


def render_node_read(node: NodeType) -> str:
    """Every property of the nodes whose keys are in ``$keys``, one column each."""
    match = f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key}: k}})"
    return f"{match} RETURN {_columns('n', node)}"
