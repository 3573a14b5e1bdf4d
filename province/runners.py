"""Where the province's tasks run: Ray Core (a laptop's `ray.init()` or a cluster), or one
after another in this process (the serial baseline of `crm bench province`).

Both hand out futures and wait for the first done, so the driver is the same loop either
way. Ray's defaults retry a task whose worker or node was lost; a task that raised is
retried as often (`retry_exceptions`) before its error reaches the driver.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, Protocol

RETRIES = 3
"""Retries of a task whose node was lost or that raised (Ray's default count)."""


class Runner(Protocol):
    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def first_done(self, pending: Sequence[Any]) -> Any: ...

    def result(self, handle: Any) -> Any: ...


class SerialRunner:
    """Runs each task when it is submitted, in this process."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # reported per city by the driver, as Ray's would be
            future.set_exception(exc)
        return future

    def first_done(self, pending: Sequence[Future[Any]]) -> Future[Any]:
        return pending[0]

    def result(self, handle: Future[Any]) -> Any:
        return handle.result()


class RayRunner:
    """Runs each task as a Ray task of one CPU (the solvers are single-threaded)."""

    def __init__(self, address: str | None = None) -> None:
        import ray

        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        os.environ.setdefault("RAY_gcs_server_port_wait_time_s", "180")  # busy machines
        if not ray.is_initialized():
            ray.init(
                address=address or os.environ.get("RAY_ADDRESS") or None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        self._ray = ray
        self._remote: dict[Callable[..., Any], Any] = {}

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        if fn not in self._remote:
            self._remote[fn] = self._ray.remote(
                num_cpus=1, max_retries=RETRIES, retry_exceptions=True
            )(fn)
        return self._remote[fn].remote(*args)

    def first_done(self, pending: Sequence[Any]) -> Any:
        ready, _ = self._ray.wait(list(pending), num_returns=1)
        return ready[0]

    def result(self, handle: Any) -> Any:
        return self._ray.get(handle)
