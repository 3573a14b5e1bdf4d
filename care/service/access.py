"""Who reads what the care loop sums up over areas."""

from __future__ import annotations

from graph.principal import AccountRole
from graph.service.scope import AREA_READERS

AGGREGATE_READERS = (*AREA_READERS, AccountRole.VIEWER)
"""Roles that read figures over the areas in their scope: every area reader and the
viewer (who reads no retailer records)."""
