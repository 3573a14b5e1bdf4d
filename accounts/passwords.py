"""Password hashing: argon2id through pwdlib, with the library's recommended parameters."""

from __future__ import annotations

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

PASSWORDS = PasswordHash((Argon2Hasher(),))
"""The production hasher; tests pass a cheaper one where a function takes `hasher`."""


def hash_secret(secret: str, *, hasher: PasswordHash = PASSWORDS) -> str:
    """The argon2 hash of `secret` (salted: two calls give different text)."""
    return hasher.hash(secret)


def verify_secret(secret: str, secret_hash: str | None) -> bool:
    """Whether `secret` matches `secret_hash`; the hash carries its own parameters.

    With no hash (an unknown account) a stand-in is checked, so the answer takes as long
    either way and does not tell whether the account exists."""
    if secret_hash is None:
        PASSWORDS.verify(secret, _stand_in())
        return False
    return PASSWORDS.verify(secret, secret_hash)


@cache
def _stand_in() -> str:
    return PASSWORDS.hash("no such account")
