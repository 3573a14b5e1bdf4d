"""Reads of the service loop that Neo4j and LadybugDB both accept unchanged: interactions and
visit adherence, cases and their alerts, survey answers, incentive scores, area actions.

`graph.portable_cypher.PORTABLE_READS` includes them.
"""

from __future__ import annotations

CARE_READS: dict[str, str] = {
    # interactions and adherence
    # cases and alerts
    # surveys and actions
    # incentive points
}
