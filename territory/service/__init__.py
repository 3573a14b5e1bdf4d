"""Territory services: read the graph, call the pure engines, write the results back.

Only these modules touch a session; the engines in `territory/` see plain data.
"""

from territory.graphml import PartitionResult
from territory.service.design import design_territory
from territory.service.partition import partition_graph
from territory.service.rebalance import rebalance_territory
from territory.service.results import DesignResult, RebalanceResult, require_feasible

__all__ = [
    "DesignResult",
    "PartitionResult",
    "RebalanceResult",
    "design_territory",
    "partition_graph",
    "rebalance_territory",
    "require_feasible",
]
