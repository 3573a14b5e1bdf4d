"""Reads behind the API's views that Neo4j and LadybugDB both accept unchanged: retailer
searches, an area's subgraph, the city map's points, the dates with routes, what a person
serves, loads, jobs and class counts.

`graph.portable_cypher.PORTABLE_READS` includes them.
"""

from __future__ import annotations

_SEARCH_FILTERS = (
    "($zone = 0 OR z.number = $zone) AND ($district = '' OR r.district_adcode = $district) "
    "AND ($tier = 0 OR r.tier = $tier) AND ($grade = 0 OR r.grade = $grade) "
    "AND ($value_segment = '' OR r.value_segment = $value_segment) "
    "AND ($lifecycle = '' OR r.lifecycle = $lifecycle) "
    "AND ($text = '' OR r.name CONTAINS $text OR r.licence_no CONTAINS $text "
    "OR r.address CONTAINS $text) "
)
RETAILER_SEARCH = (
    "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
    "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) WITH r, a, z WHERE " + _SEARCH_FILTERS
)
"""Every retailer that passes every filter given ('' and 0 stand for no filter)."""
RETAILER_SEARCH_IN_AREAS = (
    "MATCH (r:Retailer)-[:IN_AREA]->(a:Area) WHERE a.code IN $areas "
    "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) WITH r, a, z WHERE " + _SEARCH_FILTERS
)
"""The same, of the areas listed only (found from the areas: ten times faster)."""
_SEARCH_PAGE = (
    "RETURN r.id AS id, r.name AS name, a.code AS area, z.number AS zone, "
    "r.district_adcode AS district, r.licence_no AS licence_no, r.address AS address, "
    "r.category_code AS category_code, r.tier AS tier, r.grade AS grade, "
    "r.value_segment AS value_segment, r.lifecycle AS lifecycle, "
    "r.avg_monthly_cases AS avg_monthly_cases, r.key_account AS key_account "
    "ORDER BY id SKIP $offset LIMIT $limit"
)
_MAP_COLUMNS = (
    "RETURN collect(r.id) AS ids, collect(coalesce(r.name, '')) AS names, "
    "collect(coalesce(r.licence_no, '')) AS licences, collect(r.lon) AS lon, "
    "collect(r.lat) AS lat, collect(coalesce(a.code, '')) AS areas, "
    "collect(coalesce(r.tier, 0)) AS tiers, collect(coalesce(r.value_segment, '')) AS segments"
)
"""Retailers as one row of columns (unordered; nulls made '' or 0, which collect keeps):
twice as fast to fetch as a row per retailer."""
_ROUTE_DATE = "RETURN DISTINCT t.date AS date ORDER BY date"


VIEW_READS: dict[str, str] = {
    "retailer_search": RETAILER_SEARCH + _SEARCH_PAGE,
    "retailer_search_count": RETAILER_SEARCH + "RETURN count(r) AS total",
    "retailer_search_in_areas": RETAILER_SEARCH_IN_AREAS + _SEARCH_PAGE,
    "retailer_search_in_areas_count": RETAILER_SEARCH_IN_AREAS + "RETURN count(r) AS total",
    "area_graph_head": (
        "MATCH (a:Area {code: $code}) OPTIONAL MATCH (a)-[:AREA_IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (a)-[e:ADJACENT_TO]-(b:Area) "
        "RETURN a.name AS name, a.name_en AS name_en, z.number AS zone, b.code AS neighbour, "
        "b.name AS neighbour_name, e.links AS links ORDER BY neighbour"
    ),
    "area_graph_retailers": (
        "MATCH (r:Retailer)-[:IN_AREA]->(:Area {code: $code}) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "RETURN r.id AS id, r.name AS name, r.tier AS tier, r.value_segment AS value_segment, "
        "m.employee_no AS manager, c.employee_no AS agent ORDER BY id"
    ),
    "area_route_stops": (
        "MATCH (t:Route)-[s:STOP]->(r:Retailer)-[:IN_AREA]->(:Area {code: $code}) "
        "WHERE t.date = $date OPTIONAL MATCH (t)-[:DRIVEN_BY]->(p:Staff) "
        "RETURN t.id AS route, t.trip AS trip, p.employee_no AS driver, p.name AS driver_name, "
        "r.id AS retailer, s.seq AS seq ORDER BY route, seq"
    ),
    "staff_teams": (
        "MATCH (s:Staff {employee_no: $employee_no})-[e:SERVES]->(a:Area) "
        "OPTIONAL MATCH (s)-[l:LEADS]->(a) "
        "RETURN a.code AS area, a.name AS name, e.role AS role, count(l) > 0 AS lead "
        "ORDER BY area, role"
    ),
    "staff_retailers": (
        "MATCH (r:Retailer)-[:MANAGED_BY]->(:Staff {employee_no: $employee_no}) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, 'manager' AS role, a.code AS area "
        "UNION ALL MATCH (r:Retailer)-[:CALLED_BY]->(:Staff {employee_no: $employee_no}) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS id, 'agent' AS role, a.code AS area"
    ),
    "latest_route_date": "MATCH (t:Route) RETURN max(t.date) AS date",
    "route_dates": "MATCH (t:Route) " + _ROUTE_DATE,
    "route_dates_in_areas": (
        "MATCH (t:Route)-[:STOP]->(:Retailer)-[:IN_AREA]->(a:Area) WHERE a.code IN $areas "
        + _ROUTE_DATE
    ),
    "vehicle_capacities": (
        "MATCH (v:Vehicle) RETURN v.id AS id, v.capacity_cases AS capacity_cases"
    ),
    "map_points": "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) " + _MAP_COLUMNS,
    "map_points_in_areas": (
        "MATCH (r:Retailer)-[:IN_AREA]->(a:Area) WHERE a.code IN $areas " + _MAP_COLUMNS
    ),
    "staff_routes": (
        "MATCH (t:Route)-[:DRIVEN_BY]->(:Staff {employee_no: $employee_no}) WHERE t.date = $date "
        "OPTIONAL MATCH (t)-[:USES_VEHICLE]->(v:Vehicle) "
        "OPTIONAL MATCH (t)-[:STOP]->(r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN t.id AS route, t.trip AS trip, t.zone AS zone, t.load_cases AS load_cases, "
        "t.distance_km AS distance_km, v.id AS vehicle, count(r) AS stops, "
        "collect(DISTINCT a.code) AS areas ORDER BY route"
    ),
    "own_retailer_loads": (
        "MATCH (r:Retailer)-[:MANAGED_BY]->(s:Staff) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN s.employee_no AS staff, 'manager' AS role, a.code AS area, "
        "count(r) AS retailers, sum(r.visit_frequency_per_week) AS visits, "
        "sum(CASE WHEN r.visit_frequency_per_week > 0 THEN 0 ELSE 1 END) AS unclassified "
        "UNION ALL MATCH (r:Retailer)-[:CALLED_BY]->(s:Staff) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN s.employee_no AS staff, 'agent' AS role, a.code AS area, "
        "count(r) AS retailers, sum(r.visit_frequency_per_week) AS visits, "
        "sum(CASE WHEN r.visit_frequency_per_week > 0 THEN 0 ELSE 1 END) AS unclassified"
    ),
    "area_volumes": (
        "MATCH (a:Area) OPTIONAL MATCH (a)-[:AREA_IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r:Retailer)-[:IN_AREA]->(a) "
        "RETURN a.code AS area, z.number AS zone, count(r) AS retailers, "
        "sum(r.avg_monthly_cases) AS cases ORDER BY area"
    ),
    "job_list": (
        "MATCH (j:Job) WHERE $owner = '' OR j.owner = $owner "
        "RETURN j.id AS id, j.kind AS kind, j.owner AS owner, j.state AS state, "
        "j.stage AS stage, j.percent AS percent, j.created_at AS created_at, "
        "j.started_at AS started_at, j.finished_at AS finished_at, j.error AS error "
        "ORDER BY created_at DESC, id DESC"
    ),
    "class_counts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN a.code AS area, r.classified_on IS NOT NULL AS classified, "
        "r.category_code AS category, r.tier AS tier, r.grade AS grade, "
        "r.value_segment AS value_segment, r.service_class AS service_class, "
        "r.points_class AS points_class, r.quadrant AS quadrant, "
        "r.key_account AS key_account, r.lifecycle AS lifecycle, count(*) AS retailers"
    ),
}
