"""``/api/surveys``: the service loop's surveys."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/surveys", tags=["surveys"])
