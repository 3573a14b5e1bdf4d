"""Pause Python's cyclic garbage collector around bulk work.

Reading or classifying the whole city builds hundreds of thousands of small tuples and dicts
that all stay alive; each allocation burst then triggers full collections that walk every one
of them again (measured: about a third of `crm classify`'s time). None of these objects form
cycles that need collecting early, so the collector is paused for the block and runs once after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable automatic collection inside the block (nested blocks are fine).

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
