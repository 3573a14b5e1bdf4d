"""Terminal output for the `crm` command: JSON on stdout, tables and progress on the terminal."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as ProgressDisplay
from rich.table import Table

from graph.progress import Progress

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True)
WORKING = "working"
"""The progress line shown before a command's first report."""


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if hasattr(value, "value"):
        return value.value
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()


def print_table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout.print(table)


@contextmanager
def progress_bar(*, wait_s: float = 1.0) -> Iterator[Progress]:
    """A progress callback ``(stage, done, total)`` drawn on stderr, one bar per stage. The
    display starts with the first report, or after `wait_s` seconds without one with a
    ``working`` line whose clock runs until the first report (reading the graph, say), so a
    long command shows it is alive within `wait_s` and one that fails early prints nothing."""
    bar = ProgressDisplay(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=False,
    )
    tasks: dict[str, Any] = {}
    lock = threading.Lock()

    def update(stage: str, done: int, total: int) -> None:
        with lock:
            if not tasks:
                bar.start()
            if WORKING in tasks:
                bar.remove_task(tasks.pop(WORKING))
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

    def working() -> None:
        with lock:
            if not tasks:
                bar.start()
                tasks[WORKING] = bar.add_task(WORKING, total=None)

    timer = threading.Timer(wait_s, working)
    timer.daemon = True
    timer.start()
    try:
        yield update
    finally:
        timer.cancel()
        with lock:
            if tasks:
                bar.stop()
