"""The progress callback every long job takes: ``progress(stage, done, total)``."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""Called with a stage name, the units done and the units in all (0 when unknown)."""
