"""``/api/incentive-points``: the service loop's incentive points."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/incentive-points", tags=["incentive points"])
