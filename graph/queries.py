"""The intentions a store can carry out; each backend maps every member to its own statement.

Writes are declared against the schema (`Upsert`, `Assign`, `Link`) and rendered by the
backend's cypher module; reads are named and hand-written there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar


@dataclass(frozen=True)
class Upsert:
    """Create or update nodes by key; rows hold the key and `props` (all when empty)."""

    params: ClassVar[tuple[str, ...]] = ("rows",)
    label: str
    props: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assign:
    """Replace a source's single edge of a type: rows are ``{src, dst, **props}``."""

    params: ClassVar[tuple[str, ...]] = ("rows",)
    rel: str


@dataclass(frozen=True)
class Link:
    """Create an edge unless it exists: rows are ``{src, dst, **props}``."""

    params: ClassVar[tuple[str, ...]] = ("rows",)
    rel: str


@dataclass(frozen=True)
class Unlink:
    """Delete edges of a type leaving each source: rows are ``{src}``."""

    params: ClassVar[tuple[str, ...]] = ("rows",)
    rel: str


@dataclass(frozen=True)
class NodeRead:
    """Every property of the nodes whose keys are listed in parameter ``keys``."""

    params: ClassVar[tuple[str, ...]] = ("keys",)
    label: str


@dataclass(frozen=True)
class AllNodes:
    """Every property of every node of a label, ordered by key."""

    params: ClassVar[tuple[str, ...]] = ()
    label: str


@dataclass(frozen=True)
class Children:
    """Every property of the targets of `rel` from the source whose key is ``$id``."""

    params: ClassVar[tuple[str, ...]] = ("id",)
    rel: str
    order_by: str


@dataclass(frozen=True)
class Read:
    """A named read; its parameters are listed for the linter and for callers. One that
    `writes` (deletes) runs in a write transaction."""

    name: str
    params: tuple[str, ...] = ()
    writes: bool = False


CLASS_FIELDS = (
    "avg_monthly_cases",
    "avg_monthly_amount",
    "avg_carton_price",
    "purchase_cases_12m",
    "purchase_amount_12m",
    "order_frequency",
    "customer_class",
    "category_code",
    "tier",
    "grade",
    "price_structure",
    "value_score",
    "value_segment",
    "service_class",
    "incentive_points",
    "points_class",
    "rebate_rate",
    "quadrant",
    "key_account",
    "key_scope",
    "key_depth",
    "lifecycle",
    "visit_frequency_per_week",
    "visit_minutes",
    "classified_on",
    "class_explanations",
)
"""Retailer fields written by classification."""


SEARCH_PARAMS = ("zone", "district", "tier", "grade", "value_segment", "lifecycle", "text")
"""The filters of a retailer search."""


class Query(Enum):
    UPSERT_RETAILERS = Upsert("Retailer")
    UPSERT_ORDER_MONTHS = Upsert("OrderMonth")
    UPSERT_STAFF = Upsert("Staff")
    UPSERT_AREAS = Upsert("Area")
    UPSERT_ZONES = Upsert("DeliveryZone")
    UPSERT_DISTRICTS = Upsert("District")
    UPSERT_BUSINESS_AREAS = Upsert("BusinessArea")
    UPSERT_DEPOTS = Upsert("Depot")
    UPSERT_VEHICLES = Upsert("Vehicle")
    UPSERT_ROUTES = Upsert("Route")
    UPSERT_INCENTIVE_SCORES = Upsert("IncentiveScore")
    UPSERT_CLASS_CHANGES = Upsert("ClassChange")
    UPSERT_CHANGE_REQUESTS = Upsert("ChangeRequest")
    UPSERT_AUDIT_ENTRIES = Upsert("AuditEntry")
    UPSERT_TERRITORY_PLANS = Upsert("TerritoryPlan")
    UPSERT_USERS = Upsert("User")
    UPSERT_API_KEYS = Upsert("ApiKey")
    UPSERT_JOBS = Upsert("Job")
    UPSERT_INTERACTIONS = Upsert("Interaction")
    UPSERT_CASES = Upsert("ServiceCase")
    UPSERT_ALERTS = Upsert("Alert")
    UPSERT_SURVEY_ANSWERS = Upsert("SurveyAnswer")
    UPSERT_SURVEY_WAVES = Upsert("SurveyWave")
    UPSERT_ACTIONS = Upsert("Action")
    SET_RETAILER_CLASSES = Upsert("Retailer", CLASS_FIELDS)
    SET_RETAILER_PURCHASES = Upsert(
        "Retailer",
        (
            "avg_monthly_cases",
            "avg_monthly_amount",
            "avg_carton_price",
            "purchase_cases_12m",
            "purchase_amount_12m",
            "order_frequency",
        ),
    )
    SET_RETAILER_DELIVERY = Upsert("Retailer", ("delivery_segment", "delivery_route"))

    SET_RETAILER_AREAS = Assign("IN_AREA")
    SET_RETAILER_ZONES = Assign("IN_ZONE")
    SET_RETAILER_DISTRICTS = Assign("IN_DISTRICT")
    SET_RETAILER_BUSINESS_AREAS = Assign("IN_BUSINESS_AREA")
    SET_RETAILER_MANAGERS = Assign("MANAGED_BY")
    SET_RETAILER_AGENTS = Assign("CALLED_BY")
    SET_AREA_ZONES = Assign("AREA_IN_ZONE")
    SET_BUSINESS_AREA_DISTRICTS = Assign("PART_OF")
    SET_VEHICLE_DEPOTS = Assign("BASED_AT")
    SET_ROUTE_DRIVERS = Assign("DRIVEN_BY")
    SET_ROUTE_VEHICLES = Assign("USES_VEHICLE")
    SET_ROUTE_DEPOTS = Assign("DEPARTS_FROM")
    SET_USER_STAFF = Assign("IS_STAFF")
    SET_INTERACTION_RETAILERS = Assign("ABOUT")
    SET_CASE_OWNERS = Assign("OWNED_BY")
    LINK_STAFF_INTERACTIONS = Link("LOGGED")
    LINK_RETAILER_CASES = Link("HAS_CASE")
    LINK_CASE_ALERTS = Link("RAISED")
    LINK_RETAILER_ANSWERS = Link("ANSWERED")
    LINK_AREA_ACTIONS = Link("OWES")
    LINK_RETAILER_ORDERS = Link("ORDERED")
    LINK_RETAILER_SCORES = Link("SCORED")
    LINK_RETAILER_CLASS_CHANGES = Link("CLASS_CHANGED")
    LINK_RETAILER_CHANGE_REQUESTS = Link("CHANGE_REQUESTED")
    LINK_RETAILER_AUDIT = Link("AUDITED")
    LINK_TEAM_MEMBERS = Link("SERVES")
    LINK_AREA_LEADS = Link("LEADS")
    LINK_ADJACENT_AREAS = Link("ADJACENT_TO")
    LINK_DEPOT_DISTRICTS = Link("COVERS")
    LINK_DRIVER_VEHICLES = Link("DRIVES")
    LINK_ROUTE_STOPS = Link("STOP")
    LINK_RETAILER_NEIGHBOURS = Link("NEIGHBOURS")
    UNLINK_TEAM_MEMBERS = Unlink("SERVES")
    UNLINK_AREA_LEADS = Unlink("LEADS")
    UNLINK_ADJACENT_AREAS = Unlink("ADJACENT_TO")
    UNLINK_RETAILER_NEIGHBOURS = Unlink("NEIGHBOURS")

    NODE_COUNTS = Read("node_counts")
    REL_COUNTS = Read("rel_counts")
    AREA_LIST = Read("area_list")
    AREA_TEAM = Read("area_team", ("code",))
    AREA_RETAILERS = Read("area_retailers", ("code",))
    AREA_NEIGHBOURS = Read("area_neighbours", ("code",))
    RETAILERS = NodeRead("Retailer")
    STAFF = NodeRead("Staff")
    STAFF_AREAS = Read("staff_areas", ("employee_no",))
    AREA_GRAPH_HEAD = Read("area_graph_head", ("code",))
    AREA_GRAPH_RETAILERS = Read("area_graph_retailers", ("code",))
    AREA_ROUTE_STOPS = Read("area_route_stops", ("code", "date"))
    STAFF_TEAMS = Read("staff_teams", ("employee_no",))
    STAFF_RETAILERS = Read("staff_retailers", ("employee_no",))
    STAFF_ROUTES = Read("staff_routes", ("employee_no", "date"))
    LATEST_ROUTE_DATE = Read("latest_route_date")
    OWN_RETAILER_LOADS = Read("own_retailer_loads")
    AREA_VOLUMES = Read("area_volumes")
    MAP_POINTS = Read("map_points")
    MAP_POINTS_IN_AREAS = Read("map_points_in_areas", ("areas",))
    ALL_RETAILERS = AllNodes("Retailer")
    CHANGE_REQUESTS = NodeRead("ChangeRequest")
    USERS = NodeRead("User")
    ALL_USERS = AllNodes("User")
    API_KEYS = NodeRead("ApiKey")
    ALL_API_KEYS = AllNodes("ApiKey")
    JOBS = NodeRead("Job")
    ALL_JOBS = AllNodes("Job")
    JOB_LIST = Read("job_list", ("owner",))
    CLASS_COUNTS = Read("class_counts")
    RETAILER_CLASS_HISTORY = Children("CLASS_CHANGED", "changed_on")
    RETAILER_CHANGE_REQUESTS = Children("CHANGE_REQUESTED", "requested_at")
    RETAILER_AUDIT = Children("AUDITED", "changed_at")
    PENDING_CHANGE_REQUESTS = Read("pending_change_requests")
    CLASS_FACTS = Read("class_facts")
    TERRITORY_FACTS = Read("territory_facts")
    MOVE_FACTS = Read("move_facts")
    NEIGHBOURS_IN_AREAS = Read("neighbours_in_areas", ("areas",))
    TERRITORY_PLAN_LIST = Read("territory_plan_list")
    TERRITORY_PLANS = NodeRead("TerritoryPlan")
    TEAM_EDGES = Read("team_edges")
    LEAD_EDGES = Read("lead_edges")
    STAFF_LIST = Read("staff_list")
    DRIVER_VEHICLES = Read("driver_vehicles")
    FLEET = Read("fleet")
    DEPOT_DISTRICTS = Read("depot_districts")
    DELETE_RETAILERS = Read("delete_retailers", ("ids",), writes=True)
    DELIVERY_STOPS = Read("delivery_stops", ("zone",))
    ROUTES_OF_DATE = Read("routes_of_date", ("date",))
    ROUTES_OF_DATE_IN_AREAS = Read("routes_of_date_in_areas", ("date", "areas"))
    ROUTE_DATES = Read("route_dates")
    ROUTE_DATES_IN_AREAS = Read("route_dates_in_areas", ("areas",))
    VEHICLE_CAPACITIES = Read("vehicle_capacities")
    DELETE_ROUTES_OF_DATE = Read("delete_routes_of_date", ("date",), writes=True)
    VISIT_FACTS = Read("visit_facts")
    CALL_FACTS = Read("call_facts", ("zone",))
    ORDER_HISTORY = Read("order_history")
    SCORES_IN_MONTHS = Read("scores_in_months", ("months",))
    RETAILER_POSITIONS = Read("retailer_positions")
    RETAILER_NEIGHBOURS = Read("retailer_neighbours")
    ORDERS_OF_RETAILERS = Read("orders_of_retailers", ("ids",))
    LATEST_ORDER_MONTH = Read("latest_order_month")
    DISTRICT_LIST = Read("district_list")
    BUSINESS_AREA_LIST = Read("business_area_list")
    RETAILER_TEAM = Read("retailer_team", ("id",))
    RETAILER_ORDERS = Read("retailer_orders", ("id",))
    RETAILER_KEYS = Read("retailer_keys", ("ids",))
    RETAILER_AREAS = Read("retailer_areas", ("ids",))
    RETAILER_SEARCH = Read("retailer_search", SEARCH_PARAMS + ("offset", "limit"))
    RETAILER_SEARCH_COUNT = Read("retailer_search_count", SEARCH_PARAMS)
    RETAILER_SEARCH_IN_AREAS = Read(
        "retailer_search_in_areas", ("areas", *SEARCH_PARAMS, "offset", "limit")
    )
    RETAILER_SEARCH_IN_AREAS_COUNT = Read(
        "retailer_search_in_areas_count", ("areas", *SEARCH_PARAMS)
    )
    STAFF_KEYS = Read("staff_keys", ("ids",))
    ORDER_MONTH_KEYS = Read("order_month_keys", ("ids",))
    CHECK_RETAILER_LINKS = Read("check_retailer_links")
    CHECK_AREA_ROLES = Read("check_area_roles")
    CHECK_AREA_LEADS = Read("check_area_leads")
    CHECK_LEAD_IN_TEAM = Read("check_lead_in_team")
    CHECK_MANAGER_IN_TEAM = Read("check_manager_in_team")
    CHECK_AGENT_IN_TEAM = Read("check_agent_in_team")
    CHECK_ZONE_MATCHES_AREA = Read("check_zone_matches_area")
    CHECK_ORPHAN_ORDERS = Read("check_orphan_orders")
    CHECK_SELF_ADJACENCY = Read("check_self_adjacency")
    DELIVERY_FACTS = Read("delivery_facts")
    ROUTE_STOP_FACTS = Read("route_stop_facts")
    DELETE_BATCH = Read("delete_batch", ("limit",), writes=True)
    # care: interactions and adherence
    INTERACTIONS = NodeRead("Interaction")
    RETAILER_INTERACTIONS = Read("retailer_interactions", ("id",))
    VISITS_BETWEEN = Read("visits_between", ("first", "last"))
    LATEST_VISIT_DAY = Read("latest_visit_day")
    VISIT_SHOPS = Read("visit_shops")
    # care: cases and alerts
    CASES = NodeRead("ServiceCase")
    CASE_LIST = Read("case_list")
    CASE_COUNT = Read("case_count")
    OPEN_CASE_ALERTS = Read("open_case_alerts")
    ALL_ALERTS = AllNodes("Alert")
    CASE_ALERTS = Children("RAISED", "raised_at")
    # care: surveys and actions
    SURVEY_ANSWER_FACTS = Read("survey_answer_facts", ("wave",))
    SURVEY_ANSWER_WAVES = Read("survey_answer_waves")
    SURVEY_LAST_ANSWERS = Read("survey_last_answers")
    SURVEY_ANSWERS = NodeRead("SurveyAnswer")
    SURVEY_WAVES = NodeRead("SurveyWave")
    ALL_SURVEY_WAVES = AllNodes("SurveyWave")
    ACTIONS = NodeRead("Action")
    ALL_ACTIONS = AllNodes("Action")
    # care: incentive points
    POINTS_SCORES = Read("points_scores", ("months",))
    POINTS_AREA_TEAMS = Read("points_area_teams")
    POINTS_LATEST_MONTH = Read("points_latest_month")
    POINTS_SCORERS = Read("points_scorers", ("ids",))
    RETAILER_SCORES = Read("retailer_scores", ("id", "months"))
    INCENTIVE_SCORES = NodeRead("IncentiveScore")
    # care: activity generator
    ACTIVITY_FACTS = Read("activity_facts")
    SEED_WAVES = Read("seed_waves")
    DELETE_SEED_INTERACTIONS = Read("delete_seed_interactions", writes=True)
    DELETE_SEED_ALERTS = Read("delete_seed_alerts", ("prefix",), writes=True)
    DELETE_SEED_CASES = Read("delete_seed_cases", ("prefix",), writes=True)
    DELETE_WAVE_ANSWERS = Read("delete_wave_answers", ("waves",), writes=True)
    DELETE_SEED_WAVES = Read("delete_seed_waves", writes=True)
    DELETE_ACTIONS_FROM = Read("delete_actions_from", ("prefix",), writes=True)
