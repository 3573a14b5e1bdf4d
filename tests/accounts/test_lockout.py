"""The lockout: 5 failed sign-ins within 60 s refuse a username for 5 minutes."""

from __future__ import annotations

import threading

import pytest

from accounts.lockout import Lockout
from graph.errors import TooManyAttempts


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fail(lockout: Lockout, clock: Clock, username: str, times: int, every_s: float = 1.0) -> None:
    for _ in range(times):
        lockout.failed(username)
        clock.now += every_s


def test_four_failures_are_allowed_and_the_fifth_refuses_for_five_minutes(clock: Clock) -> None:
    lockout = Lockout(clock=clock)
    fail(lockout, clock, "ann", 4)
    lockout.check("ann")
    fail(lockout, clock, "ann", 1, every_s=0)
    with pytest.raises(TooManyAttempts) as refused:
        lockout.check("ann")
    assert refused.value.details == {"retry_after_s": 300}
    lockout.check("bob")  # only that name
    clock.now += 299.5
    with pytest.raises(TooManyAttempts, match="try again in 1 s"):
        lockout.check("ann")
    clock.now += 0.5
    lockout.check("ann")


def test_failures_spread_over_more_than_a_minute_never_refuse(clock: Clock) -> None:
    lockout = Lockout(clock=clock)
    fail(lockout, clock, "ann", 20, every_s=15.0)
    lockout.check("ann")


def test_a_sign_in_forgets_the_failures_before_it(clock: Clock) -> None:
    lockout = Lockout(clock=clock)
    fail(lockout, clock, "ann", 4)
    lockout.succeeded("ann")
    fail(lockout, clock, "ann", 4)
    lockout.check("ann")


def test_failures_from_many_threads_are_all_counted(clock: Clock) -> None:
    lockout = Lockout(attempts=400, clock=clock)

    def fail_50() -> None:
        for _ in range(50):
            lockout.failed("ann")

    threads = [threading.Thread(target=fail_50) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pytest.raises(TooManyAttempts):
        lockout.check("ann")
