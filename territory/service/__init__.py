"""Territory services: read the graph, call the pure engines, write the results back.

Only these modules touch the store; the engines in `territory/` see plain data.
"""

from territory.service.classification import ClassifyReport, classify_store, default_as_of

__all__ = ["ClassifyReport", "classify_store", "default_as_of"]
