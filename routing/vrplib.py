"""Benchmark instance readers: VRPLIB CVRP (``.vrp``), Solomon VRPTW (``.txt``) and bks.csv.

Each reader returns a `RoutingProblem` and the cost scale: a plan's distance divided by the
scale is the cost in the instance's own units (VRPLIB rounds distances to integers, scale 1;
Solomon truncates them to one decimal, held as tenths, scale 10).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from graph.errors import InvalidInput
from routing.problem import Fleet, RoutingProblem

Matrix = tuple[tuple[int, ...], ...]
SOLOMON_COLUMNS = "CUST NO., XCOORD., YCOORD., DEMAND, READY TIME, DUE DATE, SERVICE TIME"


def read_instance(path: Path | str) -> tuple[RoutingProblem, float]:
    """The problem in a ``.vrp`` (VRPLIB CVRP) or ``.txt`` (Solomon) file and its cost scale.

    Raises InvalidInput naming the file and line of the first malformed entry.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{path.name}: cannot read ({e})") from None
    if path.suffix == ".vrp":
        return parse_cvrp(lines, path.name), 1.0
    if path.suffix == ".txt":
        return parse_solomon(lines, path.name), 10.0
    raise InvalidInput(f"{path.name}: unknown instance type (use .vrp or .txt)")


def read_bks(path: Path | str) -> dict[str, float]:
    """Best-known cost per instance from a CSV with columns instance, kind, n_customers, bks."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        if not {"instance", "bks"} <= set(rows.fieldnames or ()):
            raise InvalidInput(f"{path.name}: line 1: needs columns instance and bks")
        out = {}
        for row in rows:
            try:
                out[row["instance"]] = float(row["bks"])
            except (TypeError, ValueError):
                raise InvalidInput(
                    f"{path.name}: line {rows.line_num}: bks {row['bks']!r} is not a number"
                ) from None
    return out


def parse_cvrp(lines: Sequence[str], source: str) -> RoutingProblem:
    """A VRPLIB CVRP with EUC_2D distances rounded to the nearest integer; the fleet is
    unlimited in practice (twice the vehicles the demand needs, plus five).

    >>> text = '''NAME : t
    ... DIMENSION : 3
    ... CAPACITY : 10
    ... EDGE_WEIGHT_TYPE : EUC_2D
    ... NODE_COORD_SECTION
    ... 1 0 0
    ... 2 3 4
    ... 3 0 1
    ... DEMAND_SECTION
    ... 1 0
    ... 2 4
    ... 3 5
    ... DEPOT_SECTION
    ... 1
    ... -1
    ... EOF'''
    >>> p = parse_cvrp(text.splitlines(), "t.vrp")
    >>> p.distance[0], p.demand, p.fleets[0].count
    ((0, 5, 1), (0, 4, 5), 7)
    """
    header: dict[str, tuple[int, str]] = {}
    rows: dict[str, list[tuple[int, list[str]]]] = {}
    section = ""
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line == "EOF":
            continue
        if ":" in line:
            key, _, value = line.partition(":")
            header[key.strip().upper()] = (no, value.strip())
            section = ""
        elif line.split()[0].upper().endswith("_SECTION"):
            section = line.split()[0].upper()
            rows.setdefault(section, [])
        elif section:
            rows[section].append((no, line.split()))
        else:
            raise InvalidInput(f"{source}: line {no}: unexpected {line!r}")
    return _cvrp_problem(header, rows, source)


def _cvrp_problem(
    header: dict[str, tuple[int, str]], rows: dict[str, list[tuple[int, list[str]]]], source: str
) -> RoutingProblem:
    size = _header_int(header, "DIMENSION", source, minimum=2)
    capacity = _header_int(header, "CAPACITY", source, minimum=1)
    kind = header.get("EDGE_WEIGHT_TYPE", (0, "EUC_2D"))
    if kind[1].upper() != "EUC_2D":
        raise InvalidInput(f"{source}: line {kind[0]}: EDGE_WEIGHT_TYPE {kind[1]} unsupported")
    coords, demands = _cvrp_nodes(rows, source)
    depots = [v for no, parts in rows.get("DEPOT_SECTION", []) for v in _ints(parts, source, no)]
    depots = [d for d in depots if d != -1] or [1]
    nodes = sorted(coords)
    if len(nodes) != size or len(depots) != 1 or depots[0] not in coords:
        raise InvalidInput(
            f"{source}: line {header['DIMENSION'][0]}: DIMENSION {size} needs {size} nodes with "
            f"coordinates and one depot among them (found {len(nodes)} nodes, depots {depots})"
        )
    order = [depots[0]] + [n for n in nodes if n != depots[0]]
    missing = next((n for n in order[1:] if n not in demands), None)
    if missing is not None:
        raise InvalidInput(f"{source}: line {coords[missing][0]}: node {missing} has no demand")
    demand = (0, *(demands[n] for n in order[1:]))
    matrix = to_matrix(np.floor(euclidean([coords[n][1] for n in order]) + 0.5))
    needed = math.ceil(sum(demand) / capacity)
    return RoutingProblem(
        name=header.get("NAME", (0, Path(source).stem))[1],
        distance=matrix,
        duration=matrix,
        demand=demand,
        service=(0,) * size,
        fleets=(Fleet(count=max(1, 2 * needed + 5), capacity=capacity),),
    )


def _cvrp_nodes(
    rows: dict[str, list[tuple[int, list[str]]]], source: str
) -> tuple[dict[int, tuple[int, tuple[float, float]]], dict[int, int]]:
    """Coordinates (with their line) and demands by node id."""
    coords = {}
    for no, parts in rows.get("NODE_COORD_SECTION", []):
        node, x, y = _numbers(parts, 3, source, no, "node x y")
        coords[int(node)] = (no, (x, y))
    demands = {}
    for no, parts in rows.get("DEMAND_SECTION", []):
        node, amount = _numbers(parts, 2, source, no, "node demand")
        if int(node) not in coords:
            raise InvalidInput(f"{source}: line {no}: node {node:g} has no coordinates")
        if amount < 0 or amount != int(amount):
            raise InvalidInput(f"{source}: line {no}: node {node:g} has demand {amount:g}")
        demands[int(node)] = int(amount)
    return coords, demands


def parse_solomon(lines: Sequence[str], source: str) -> RoutingProblem:
    """A Solomon VRPTW: distances and travel times are Euclidean truncated to one decimal,
    held in tenths, as are windows and service times; customer 0 is the depot.

    >>> text = '''t
    ... VEHICLE
    ... NUMBER     CAPACITY
    ...   2         10
    ... CUSTOMER
    ... CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
    ...     0      0         0          0          0       100          0
    ...     1      1         1          3          5        20         10'''
    >>> p = parse_solomon(text.splitlines(), "t.txt")
    >>> p.distance[0][1], p.windows, p.service, p.fleets[0].shift_end
    (14, ((0, 1000), (50, 200)), (0, 100), 1000)
    """
    content = [(no, raw.split()) for no, raw in enumerate(lines, 1) if raw.strip()]
    if not content:
        raise InvalidInput(f"{source}: line 1: empty file")
    vehicles, capacity = _solomon_fleet(content, source)
    table = [
        (no, _numbers(parts, 7, source, no, SOLOMON_COLUMNS))
        for no, parts in _after(content, "CUST", source)
    ]
    for i, (no, row) in enumerate(table):
        if row[0] != i:
            raise InvalidInput(f"{source}: line {no}: customer {row[0]:g}, expected {i}")
        if row[3] < 0:
            raise InvalidInput(f"{source}: line {no}: customer {i} has demand {row[3]:g}")
        if row[4] > row[5]:
            raise InvalidInput(f"{source}: line {no}: customer {i} ready after due date")
    if len(table) < 2:
        raise InvalidInput(f"{source}: line {content[-1][0]}: needs a depot and customers")
    cells = [row for _, row in table]
    matrix = to_matrix(np.floor(euclidean([(r[1], r[2]) for r in cells]) * 10 + 1e-6))
    windows = tuple((round(r[4] * 10), round(r[5] * 10)) for r in cells)
    return RoutingProblem(
        name=content[0][1][0],
        distance=matrix,
        duration=matrix,
        demand=(0, *(round(r[3]) for r in cells[1:])),
        service=(0, *(round(r[6] * 10) for r in cells[1:])),
        fleets=(Fleet(vehicles, capacity, shift_start=windows[0][0], shift_end=windows[0][1]),),
        windows=windows,
        stop_ids=tuple(f"{r[0]:g}" for r in cells[1:]),
    )


def _solomon_fleet(content: list[tuple[int, list[str]]], source: str) -> tuple[int, int]:
    rows = _after(content, "NUMBER", source)
    if not rows:
        raise InvalidInput(f"{source}: line {content[-1][0]}: no vehicle NUMBER CAPACITY row")
    no, parts = rows[0]
    number, capacity = _numbers(parts, 2, source, no, "vehicle number and capacity")
    if number < 1 or capacity <= 0:
        raise InvalidInput(
            f"{source}: line {no}: {number:g} vehicles of capacity {capacity:g} (both must be > 0)"
        )
    return int(number), int(capacity)


def _after(
    content: list[tuple[int, list[str]]], word: str, source: str
) -> list[tuple[int, list[str]]]:
    """The rows after the heading line starting with `word`, up to the next heading."""
    start = next((i for i, (_, p) in enumerate(content) if p[0].upper() == word), None)
    if start is None:
        raise InvalidInput(f"{source}: line {content[-1][0]}: no {word} heading")
    out: list[tuple[int, list[str]]] = []
    for no, parts in content[start + 1 :]:
        if parts[0].isalpha() and len(parts) == 1 and out:
            break
        out.append((no, parts))
    return out


def _numbers(parts: list[str], count: int, source: str, no: int, what: str) -> list[float]:
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InvalidInput(f"{source}: line {no}: expected numbers ({what}), got {parts}") from None
    if len(values) != count:
        raise InvalidInput(f"{source}: line {no}: expected {count} values ({what}), got {parts}")
    return values


def _ints(parts: list[str], source: str, no: int) -> list[int]:
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise InvalidInput(f"{source}: line {no}: expected node numbers, got {parts}") from None


def _header_int(header: dict[str, tuple[int, str]], key: str, source: str, minimum: int) -> int:
    if key not in header:
        raise InvalidInput(f"{source}: line 1: no {key}")
    no, text = header[key]
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(f"{source}: line {no}: {key} {text!r} is not an integer") from None
    if value < minimum:
        raise InvalidInput(f"{source}: line {no}: {key} {value} must be ≥ {minimum}")
    return value


def euclidean(points: Sequence[tuple[float, float]]) -> NDArray[np.float64]:
    """All-pairs straight-line distances.

    >>> euclidean([(0, 0), (3, 4)]).tolist()
    [[0.0, 5.0], [5.0, 0.0]]
    """
    xy = np.asarray(points, dtype=np.float64)
    diff = xy[:, None, :] - xy[None, :, :]
    return np.asarray(np.sqrt((diff**2).sum(axis=-1)), dtype=np.float64)


def to_matrix(values: NDArray[np.float64]) -> Matrix:
    """A float array as the nested int tuples `RoutingProblem` holds.

    >>> to_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    ((0, 1), (1, 0))
    """
    return tuple(tuple(int(v) for v in row) for row in values.tolist())
