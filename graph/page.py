"""Pages of a long list: the items asked for and how many there are in all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph.errors import InvalidInput

T = TypeVar("T")
MAX_LIMIT = 1000


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a list: skip `offset` items, return at most `limit`."""

    offset: int = 0
    limit: int = 100

    def __post_init__(self) -> None:
        if self.offset < 0:
            raise InvalidInput(f"offset {self.offset} is negative")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit {self.limit} is outside 1..{MAX_LIMIT}")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with the list's total length."""

    items: tuple[T, ...]
    total: int
    offset: int
    limit: int


def paginate(items: Sequence[T], request: PageRequest) -> Page[T]:
    """The requested slice of `items`.

    >>> paginate(list("abcde"), PageRequest(offset=3, limit=5))
    Page(items=('d', 'e'), total=5, offset=3, limit=5)
    """
    end = request.offset + request.limit
    return Page(tuple(items[request.offset : end]), len(items), request.offset, request.limit)
