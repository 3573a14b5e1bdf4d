"""Routing services: read the graph, call the pure engines, write routes back.

Only these modules touch a session; the engines in `routing/` see plain data.
"""

from routing.export import DeliveryRoute, RouteStop
from routing.service.calls import CallLists, UnassignedCall, plan_calls
from routing.service.delivery import (
    RoutePlanResult,
    UnservedStop,
    delivery_params,
    plan_routes,
    route_matrix,
)
from routing.service.routes import RouteExport, export_routes, read_routes
from routing.service.visits import AreaShort, MissedVisit, VisitDay, VisitPlan, plan_visits

__all__ = [
    "AreaShort",
    "CallLists",
    "DeliveryRoute",
    "MissedVisit",
    "RouteExport",
    "RoutePlanResult",
    "RouteStop",
    "UnassignedCall",
    "UnservedStop",
    "VisitDay",
    "VisitPlan",
    "delivery_params",
    "export_routes",
    "plan_calls",
    "plan_routes",
    "plan_visits",
    "read_routes",
    "route_matrix",
]
