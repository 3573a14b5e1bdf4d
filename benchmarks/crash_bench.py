"""`crm bench crash`: kill write commands at many instants and check the store each time.

For each command (seed, import, classify, design apply, rebalance apply, perturb, route
planning) on a small city: run it once whole to time it, then kill it with SIGKILL at offsets
spread over its run time, each time from the same starting store. After each kill the store
must open (recovering a damaged log if need be), pass the integrity check, and hold either the
state before the command or the state after one of its write transactions. The child records
the digest of each state it is about to commit (a hook run inside the transaction, before its
COMMIT), so even commands whose result varies from run to run can be judged.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.database import open_database
from graph.integrity import check_graph
from graph.ladybug_store import LadybugSession
from graph.progress import Progress

DAY = "2026-11-02"


@dataclass(frozen=True)
class Case:
    """A command to interrupt: its arguments after ``crm --store URL``, and whether it starts
    from an empty store (seed) or the seeded city."""

    name: str
    args: tuple[str, ...]
    empty: bool = False


@dataclass(frozen=True)
class Kill:
    """What one kill left: whether the store opened, its check passed, and its state."""

    offset_s: float
    opened: bool
    clean: bool
    state: str  # "before", "after" (a committed transaction of the command) or "neither"


@dataclass(frozen=True)
class CaseResult:
    name: str
    run_s: float
    transactions: int
    kills: int
    reopened: int
    clean: int
    before: int
    after: int
    neither: int


def cases(retailers: int, import_file: Path) -> list[Case]:
    return [
        Case("seed", ("seed", "--retailers", str(retailers), "--seed", "7"), empty=True),
        Case("import", ("import", "retailers", str(import_file))),
        Case("classify", ("classify",)),
        Case("design apply", ("territory", "design")),
        Case("rebalance apply", ("territory", "rebalance")),
        Case("perturb", ("seed", "perturb", "--open", "20", "--close", "15")),
        Case("routes plan", ("routes", "plan", "--date", DAY, "--zone", "1", "--time-limit", "3")),
    ]


def import_csv(rows: int) -> bytes:
    """New retailers with the required columns, inside one Hefei district."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["客户编码", "店铺名称", "lon", "lat", "district_adcode", "经营业态", "经营规模"]
    )
    for i in range(rows):
        lon, lat = 117.29 + 0.0004 * (i % 10), 31.855 + 0.0004 * (i // 10)
        writer.writerow(
            [f"NEW{i:04d}", f"新店{i}", f"{lon:.5f}", f"{lat:.5f}", "340103", "便利店", "小"]
        )
    return out.getvalue().encode()


def digest_of(path: Path) -> tuple[bool, bool, str]:
    """Open the store (recovering it if need be): opened, integrity clean, digest."""
    from graph.ladybug_digest import graph_digest

    try:
        db = open_database(f"ladybug://{path}", wait_s=5)
    except Exception:  # noqa: BLE001 - an unopenable store is what this bench counts
        return False, False, ""
    with db, db.session() as session:
        assert isinstance(session, LadybugSession)
        return True, check_graph(session).ok, graph_digest(session)


def _run(store: Path, case: Case, record: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "benchmarks.crash_bench", str(record)]
    argv += ["--store", f"ladybug://{store}", *case.args]
    return subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _fresh(base: Path | None, work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    if base is None:
        work.mkdir(parents=True)
    else:
        shutil.copytree(base, work)
    return work / "graph"


def run_case(case: Case, base: Path, empty: Path, work: Path, kills: int) -> CaseResult:
    """Time one whole run, then kill at `kills` offsets spread over it."""
    start_dir = empty if case.empty else base
    record = work / "record.txt"
    store = _fresh(start_dir, work / "store")
    record.unlink(missing_ok=True)
    began = time.monotonic()
    code = _run(store, case, record).wait()
    run_s = time.monotonic() - began
    if code not in (0, 1):
        raise RuntimeError(f"{case.name}: exit status {code} on a whole run")
    transactions = len(record.read_text().split()) if record.exists() else 0
    before = digest_of(_fresh(start_dir, work / "store"))[2]
    results = []
    for k in range(kills):
        offset = run_s * (k + 0.5) / kills
        store = _fresh(start_dir, work / "store")
        record.unlink(missing_ok=True)
        proc = _run(store, case, record)
        time.sleep(offset)
        os.killpg(proc.pid, signal.SIGKILL)  # the command and any solver processes it started
        proc.wait()
        opened, clean, digest = digest_of(store)
        committed = set(record.read_text().split()) if record.exists() else set()
        state = "before" if digest == before else "after" if digest in committed else "neither"
        results.append(Kill(offset, opened, clean, state if opened else "neither"))
    return CaseResult(
        case.name,
        round(run_s, 2),
        transactions,
        kills,
        sum(r.opened for r in results),
        sum(r.clean for r in results),
        sum(r.state == "before" for r in results),
        sum(r.state == "after" for r in results),
        sum(r.state == "neither" for r in results),
    )


def run(
    *,
    kills: int = 200,
    retailers: int = 240,
    only: Sequence[str] = (),
    progress: Progress | None = None,
) -> list[CaseResult]:
    """Kill each command about ``kills / 7`` times on a city of `retailers`."""
    with tempfile.TemporaryDirectory(prefix="crm-crash-") as tmp:
        root = Path(tmp)
        (root / "import.csv").write_bytes(import_csv(60))
        chosen = [c for c in cases(retailers, root / "import.csv") if not only or c.name in only]
        empty, base = root / "empty", root / "base"
        empty.mkdir()
        seed = next(c for c in cases(retailers, root) if c.name == "seed")
        store = _fresh(None, base)
        if _run(store, seed, root / "seed.txt").wait() != 0:
            raise RuntimeError("seeding the base city failed")
        per_case = max(1, -(-kills // len(chosen)))
        results = []
        for i, case in enumerate(chosen):
            results.append(run_case(case, base, empty, root / "work", per_case))
            if progress:
                progress("crash", i + 1, len(chosen))
        return results


def _child(record: str, argv: list[str]) -> None:
    """Run ``crm argv``, writing the digest of each state about to be committed to `record`."""
    from cli.main import main
    from graph import ladybug_store
    from graph.ladybug_digest import graph_digest

    def note(session: LadybugSession) -> None:
        with open(record, "a", encoding="ascii") as out:
            out.write(graph_digest(session) + "\n")
            out.flush()
            os.fsync(out.fileno())

    ladybug_store.BEFORE_COMMIT.append(note)
    sys.argv = ["crm", *argv]
    main()


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2:])
