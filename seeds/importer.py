"""Validate imported retailer and order rows: valid records out, one `RowError` per rejected row.

Columns may be named by field (``licence_no``), English label or Chinese label (``专卖许可证号``);
enum cells take codes or Chinese names (``Z`` or ``食杂店``). Nothing is dropped silently:
every rejected row is reported with its line, column and reason, and unknown or derived
columns are reported as ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.errors import RowError
from graph.model import Change, OrderMonth
from graph.schema import SCHEMA, Property
from graph.values import CellError, parse_cell
from seeds.tabular import Table

RETAILER = SCHEMA.node("Retailer")
EDGE_COLUMNS = {
    "area": ("area", "片区", "片区编码"),
    "manager": ("manager", "客户经理"),
    "agent": ("agent", "坐席员", "电话订货员"),
}
REQUIRED_NEW = ("name", "lon", "lat", "district_adcode", "business_format", "outlet_scale")
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
class ColumnMap:
    """Which file column feeds which field; what was ignored and why."""

    fields: dict[str, str]
    ignored: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RetailerRows:
    """Valid retailer rows (field → value, only the columns given) and the rejected ones."""

    records: list[dict[str, object]]
    lines: list[int]
    errors: list[RowError]
    columns: ColumnMap


def _aliases(prop: Property) -> set[str]:
    return {prop.name.lower(), prop.label_en.lower(), prop.label_zh.lower()}


def map_retailer_columns(header: list[str]) -> ColumnMap:
    """Match file columns to retailer fields and team edges."""
    fields, ignored = {}, {}
    for col in header:
        key = col.strip().lower()
        prop = next((p for p in RETAILER.properties if key in _aliases(p)), None)
        edge = next((name for name, names in EDGE_COLUMNS.items() if key in names), None)
        if prop is not None and prop.change is Change.DERIVED:
            ignored[col] = f"{prop.name} is derived from order history"
        elif prop is not None:
            fields[prop.name] = col
        elif edge is not None:
            fields[edge] = col
        elif col:
            ignored[col] = "unknown column"
    return ColumnMap(fields, ignored)


def _check_ranges(values: dict[str, object]) -> tuple[str, str] | None:
    lon, lat = values.get("lon"), values.get("lat")
    if isinstance(lon, float) and not 73.0 <= lon <= 136.0:
        return "lon", f"{lon} is outside mainland China (73–136°E)"
    if isinstance(lat, float) and not 3.0 <= lat <= 54.0:
        return "lat", f"{lat} is outside mainland China (3–54°N)"
    for name in ("registered_capital_wan", "floor_area_m2", "order_cycle_days"):
        v = values.get(name)
        if isinstance(v, (int, float)) and v < 0:
            return name, f"{v} must not be negative"
    return None


@dataclass(frozen=True)
class Known:
    """What the graph already holds, for reference checks."""

    retailers: set[str]
    districts: set[str]
    areas: set[str]
    staff: set[str]


def validate_retailers(table: Table, known: Known) -> RetailerRows:
    """Parse and check each row; rows of existing retailers may leave columns out."""
    columns = map_retailer_columns(table.header)
    errors = [
        RowError(line, "(row)", "cells beyond the last named column") for line in table.overflow
    ]
    bad_lines = set(table.overflow)
    if "id" not in columns.fields:
        errors += [
            RowError(line, "id", "no id column (客户编码) in the file") for line, _ in table.rows
        ]
        return RetailerRows([], [], errors, columns)
    props = {p.name: p for p in RETAILER.properties}
    first_line: dict[str, int] = {}
    records, lines = [], []
    for line, cells in table.rows:
        if line in bad_lines:
            continue
        error = _validate_row(cells, columns, props, known, first_line, line)
        if isinstance(error, RowError):
            errors.append(error)
        else:
            records.append(error)
            lines.append(line)
    return RetailerRows(records, lines, sorted(errors, key=lambda e: e.line), columns)


def _validate_row(
    cells: Mapping[str, str],
    columns: ColumnMap,
    props: dict[str, Property],
    known: Known,
    first_line: dict[str, int],
    line: int,
) -> RowError | dict[str, object]:
    values: dict[str, object] = {}
    for name, col in columns.fields.items():
        text = cells.get(col, "")
        if name in EDGE_COLUMNS:
            values[name] = text or None
            continue
        try:
            values[name] = parse_cell(props[name], text)
        except CellError as exc:
            return RowError(line, col, str(exc))
    rid = values.get("id")
    if not rid:
        return RowError(line, columns.fields["id"], "the id is empty")
    if rid in first_line:
        return RowError(
            line, columns.fields["id"], f"duplicate id {rid}, first on line {first_line[rid]}"
        )
    if rid not in known.retailers:
        for name in REQUIRED_NEW:
            if values.get(name) is None:
                col = columns.fields.get(name, props[name].label_zh)
                return RowError(line, col, f"{name} is required for a new retailer")
    problem = _check_ranges(values) or _check_references(values, known, columns)
    if problem:
        return RowError(line, columns.fields.get(problem[0], problem[0]), problem[1])
    first_line[str(rid)] = line
    return values


def _check_references(
    values: dict[str, object], known: Known, columns: ColumnMap
) -> tuple[str, str] | None:
    district = values.get("district_adcode")
    if district is not None and district not in known.districts:
        return "district_adcode", f"unknown district {district}"
    if values.get("area") and values["area"] not in known.areas:
        return "area", f"unknown area {values['area']}"
    for role in ("manager", "agent"):
        if values.get(role) and values[role] not in known.staff:
            return role, f"unknown staff member {values[role]}"
    return None


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
    are taken as they are. Each (retailer, month) then replaces what the graph held."""
    cols, ignored = map_order_columns(table.header)
    missing = [c for c in ("retailer_id",) if c not in cols]
    if "date" not in cols and "month" not in cols:
        missing.append("date or month")
    if "cases" not in cols and "cartons" not in cols:
        missing.append("cases or cartons")
    if missing:
        errors = [
            RowError(line, "(file)", f"missing column(s): {', '.join(missing)}")
            for line, _ in table.rows
        ]
        return OrderRows([], errors, len(table.rows), ignored)
    errors = [
        RowError(line, "(row)", "cells beyond the last named column") for line in table.overflow
    ]
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for line, cells in table.rows:
        if line in table.overflow:
            continue
        parsed = _parse_order(cells, cols, known_retailers, line)
        if isinstance(parsed, RowError):
            errors.append(parsed)
            continue
        rid, month, cases, amount, orders = parsed
        t = totals[(rid, month)]
        t[0], t[1], t[2] = t[0] + cases, t[1] + amount, t[2] + orders
    months = [
        OrderMonth(OrderMonth.key(r, m), r, m, round(c, 4), round(a, 2), int(n))
        for (r, m), (c, a, n) in sorted(totals.items())
    ]
    return OrderRows(months, sorted(errors, key=lambda e: e.line), len(table.rows), ignored)


def _number(cells: Mapping[str, str], col: str) -> float:
    text = cells.get(col, "")
    if text == "":
        raise CellError("empty")
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"{text!r} is not a number") from None
    if value < 0:
        raise CellError(f"{value} must not be negative")
    return value


def _parse_order(
    cells: Mapping[str, str], cols: dict[str, str], known: set[str], line: int
) -> RowError | tuple[str, str, float, float, int]:
    rid = cells.get(cols["retailer_id"], "")
    if not rid:
        return RowError(line, cols["retailer_id"], "the retailer id is empty")
    if rid not in known:
        return RowError(line, cols["retailer_id"], f"unknown retailer {rid}")
    try:
        if "date" in cols:
            text = cells.get(cols["date"], "")
            month, orders = date.fromisoformat(text[:10]).isoformat()[:7], 1
        else:
            month = cells.get(cols["month"], "")[:7]
            date.fromisoformat(month + "-01")
            orders = int(_number(cells, cols["orders"])) if "orders" in cols else 1
    except ValueError:
        col = cols.get("date", cols.get("month", ""))
        return RowError(
            line, col, f"{cells.get(col, '')!r} is not a date (YYYY-MM-DD) or month (YYYY-MM)"
        )
    except CellError as exc:
        return RowError(line, cols["orders"], str(exc))
    try:
        col = cols.get("cases", cols.get("cartons", ""))
        cases = _number(cells, col) if "cases" in cols else _number(cells, col) / 50
        col = cols.get("amount", "amount")
        amount = _number(cells, col) if "amount" in cols else 0.0
    except CellError as exc:
        return RowError(line, col, str(exc))
    return rid, month, cases, amount, orders
