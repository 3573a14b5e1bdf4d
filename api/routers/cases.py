"""``/api/cases``: the service loop's cases."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/cases", tags=["cases"])
