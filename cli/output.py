"""Terminal output for the `crm` command: JSON on stdout, tables and progress on the terminal,
and the files commands import and the reports they answer with."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as ProgressDisplay
from rich.table import Table

from graph.errors import InvalidInput
from graph.progress import Progress
from graph.serialise import to_data

if TYPE_CHECKING:
    from seeds.service.imports import ImportReport

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


def read_upload(file: Path) -> bytes:
    """The content of a file to import; a missing or unreadable file is bad input."""
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{file}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot be read ({exc.strerror})") from None


def show_import(report: ImportReport, as_json: bool) -> None:
    """An import's counts and every rejected row; exit status 1 when a row was rejected."""
    if as_json:
        print_json(to_data(report))
    else:
        stdout.print(
            f"{report.file}: {report.rows} rows, {report.created} created, "
            f"{report.updated} updated, {report.rejected} rejected"
        )
        if report.errors:
            print_table(
                "rejected rows / 拒收行",
                ["line 行", "column 列", "message 原因"],
                [[e.line, e.column, e.message] for e in report.errors],
            )
        for column, why in report.ignored_columns.items():
            stdout.print(f"ignored column {column!r}: {why}")
    if report.rejected:
        raise typer.Exit(1)


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
