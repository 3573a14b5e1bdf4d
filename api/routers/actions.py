"""``/api/actions``: what area teams owe (under-served survey items, breached cases)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/actions", tags=["actions"])
