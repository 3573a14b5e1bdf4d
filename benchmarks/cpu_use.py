"""CPU time used by a process tree and by the whole machine, to tell a busy server from a
busy machine."""

from __future__ import annotations

import contextlib

import psutil


def cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process `pid` and its live children (job workers)."""
    process = psutil.Process(pid)
    total = 0.0
    for p in (process, *process.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def machine_cpu_seconds() -> float:
    """CPU seconds all cores of the machine have spent busy since boot."""
    times = psutil.cpu_times()
    busy: float = times.user + times.nice + times.system + times.irq + times.softirq
    return busy
