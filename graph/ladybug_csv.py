"""Rows as the CSV text LadybugDB's `LOAD FROM` binds (see `graph.ladybug_cypher.render_load`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum

from graph.errors import InvalidInput
from graph.schema import Property, PropType

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""Characters LadybugDB cannot load from CSV: NUL, and lone UTF-16 surrogates (not Unicode
text at all)."""


def _csv_cell(prop: Property, value: object) -> str:
    """One CSV cell: strings always quoted (so an empty string stays empty, not null), null as
    an empty unquoted cell, other types in the text LadybugDB reads back."""
    if value is None:
        return ""
    match prop.type:
        case PropType.STRING:
            text = value.value if isinstance(value, Enum) else str(value)
            if UNSTORABLE.search(text):
                raise InvalidInput(
                    f"{prop.name}: {text[:40]!r} holds a NUL character or a lone surrogate, "
                    "which cannot be stored: remove it"
                )
            return '"' + text.replace('"', '""') + '"'
        case PropType.BOOL:
            return "true" if value else "false"
        case PropType.INT64:
            return str(int(value))  # type: ignore[call-overload]
        case PropType.DOUBLE:
            return repr(float(value))  # type: ignore[arg-type]
        case PropType.DATE:
            return value.isoformat() if isinstance(value, date) else str(value)
    raise TypeError(f"{prop.name}: no CSV form for {prop.type}")


def render_csv(columns: tuple[Property, ...], rows: Sequence[Mapping[str, object]]) -> str:
    '''The rows as CSV text: a header line, then one line per row in column order.

    >>> from graph.schema import Property, PropType
    >>> cols = (Property("id", PropType.STRING), Property("n", PropType.DOUBLE))
    >>> print(render_csv(cols, [{"id": 'a "b"', "n": 1}, {"id": "", "n": None}]), end="")
    c0,c1
    "a ""b""",1.0
    "",
    '''
    lines = [",".join(f"c{i}" for i in range(len(columns)))]
    lines += [",".join(_csv_cell(p, row.get(p.name)) for p in columns) for row in rows]
    return "\n".join(lines) + "\n"
