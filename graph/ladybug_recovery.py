"""Open a LadybugDB file, recovering it when a killed writer left a damaged write-ahead log.

What LadybugDB guarantees (0.22; upstream issue #714, fix #716): a write transaction is logged
to ``<db>.wal`` and folded into the main file at a checkpoint. A process killed while writing
can leave a torn record at the log's end; by default the next open then refuses the whole file
("Checksum verification failed, the WAL file is corrupted"). Opened with
``throw_on_wal_replay_failure=False`` it replays the log's valid prefix and drops the rest:
measured on 40 kills of a writer that checkpoints after each commit, every committed
transaction survived and no partial transaction appeared. Our sessions checkpoint after each
commit (see `graph.ladybug_store`), so a damaged log can only hold the transaction in flight.
Recovery keeps the damaged log beside the store, replays, checkpoints and says so in one line.
"""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.errors import StoreBusy, StoreUnavailable
from graph.store_lock import describe_holders

log = logging.getLogger(__name__)

COMPRESSION = False
"""Column compression is off: with it, updating nodes of a table whose other nodes were
deleted zeroes DOUBLE values of nodes nobody touched (LadybugDB 0.22; measured on the 11,500
retailer city: perturb left 146 order months with amount 0.0, and 50 on a fresh store, none on a
store written without compression). Stores written with it keep their compressed columns."""

DAMAGE_MARKS = ("wal", "checksum", "wal_record", "unreachable")


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def has_log(path: Path) -> bool:
    """Whether a killed writer left work to finish: a log to replay, or a checkpoint in
    progress (its shadow pages and log copy), which only a read-write open completes."""
    wal = wal_path(path)
    if wal.exists() and wal.stat().st_size > 0:
        return True
    pending = (f"{path.name}.shadow", f"{path.name}.wal.checkpoint")
    return any(path.with_name(name).exists() for name in pending)


def open_file(path: Path, *, read_only: bool) -> Any:
    """A `ladybug.Database` on `path`; a read-write open recovers a damaged log."""
    import ladybug

    try:
        return ladybug.Database(str(path), read_only=read_only, compression=COMPRESSION)
    except RuntimeError as exc:
        text = str(exc).splitlines()[0]
        if "lock" in text.lower():
            raise StoreBusy(
                f"the graph at {path} is in use by {describe_holders(path)}: "
                "wait for it to finish, or stop it"
            ) from exc
        if read_only or not any(m in text.lower() for m in DAMAGE_MARKS):
            raise StoreUnavailable(f"cannot open the graph at {path}: {text}") from exc
    return _recover(path)


def _recover(path: Path) -> Any:
    """Keep the damaged log aside, replay its valid prefix, checkpoint, and tell the user."""
    import ladybug

    wal = wal_path(path)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    kept = wal.with_name(f"{wal.name}.damaged-{stamp}")
    shutil.copy2(wal, kept)
    db = ladybug.Database(str(path), throw_on_wal_replay_failure=False, compression=COMPRESSION)
    conn = ladybug.Connection(db)
    try:
        conn.execute("CHECKPOINT")
    finally:
        conn.close()
    log.warning(
        "the graph at %s was interrupted while writing: every committed change was recovered "
        "and the unfinished one dropped; the damaged log is kept at %s",
        path,
        kept,
    )
    return db
