"""Reads of the service loop that Neo4j and LadybugDB both accept unchanged: interactions and
visit adherence, cases and their alerts, survey answers, incentive scores, area actions.

`graph.portable_cypher.PORTABLE_READS` includes them.
"""

from __future__ import annotations

from dataclasses import fields

from graph.care_model import Case

_CASE_COLUMNS = ", ".join(f"c.{f.name} AS {f.name}" for f in fields(Case))
"""Every property of a case (alias ``c``), named as the record's fields."""

CARE_READS: dict[str, str] = {
    # interactions and adherence
    "retailer_interactions": (
        "MATCH (i:Interaction)-[:ABOUT]->(:Retailer {id: $id}) RETURN i.id AS key"
    ),
    "visits_between": (
        "MATCH (i:Interaction) WHERE i.kind = 'visit' AND i.day >= $first AND i.day <= $last "
        "RETURN i.id AS id, i.retailer_id AS retailer, i.staff_id AS staff, i.day AS day, "
        "i.status AS status, i.started_at AS started_at, i.ended_at AS ended_at, "
        "i.planned_start AS planned_start, i.checkin_lon AS lon, i.checkin_lat AS lat"
    ),
    "latest_visit_day": "MATCH (i:Interaction) WHERE i.kind = 'visit' RETURN max(i.day) AS day",
    "visit_shops": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, r.visit_frequency_per_week AS per_week, "
        "r.visit_minutes AS minutes, r.service_class AS service_class, a.code AS area, "
        "m.employee_no AS manager"
    ),
    # cases and alerts
    "case_list": (
        "MATCH (r:Retailer)-[:HAS_CASE]->(c:ServiceCase) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        f"RETURN {_CASE_COLUMNS}, a.code AS area, r.service_class AS service_class "
        "ORDER BY opened_at, id"
    ),
    "case_count": "MATCH (c:ServiceCase) RETURN count(c) AS n",
    "open_case_alerts": (
        "MATCH (c:ServiceCase)-[:RAISED]->(x:Alert) WHERE c.status <> 'closed' "
        "RETURN x.id AS id"
    ),
    # surveys and actions
    "survey_answer_facts": (
        "MATCH (r:Retailer)-[:ANSWERED]->(s:SurveyAnswer {wave: $wave}) "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN s.id AS id, r.id AS retailer, s.item AS item, s.importance AS importance, "
        "s.satisfaction AS satisfaction, s.kano_functional AS kano_functional, "
        "s.kano_dysfunctional AS kano_dysfunctional, r.service_class AS service_class, "
        "a.code AS area, r.business_format AS business_format ORDER BY id"
    ),
    "survey_answer_waves": (
        "MATCH (s:SurveyAnswer) RETURN s.wave AS wave, count(s) AS answers, "
        "count(DISTINCT s.retailer_id) AS retailers, min(s.answered_on) AS first_on, "
        "max(s.answered_on) AS last_on ORDER BY wave"
    ),
    "survey_last_answers": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:ANSWERED]->(s:SurveyAnswer) "
        "RETURN r.id AS retailer, a.code AS area, max(s.answered_on) AS last_on "
        "ORDER BY retailer"
    ),
    # incentive points
    "points_scores": (
        "MATCH (r:Retailer)-[:SCORED]->(s:IncentiveScore) WHERE s.month IN $months "
        "OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "RETURN r.id AS retailer_id, a.code AS area, s.staff_id AS staff_id, s.role AS role, "
        "s.month AS month, s.law_abiding AS law_abiding, s.cooperation AS cooperation, "
        "s.constructive AS constructive, s.growth AS growth"
    ),
    "points_area_teams": (
        "MATCH (a:Area) OPTIONAL MATCH (r:Retailer)-[:IN_AREA]->(a) "
        "WITH a, count(r) AS retailers OPTIONAL MATCH (s:Staff)-[e:SERVES]->(a) "
        "RETURN a.code AS area, retailers, collect(DISTINCT e.role) AS roles ORDER BY area"
    ),
    "points_latest_month": "MATCH (s:IncentiveScore) RETURN max(s.month) AS month",
    "points_scorers": (
        "UNWIND $ids AS k MATCH (r:Retailer {id: k})-[:IN_AREA]->(a:Area) "
        "MATCH (s:Staff)-[e:SERVES]->(a) "
        "OPTIONAL MATCH (r)-[m:MANAGED_BY]->(s) OPTIONAL MATCH (r)-[c:CALLED_BY]->(s) "
        "RETURN r.id AS retailer_id, a.code AS area, s.employee_no AS staff_id, "
        "e.role AS role, count(m) > 0 AS own_manager, count(c) > 0 AS own_agent"
    ),
    "retailer_scores": (
        "MATCH (r:Retailer {id: $id})-[:SCORED]->(s:IncentiveScore) WHERE s.month IN $months "
        "RETURN s.staff_id AS staff_id, s.role AS role, s.month AS month, "
        "s.law_abiding AS law_abiding, s.cooperation AS cooperation, "
        "s.constructive AS constructive, s.growth AS growth ORDER BY month, role"
    ),
    # activity generator
    "activity_facts": (
        "MATCH (r:Retailer) OPTIONAL MATCH (r)-[:IN_AREA]->(a:Area) "
        "OPTIONAL MATCH (r)-[:IN_ZONE]->(z:DeliveryZone) "
        "OPTIONAL MATCH (r)-[:MANAGED_BY]->(m:Staff) OPTIONAL MATCH (r)-[:CALLED_BY]->(c:Staff) "
        "RETURN r.id AS id, r.lon AS lon, r.lat AS lat, a.code AS area, z.number AS zone, "
        "m.employee_no AS manager, c.employee_no AS agent, r.service_class AS service_class, "
        "r.visit_frequency_per_week AS per_week, r.visit_minutes AS minutes, "
        "r.visit_batch AS weekday, r.key_account AS key_account, "
        "r.business_format AS business_format, r.order_batch AS batch ORDER BY id"
    ),
    "seed_waves": "MATCH (w:SurveyWave) WHERE w.created_by = 'seed' RETURN w.id AS id",
    "delete_seed_interactions": (
        "MATCH (i:Interaction) WHERE i.source = 'seed' DETACH DELETE i RETURN count(*) AS deleted"
    ),
    "delete_seed_alerts": (
        "MATCH (c:ServiceCase)-[:RAISED]->(x:Alert) WHERE c.id STARTS WITH $prefix "
        "DETACH DELETE x RETURN count(*) AS deleted"
    ),
    "delete_seed_cases": (
        "MATCH (c:ServiceCase) WHERE c.id STARTS WITH $prefix "
        "DETACH DELETE c RETURN count(*) AS deleted"
    ),
    "delete_wave_answers": (
        "MATCH (s:SurveyAnswer) WHERE s.wave IN $waves "
        "DETACH DELETE s RETURN count(*) AS deleted"
    ),
    "delete_actions_from": (
        "MATCH (x:Action) WHERE x.id STARTS WITH $prefix DETACH DELETE x RETURN count(*) AS deleted"
    ),
    "delete_seed_waves": (
        "MATCH (w:SurveyWave) WHERE w.created_by = 'seed' "
        "DETACH DELETE w RETURN count(*) AS deleted"
    ),
}
