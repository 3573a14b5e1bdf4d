"""Territory services: read the graph, call the pure engines, write the results back.

Only these modules touch a session; the engines in `territory/` see plain data.
"""

from territory.graphml import PartitionResult
from territory.service.design import design_territory
from territory.service.moves import MoveResult, move_retailers
from territory.service.partition import partition_graph
from territory.service.plan_records import CURRENT, PlanSummary
from territory.service.plans import (
    PlanComparison,
    PlanDetail,
    RestoreResult,
    compare_plans,
    list_plans,
    restore_plan,
    show_plan,
)
from territory.service.rebalance import rebalance_territory
from territory.service.results import DesignResult, RebalanceResult, require_feasible

__all__ = [
    "CURRENT",
    "DesignResult",
    "MoveResult",
    "PartitionResult",
    "PlanComparison",
    "PlanDetail",
    "PlanSummary",
    "RebalanceResult",
    "RestoreResult",
    "compare_plans",
    "design_territory",
    "list_plans",
    "move_retailers",
    "partition_graph",
    "rebalance_territory",
    "require_feasible",
    "restore_plan",
    "show_plan",
]
