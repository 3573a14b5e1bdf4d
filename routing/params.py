"""How long and how an engine searches: time budget, seed, iteration cap, first solution."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput

FIRST_SOLUTIONS = (
    "PATH_CHEAPEST_ARC",
    "SAVINGS",
    "PARALLEL_SAVINGS",
    "PARALLEL_CHEAPEST_INSERTION",
    "LOCAL_CHEAPEST_INSERTION",
    "SEQUENTIAL_CHEAPEST_INSERTION",
    "CHRISTOFIDES",
    "AUTOMATIC",
)
"""OR-Tools first-solution strategies `SolveParams.first_solution` may name."""
MIN_LIMIT_S = 0.01
"""The least time a search is given when its budget is spent (an engine needs a positive
limit; this one returns its first solution at once)."""


@dataclass(frozen=True)
class SolveParams:
    """Search settings shared by the routing engines.

    >>> SolveParams(time_limit_s=2, max_iterations=500).time_limit_s
    2
    """

    time_limit_s: float = 10.0
    """Wall-clock budget of one engine run, in seconds (a dispatcher waits seconds, not
    minutes, for an area-day of ~575 stops, DOMAIN.md §4)."""
    seed: int = 0
    """Random seed of the PyVRP search (OR-Tools' search is deterministic by itself)."""
    max_iterations: int | None = None
    """Stop after this many iterations (PyVRP) or solutions (OR-Tools), so that a fixed seed
    gives the same plan; the time limit still caps the run. None: stop on time only."""
    first_solution: str | None = None
    """OR-Tools first-solution strategy (one of `FIRST_SOLUTIONS`); None: chosen from the
    problem (parallel cheapest insertion with time windows, savings without)."""
    workers: int = 2
    """Processes of the ``auto`` engine, which runs OR-Tools and PyVRP side by side."""

    def __post_init__(self) -> None:
        if not self.time_limit_s > 0:
            raise InvalidInput(f"time_limit_s: {self.time_limit_s} must be > 0 seconds")
        if self.seed < 0:
            raise InvalidInput(f"seed: {self.seed} must be ≥ 0")
        if self.max_iterations is not None and self.max_iterations < 1:
            raise InvalidInput(f"max_iterations: {self.max_iterations} must be ≥ 1 or None")
        if self.first_solution is not None and self.first_solution not in FIRST_SOLUTIONS:
            raise InvalidInput(
                f"first_solution: unknown strategy {self.first_solution!r}; "
                f"use one of {', '.join(FIRST_SOLUTIONS)}"
            )
        if self.workers < 1:
            raise InvalidInput(f"workers: {self.workers} must be ≥ 1")

    def less(self, spent_s: float) -> SolveParams:
        """These parameters with `spent_s` seconds less of the time limit (at least
        `MIN_LIMIT_S`): what an engine has left for the search after building its model.

        >>> SolveParams(time_limit_s=2).less(0.5).time_limit_s
        1.5
        """
        return replace(self, time_limit_s=max(MIN_LIMIT_S, self.time_limit_s - spent_s))

    @classmethod
    def from_file(cls, path: Path) -> SolveParams:
        """Parameters from a TOML file of ``name = value`` lines."""
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise InvalidInput(f"{path}: unknown parameters {sorted(unknown)}")
        return cls(**data)
