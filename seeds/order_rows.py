"""Validate imported order rows: (retailer, month) totals out, a `RowError` for every problem
of every rejected row."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from graph.errors import RowError
from graph.model import OrderMonth
from graph.values import CellError
from seeds.importer import Problem
from seeds.tabular import Table

ORDER_COLUMNS = {
    "retailer_id": ("retailer_id", "retailer", "id", "customer", "客户编码", "客户代码"),
    "date": ("date", "order_date", "订单日期", "日期"),
    "month": ("month", "月份"),
    "cases": ("cases", "数量(件)", "购进量(件)", "件数"),
    "cartons": ("cartons", "数量(条)", "条数"),
    "amount": ("amount", "金额", "金额(元)", "购进金额(元)"),
    "orders": ("orders", "订单数"),
}


@dataclass(frozen=True)
class OrderRows:
    months: list[OrderMonth]
    errors: list[RowError]
    rows: int
    ignored: dict[str, str]


def map_order_columns(header: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(field → file column, ignored column → why) for an orders file."""
    found, ignored = {}, {}
    for col in header:
        key = col.strip().lower()
        name = next((n for n, names in ORDER_COLUMNS.items() if key in names), None)
        if name:
            found[name] = col
        elif col:
            ignored[col] = "unknown column"
    return found, ignored


def validate_orders(table: Table, known_retailers: set[str]) -> OrderRows:
    """Per-order rows (with ``date``) are summed into months; monthly rows (with ``month``)
    are taken as they are. Each (retailer, month) then replaces what the graph held. Every
    problem of every row is reported."""
    cols, ignored = map_order_columns(table.header)
    missing = [c for c in ("retailer_id",) if c not in cols]
    if "date" not in cols and "month" not in cols:
        missing.append("date or month")
    if "cases" not in cols and "cartons" not in cols:
        missing.append("cases or cartons")
    errors = [*table.errors]
    if missing:
        errors += [
            RowError(line, "(file)", f"missing column(s): {', '.join(missing)}")
            for line, _ in table.rows
        ]
        return OrderRows([], sorted(errors, key=lambda e: e.line), table.read, ignored)
    errors += [
        RowError(line, "(row)", "cells beyond the last named column") for line in table.overflow
    ]
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for line, cells in table.rows:
        parsed = _parse_order(cells, cols, known_retailers)
        if isinstance(parsed, list):
            errors += [RowError(line, column, message) for column, message in parsed]
        elif line not in table.overflow:
            rid, month, cases, amount, orders = parsed
            t = totals[(rid, month)]
            t[0], t[1], t[2] = t[0] + cases, t[1] + amount, t[2] + orders
    months = [
        OrderMonth(OrderMonth.key(r, m), r, m, round(c, 4), round(a, 2), int(n))
        for (r, m), (c, a, n) in sorted(totals.items())
    ]
    return OrderRows(months, sorted(errors, key=lambda e: e.line), table.read, ignored)


def _number(cells: Mapping[str, str], col: str) -> float:
    text = cells.get(col, "")
    if text == "":
        raise CellError("empty")
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise CellError(f"{text!r} is not a finite number")
    if value < 0:
        raise CellError(f"{value} must not be negative")
    return value


def _month(cells: Mapping[str, str], cols: dict[str, str]) -> tuple[str, int] | Problem:
    """The row's month and its number of orders (1 for a dated order)."""
    col = cols.get("date", cols.get("month", ""))
    try:
        if "date" in cols:
            return date.fromisoformat(cells.get(col, "")[:10]).isoformat()[:7], 1
        month = cells.get(col, "")[:7]
        date.fromisoformat(month + "-01")
    except ValueError:
        return col, f"{cells.get(col, '')!r} is not a date (YYYY-MM-DD) or month (YYYY-MM)"
    try:
        return month, int(_number(cells, cols["orders"])) if "orders" in cols else 1
    except CellError as exc:
        return cols["orders"], str(exc)


def _parse_order(
    cells: Mapping[str, str], cols: dict[str, str], known: set[str]
) -> list[Problem] | tuple[str, str, float, float, int]:
    """(retailer, month, cases, amount, orders) of a row, or each of its problems."""
    problems: list[Problem] = []
    rid = cells.get(cols["retailer_id"], "")
    if not rid or rid not in known:
        why = f"unknown retailer {rid}" if rid else "the retailer id is empty"
        problems.append((cols["retailer_id"], why))
    when = _month(cells, cols)
    if isinstance(when[1], str):
        problems.append((str(when[0]), when[1]))
    numbers = []
    for name in ("cases", "cartons", "amount"):
        if name == "cartons" and "cases" in cols or name not in cols:
            numbers.append(0.0)
            continue
        try:
            numbers.append(_number(cells, cols[name]))
        except CellError as exc:
            problems.append((cols[name], str(exc)))
    if problems:
        return problems
    cases, cartons, amount = numbers
    return rid, str(when[0]), cases + cartons / 50, amount, int(when[1])
