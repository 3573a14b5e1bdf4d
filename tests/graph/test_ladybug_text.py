"""Text goes into the embedded store as it was given, or is refused as invalid input.

Writes reach LadybugDB as CSV (`graph.ladybug_csv`): a lone carriage return used to break the
parallel CSV reader, and a NUL or a lone surrogate (from a fuzzed API request) failed deep
in the store with a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.database import open_database
from graph.errors import InvalidInput
from graph.queries import Query
from graph.session import Session


@pytest.fixture
def ladybug(tmp_path: Path) -> Iterator[Session]:
    with open_database(f"ladybug://{tmp_path / 'graph'}") as db, db.session() as session:
        yield session


def _key(name: str) -> dict[str, object]:
    return {
        "id": "k1",
        "name": name,
        "role": "viewer",
        "key_hash": "h",
        "enabled": True,
        "created_at": "",
    }


@pytest.mark.parametrize(
    "name", ["a\rb", "a\r\nb", "a\nb", 'say "hi"', "a\\", "\x01\x1f\x7f", "\u2028", "烟草 😀"]
)
def test_text_with_any_printable_or_control_character_round_trips(
    ladybug: Session, name: str
) -> None:
    ladybug.write(Query.UPSERT_API_KEYS, [_key(name)])
    assert ladybug.read(Query.API_KEYS, keys=["k1"])[0]["name"] == name


@pytest.mark.parametrize("name", ["a\x00b", "a\ud800b"])
def test_text_the_store_cannot_hold_is_refused_as_invalid_input(
    ladybug: Session, name: str
) -> None:
    with pytest.raises(InvalidInput, match="cannot be stored"):
        ladybug.write(Query.UPSERT_API_KEYS, [_key(name)])
    assert ladybug.read(Query.API_KEYS, keys=["k1"]) == []
