"""Service results as JSON-ready data: one generic walk, the same for the CLI and the API."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any


def to_data(value: Any) -> Any:
    """Dataclasses become dicts (field order kept; a trailing ``_`` that keeps a name off a
    Python keyword, as in ``class_``, is dropped), tuples and sets lists, dates ISO text, enums
    their values, numpy scalars plain numbers; NaN becomes None.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class P:
    ...     at: date
    ...     tags: tuple[str, ...]
    ...     class_: str
    >>> to_data(P(date(2026, 12, 3), ("a",), "T1"))
    {'at': '2026-12-03', 'tags': ['a'], 'class': 'T1'}
    """
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name.removesuffix("_"): to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(to_data(k)): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [to_data(v) for v in items]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_data(value.value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return to_data(value.item())
    return value
