"""Request parameter types the routers share."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Refuse anything but a date written YYYY-MM-DD (pydantic alone would also take a number
    as seconds since 1970).

    >>> _iso_date("2026-12-07")
    '2026-12-07'
    >>> _iso_date("0")
    Traceback (most recent call last):
    ...
    ValueError: a date is written YYYY-MM-DD, e.g. 2026-12-07
    """
    if not isinstance(value, dt.date) and not (
        isinstance(value, str) and _ISO_DATE.fullmatch(value)
    ):
        raise ValueError("a date is written YYYY-MM-DD, e.g. 2026-12-07")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
"""A calendar date, written YYYY-MM-DD."""
