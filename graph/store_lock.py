"""Who may use an embedded store file across processes: an advisory lock beside it.

LadybugDB locks its file only for read-write opens, so a read-only open gives no safety by
itself. Every process therefore takes ``<store>.lock`` with `fcntl.flock`: shared while it only
reads, exclusive while it writes. The lock file also holds a version counter that each write
transaction bumps, so a session that released the store can tell whether the graph changed
before it takes the store again. Each holder names itself in ``<store>.holders/<pid>.json``
(its command and since when), which is what a waiting process tells its user.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
import time
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from graph.errors import StoreBusy

log = logging.getLogger(__name__)

POLL_S = 0.1
DEFAULT_WAIT_S = 60.0


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def holders_dir(path: Path) -> Path:
    return path.with_name(path.name + ".holders")


def command_line() -> str:
    """This process's command as a person typed it: ``crm ...`` for the CLI."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if program in ("crm", "main.py", "__main__.py"):
        program = "crm"
    return " ".join([program, *sys.argv[1:]])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def describe_holders(path: Path) -> str:
    """The other live processes holding the store, as a person reads them."""
    found = []
    for file in sorted(holders_dir(path).glob("*.json")):
        try:
            held = json.loads(file.read_text(encoding="utf-8"))
            pid = int(held["pid"])
        except (OSError, ValueError, KeyError):
            continue
        if pid != os.getpid() and _alive(pid):
            found.append(
                f"`{held['command']}` (process {pid}, {held['mode']}s since {held['since']})"
            )
    return "; ".join(found) or "another process"


def _want_file(path: Path) -> Path:
    """Where this process says it waits for the store (a server that keeps the store open
    lets go when it sees one)."""
    folder = holders_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{os.getpid()}.want"


def others_waiting(path: Path) -> bool:
    """Whether another live process waits for the store."""
    return any(
        f.stem.isdigit() and int(f.stem) != os.getpid() and _alive(int(f.stem))
        for f in holders_dir(path).glob("*.want")
    )


class StoreLock:
    """This process's hold on the lock file: shared for reading, exclusive for writing."""

    def __init__(self, path: Path, wait_s: float = DEFAULT_WAIT_S) -> None:
        self.path = path
        self.wait_s = wait_s
        self._fd: int | None = None
        self.mode: Mode | None = None

    def acquire(self, mode: Mode) -> None:
        """Take the lock in `mode`, waiting up to `wait_s` (telling the user once) for the
        processes that hold it; raise `StoreBusy` naming them when the time is up."""
        assert self._fd is None, "already held"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(self.path), os.O_RDWR | os.O_CREAT, 0o644)
        flag = fcntl.LOCK_SH if mode is Mode.READ else fcntl.LOCK_EX
        deadline = time.monotonic() + self.wait_s
        told = False
        try:
            while True:
                try:
                    fcntl.flock(fd, flag | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        raise StoreBusy(
                            f"the graph at {self.path} is in use by "
                            f"{describe_holders(self.path)}; gave up after {self.wait_s:g} s: "
                            "try again when it has finished"
                        ) from None
                    if not told:
                        log.warning(
                            "waiting for the graph at %s: in use by %s",
                            self.path,
                            describe_holders(self.path),
                        )
                        _want_file(self.path).write_text(mode.value, encoding="utf-8")
                        told = True
                    time.sleep(POLL_S)
        finally:
            if told:
                _want_file(self.path).unlink(missing_ok=True)
        self._fd, self.mode = fd, mode
        self._name_self(mode)

    def _name_self(self, mode: Mode) -> None:
        holder = {
            "pid": os.getpid(),
            "command": command_line(),
            "mode": mode.value,
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        folder = holders_dir(self.path)
        folder.mkdir(exist_ok=True)
        for stale in folder.glob("*.json"):  # left by killed processes
            if stale.stem.isdigit() and not _alive(int(stale.stem)):
                stale.unlink(missing_ok=True)
        (folder / f"{os.getpid()}.json").write_text(json.dumps(holder), encoding="utf-8")

    def release(self) -> None:
        if self._fd is None:
            return
        (holders_dir(self.path) / f"{os.getpid()}.json").unlink(missing_ok=True)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd, self.mode = None, None

    def version(self) -> int:
        """The write counter kept in the lock file (0 for a new store)."""
        assert self._fd is not None, "read the version while holding the lock"
        text = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else 0

    def bump(self) -> None:
        """Count one more write transaction (exclusive holders only)."""
        assert self._fd is not None and self.mode is Mode.WRITE, "bump while writing"
        data = str(self.version() + 1).encode("ascii")
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, data, 0)
