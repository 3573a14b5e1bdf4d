"""Failed sign-ins per username: too many within a minute and the name is refused a while."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.errors import TooManyAttempts


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    refused_until: float = 0.0


class Lockout:
    """In-memory and thread-safe: `attempts` failures within `window_s` seconds refuse a
    username for `refuse_s` seconds. `clock` (seconds, monotonic) is injectable for tests.

    >>> now = [0.0]
    >>> lockout = Lockout(attempts=2, clock=lambda: now[0])
    >>> lockout.failed("ann"); lockout.failed("ann")
    >>> lockout.check("ann")
    Traceback (most recent call last):
    graph.errors.TooManyAttempts: too many failed sign-ins for ann: try again in 300 s
    >>> now[0] = 300.0
    >>> lockout.check("ann")
    """

    def __init__(
        self,
        *,
        attempts: int = 5,
        window_s: float = 60.0,
        refuse_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self.refuse_s = refuse_s
        self._clock = clock
        self._lock = threading.Lock()
        self._records: dict[str, _Record] = {}

    def check(self, username: str) -> None:
        """Raise `TooManyAttempts` while `username` is refused."""
        with self._lock:
            record = self._records.get(username)
            wait_s = record.refused_until - self._clock() if record else 0.0
        if wait_s > 0:
            seconds = math.ceil(wait_s)
            raise TooManyAttempts(
                f"too many failed sign-ins for {username}: try again in {seconds} s",
                details={"retry_after_s": seconds},
            )

    def failed(self, username: str) -> None:
        """Count a failed sign-in; the one that reaches the limit starts the refusal."""
        with self._lock:
            now = self._clock()
            self._forget_stale(now)
            record = self._records.setdefault(username, _Record())
            record.failures.append(now)
            while record.failures[0] <= now - self.window_s:
                record.failures.popleft()
            if len(record.failures) >= self.attempts:
                record.refused_until = now + self.refuse_s
                record.failures.clear()

    def succeeded(self, username: str) -> None:
        """Forget the failures of a username that signed in."""
        with self._lock:
            self._records.pop(username, None)

    def _forget_stale(self, now: float) -> None:
        """Drop the names with no failure in the window and no refusal running, so guessed
        names do not pile up."""
        stale = [
            name
            for name, r in self._records.items()
            if r.refused_until <= now and (not r.failures or r.failures[-1] <= now - self.window_s)
        ]
        for name in stale:
            del self._records[name]
