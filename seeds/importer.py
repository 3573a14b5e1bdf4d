"""Validate imported retailer rows: valid records out, a `RowError` for every problem of every
rejected row (orders: `seeds.order_rows`).

Columns may be named by field (``licence_no``), English label or Chinese label (``专卖许可证号``);
enum cells take codes or Chinese names (``Z`` or ``食杂店``). Nothing is dropped silently:
every rejected row is reported with its line, column and reason, and unknown or derived
columns are reported as ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.errors import RowError
from graph.governance import PROPS, value_problem
from graph.model import Change
from graph.schema import SCHEMA, Property
from graph.values import CellError, parse_cell
from seeds.geo import district_shapes, km_outside
from seeds.tabular import Table

RETAILER = SCHEMA.node("Retailer")
EDGE_COLUMNS = {
    "area": ("area", "片区", "片区编码"),
    "manager": ("manager", "客户经理"),
    "agent": ("agent", "坐席员", "电话订货员"),
}
REQUIRED_NEW = ("name", "lon", "lat", "district_adcode", "business_format", "outlet_scale")
MARGIN_KM = 2.0
"""How far outside its district's polygon a retailer may lie (borders are drawn coarsely)."""


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
            ignored[col] = f"{prop.name} is derived from order history, areas or routes"
        elif prop is not None:
            fields[prop.name] = col
        elif edge is not None:
            fields[edge] = col
        elif col:
            ignored[col] = "unknown column"
    return ColumnMap(fields, ignored)


@dataclass(frozen=True)
class Known:
    """What the graph already holds, for reference checks."""

    retailers: set[str]
    districts: set[str]
    areas: set[str]
    staff: set[str]
    held: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """The graph's records of the retailers the file names, for the fields a row leaves out."""


Problem = tuple[str, str]
"""(column, message) of one problem in a row."""


def validate_retailers(table: Table, known: Known, *, margin_km: float = MARGIN_KM) -> RetailerRows:
    """Parse and check each row, reporting every problem of every row; rows of existing
    retailers may leave columns out. A point more than `margin_km` outside its district's
    polygon is refused."""
    columns = map_retailer_columns(table.header)
    errors = [*table.errors]
    errors += [RowError(n, "(row)", "cells beyond the last named column") for n in table.overflow]
    if "id" not in columns.fields:
        errors += [RowError(n, "id", "no id column (客户编码) in the file") for n, _ in table.rows]
        return RetailerRows([], [], sorted(errors, key=_order), columns)
    first_line: dict[str, int] = {}
    records, lines = [], []
    for line, cells in table.rows:
        values, problems = _parse_row(cells, columns)
        problems += _row_problems(values, columns, known, first_line, margin_km)
        errors += [RowError(line, column, message) for column, message in problems]
        if not problems and line not in table.overflow:
            first_line[str(values["id"])] = line
            records.append(values)
            lines.append(line)
    return RetailerRows(records, lines, sorted(errors, key=_order), columns)


def _order(error: RowError) -> int:
    return error.line


def _parse_row(
    cells: Mapping[str, str], columns: ColumnMap
) -> tuple[dict[str, object], list[Problem]]:
    """The row's values (empty cells as None; cells that fail left out) and each cell's
    problem: its type, then the rules every way in shares (`graph.governance`)."""
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for name, col in columns.fields.items():
        text = cells.get(col, "")
        if name in EDGE_COLUMNS:
            values[name] = text or None
            continue
        try:
            value = parse_cell(PROPS[name], text)
        except CellError as exc:
            problems.append((col, str(exc)))
            continue
        problem = None if value is None else value_problem(name, value)
        if problem is None:
            values[name] = value
        else:
            problems.append((col, problem))
    return values, problems


def _row_problems(
    values: dict[str, object],
    columns: ColumnMap,
    known: Known,
    first_line: dict[str, int],
    margin_km: float,
) -> list[Problem]:
    """Problems of the row as a whole: its id, required fields, references and position."""
    rid, id_col = values.get("id"), columns.fields["id"]
    if not rid:
        return [] if "id" not in values else [(id_col, "the id is empty")]
    problems = []
    if rid in first_line:
        problems.append((id_col, f"duplicate id {rid}, first on line {first_line[str(rid)]}"))
    if rid not in known.retailers:
        for name in REQUIRED_NEW:
            if name in columns.fields and name not in values:
                continue  # its cell already has a problem
            if values.get(name) is None:
                column = columns.fields.get(name, PROPS[name].label_zh)
                problems.append((column, f"{name} is required for a new retailer"))
    return (
        problems
        + _check_references(values, known, columns)
        + _check_position(values, known, columns, margin_km)
    )


def _check_references(values: dict[str, object], known: Known, columns: ColumnMap) -> list[Problem]:
    problems = []
    district = values.get("district_adcode")
    if district is not None and district not in known.districts:
        problems.append((columns.fields["district_adcode"], f"unknown district {district}"))
    if values.get("area") and values["area"] not in known.areas:
        problems.append((columns.fields["area"], f"unknown area {values['area']}"))
    for role in ("manager", "agent"):
        if values.get(role) and values[role] not in known.staff:
            problems.append((columns.fields[role], f"unknown staff member {values[role]}"))
    return problems


def _check_position(
    values: dict[str, object], known: Known, columns: ColumnMap, margin_km: float
) -> list[Problem]:
    """A point more than `margin_km` outside its district's (shipped) polygon, when the row
    gives the point or the district; what it leaves out is taken from the graph."""
    given = {k: values[k] for k in ("lon", "lat", "district_adcode") if values.get(k) is not None}
    if not given:
        return []
    merged = {**known.held.get(str(values["id"]), {}), **given}
    lon, lat, district = (merged.get(k) for k in ("lon", "lat", "district_adcode"))
    shape = district_shapes().get(str(district))
    if not isinstance(lon, float) or not isinstance(lat, float) or shape is None:
        return []
    km = km_outside(shape.polygon, lon, lat)
    if km <= margin_km:
        return []
    column = "/".join(columns.fields.get(k, k) for k in ("lon", "lat"))
    return [
        (
            column,
            f"lon/lat {lon:.2f}, {lat:.2f} is {km:.1f} km outside district {district} "
            f"({shape.name}); at most {margin_km:g} km is allowed",
        )
    ]
