"""Tokens: signed, expiring, refused when forged; the secret from the environment or a file
only its owner may read."""

from __future__ import annotations

import logging
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from pydantic import SecretStr

from api.settings import Settings
from api.tokens import issue_token, load_secret, read_token
from graph.errors import InvalidInput, Unauthenticated

SECRET = b"k" * 32


@pytest.fixture(autouse=True)
def no_secret_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gives its secret itself."""
    monkeypatch.delenv("CRM_SECRET", raising=False)
    monkeypatch.delenv("CRM_SECRET_FILE", raising=False)


def test_a_token_names_its_user_until_it_expires() -> None:
    token = issue_token("ann", SECRET, 30)
    assert read_token(token, SECRET) == "ann"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 30 * 60
    stale = issue_token("ann", SECRET, 30, now=datetime.now(UTC) - timedelta(minutes=31))
    with pytest.raises(Unauthenticated, match="expired"):
        read_token(stale, SECRET)


@pytest.mark.parametrize(
    "token",
    [
        issue_token("ann", b"x" * 32, 30),  # signed with another secret
        jwt.encode({"sub": "admin", "exp": 4102444800}, "", algorithm="none"),
        jwt.encode({"sub": "admin"}, SECRET, algorithm="HS256"),  # never expires
        jwt.encode({"exp": 4102444800}, SECRET, algorithm="HS256"),  # names nobody
        "not.a.token",
        "",
    ],
)
def test_a_forged_or_malformed_token_is_refused(token: str) -> None:
    with pytest.raises(Unauthenticated, match="not valid"):
        read_token(token, SECRET)


def test_the_secret_from_the_environment_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_SECRET", "e" * 40)
    settings = Settings(store=f"ladybug://{tmp_path / 'graph'}")
    assert load_secret(settings) == b"e" * 40
    assert not (tmp_path / "crm.secret").exists()


def test_a_short_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="at least 32 bytes"):
        load_secret(Settings(secret=SecretStr("short")))
    short = tmp_path / "short.secret"
    short.write_text("abc\n")
    with pytest.raises(InvalidInput, match="short.secret"):
        load_secret(Settings(secret_file=short))


def test_the_first_start_creates_a_secret_file_only_its_owner_reads(tmp_path: Path) -> None:
    settings = Settings(store=f"ladybug://{tmp_path / 'var' / 'graph'}")
    secret = load_secret(settings)
    path = tmp_path / "var" / "crm.secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(secret) == 64
    assert load_secret(settings) == secret  # kept across starts
    other = load_secret(settings.model_copy(update={"secret_file": tmp_path / "other"}))
    assert other != secret and (tmp_path / "other").exists()


def test_a_secret_file_others_may_read_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "open.secret"
    path.write_text("s" * 32)
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert load_secret(Settings(secret_file=path)) == b"s" * 32
    assert "chmod 600" in caplog.text


def test_a_server_store_needs_the_secret_given() -> None:
    with pytest.raises(InvalidInput, match="CRM_SECRET"):
        load_secret(Settings(store="neo4j://localhost:7687"))
