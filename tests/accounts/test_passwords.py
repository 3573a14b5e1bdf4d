"""Password hashes: argon2id, salted, and the same time spent for an unknown account."""

from __future__ import annotations

from pwdlib import PasswordHash

from accounts.passwords import hash_secret, verify_secret


def test_the_default_hash_is_argon2id() -> None:
    assert hash_secret("correct horse").startswith("$argon2id$")


def test_a_hash_verifies_its_password_only(cheap_hasher: PasswordHash) -> None:
    first = hash_secret("correct horse", hasher=cheap_hasher)
    assert first != hash_secret("correct horse", hasher=cheap_hasher)  # salted
    assert verify_secret("correct horse", first)
    assert not verify_secret("correct horse!", first)


def test_no_hash_verifies_nothing() -> None:
    assert not verify_secret("anything at all", None)
