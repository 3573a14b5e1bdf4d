"""The bench's server: a copy of the store, and ``crm serve`` on it on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph.database import ladybug_path
from graph.errors import InvalidInput, StoreUnavailable

HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


def copy_store(url: str, folder: Path) -> Path:
    """Copy the embedded store of `url` (with its write-ahead log, if any) into `folder`, so
    the bench never touches the original; the copy's database file."""
    if not url.startswith("ladybug://"):
        raise InvalidInput(f"bench api copies an embedded store; {url!r} is not ladybug:///…")
    source = ladybug_path(url)
    if not source.is_file():
        raise StoreUnavailable(f"no graph at {source}: seed or import one first")
    copy = folder / "graph"
    shutil.copyfile(source, copy)
    wal = source.with_name(source.name + ".wal")
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


def free_port() -> int:
    """A TCP port nobody listens on at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base: str
    """``http://127.0.0.1:<port>``"""
    pid: int


@contextmanager
def serving(store: Path, log: Path) -> Iterator[Server]:
    """``crm --store <store> serve`` on 127.0.0.1 and a free port until the block ends,
    once ``GET /api/health`` answers 200. Output goes to `log`."""
    port = free_port()
    argv = [sys.executable, "-m", "cli.main", "--store", f"ladybug://{store}", "serve"]
    argv += ["--host", HOST, "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        try:
            base = f"http://{HOST}:{port}"
            _wait_healthy(server, base, log)
            yield Server(base, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise StoreUnavailable(f"the server stopped (status {server.returncode}):\n{tail}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise StoreUnavailable(f"the server did not answer {base}/api/health in {START_TIMEOUT_S} s")
