"""Model records to store rows: plain dicts whose enum members become their values."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

Row = dict[str, Any]
"""One result row; values are whatever the store returns (str, int, float, bool, date, list)."""


def as_row(record: Any) -> dict[str, object]:
    """The record's fields as a dict, enum members replaced by their values.

    >>> from graph.model import Staff, Role
    >>> as_row(Staff("HF0001", "王伟", "13900000000", Role.MANAGER))["role"]
    'manager'
    """
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def edge_rows(pairs: Any, **props: object) -> list[dict[str, object]]:
    """``{src, dst}`` rows from (source, target) pairs or a source → target mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [{"src": s, "dst": d, **props} for s, d in items]
