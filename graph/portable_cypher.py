"""Read statements that Neo4j and LadybugDB both accept unchanged.

Each backend's cypher module starts from these and adds its own dialect's statements.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.schema import NodeType, Property, RelType, Schema

ValueOf = Callable[[Property], str]
"""Renders the expression that reads one property from ``row`` (dialects cast differently)."""
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
    "staff_keys": "UNWIND $ids AS k MATCH (n:Staff {employee_no: k}) RETURN n.employee_no AS key",
    "order_month_keys": "UNWIND $ids AS k MATCH (n:OrderMonth {id: k}) RETURN n.id AS key",
    "retailer_positions": (
        "MATCH (r:Retailer)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, a.code AS area, "
        "m.employee_no AS manager, c.employee_no AS agent"
    ),
    "orders_of_retailers": (
        "UNWIND $ids AS k MATCH (r:Retailer {id: k})-[:ORDERED]->(o:OrderMonth) "
        "RETURN r.id AS retailer_id, o.id AS id, o.month AS month, o.cases AS cases, "
        "o.amount AS amount, o.orders AS orders"
    ),
    "latest_order_month": "MATCH (o:OrderMonth) RETURN max(o.month) AS month",
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
}


def render_sets(var: str, props: tuple[Property, ...], value: ValueOf) -> str:
    return ", ".join(f"{var}.{p.name} = {value(p)}" for p in props)


def _endpoints(schema: Schema, rel: RelType) -> str:
    src, dst = schema.node(rel.source), schema.node(rel.target)
    return (
        f"UNWIND $rows AS row MATCH (a:{src.label} {{{src.key}: row.src}}) "
        f"MATCH (b:{dst.label} {{{dst.key}: row.dst}}) "
    )


def _set_edge(rel: RelType, value: ValueOf) -> str:
    return f" SET {render_sets('e', rel.properties, value)}" if rel.properties else ""


def render_assign(schema: Schema, rel: RelType, value: ValueOf) -> str:
    """Replace each source's edge of a single-valued type."""
    return (
        _endpoints(schema, rel)
        + f"OPTIONAL MATCH (a)-[old:{rel.name}]->(:{rel.target}) DELETE old "
        f"WITH DISTINCT a, b, row CREATE (a)-[e:{rel.name}]->(b)" + _set_edge(rel, value)
    )


def render_link(schema: Schema, rel: RelType, value: ValueOf) -> str:
    """Create an edge unless one exists between the two endpoints; set its properties."""
    return _endpoints(schema, rel) + f"MERGE (a)-[e:{rel.name}]->(b)" + _set_edge(rel, value)


def render_unlink(schema: Schema, rel: RelType) -> str:
    """Delete every edge of the type leaving each source."""
    src = schema.node(rel.source)
    return (
        f"UNWIND $rows AS row MATCH (a:{src.label} {{{src.key}: row.src}})"
        f"-[e:{rel.name}]->(:{rel.target}) DELETE e"
    )


def render_node_read(node: NodeType) -> str:
    """Every property of the nodes whose keys are in ``$keys``, one column each."""
    columns = ", ".join(f"n.{p} AS {p}" for p in node.property_names)
    return f"UNWIND $keys AS k MATCH (n:{node.label} {{{node.key}: k}}) RETURN {columns}"
