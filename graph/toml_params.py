"""Parameter dataclasses from TOML files: top-level keys are field names, unknown keys refused."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import InvalidInput

T = TypeVar("T")


def read_params(cls: type[T], path: Path, **overrides: Any) -> T:
    """An instance of the dataclass `cls` from `path`'s keys, then `overrides`; TOML arrays
    become tuples where the field's default is a tuple."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{path}: not valid TOML ({exc})") from exc
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - set(known)
    if unknown:
        raise InvalidInput(f"{path}: unknown parameters {sorted(unknown)}")
    for name, value in data.items():
        if isinstance(value, list) and isinstance(known[name].default, tuple):
            data[name] = tuple(value)
    return cls(**{**data, **overrides})
