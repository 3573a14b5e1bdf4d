"""Signed bearer tokens (HS256 JWTs) naming a user, and the secret that signs them."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

from api.settings import Settings
from graph.database import ladybug_path
from graph.errors import InvalidInput, Unauthenticated

logger = logging.getLogger(__name__)
ALGORITHM = "HS256"
MIN_SECRET = 32
"""Bytes: HS256 wants a key at least as long as its 256-bit digest."""
SECRET_FILE = "crm.secret"


def load_secret(settings: Settings) -> bytes:
    """The signing secret: ``CRM_SECRET``, else the secret file, which the first start
    creates with a random secret and rights 0600 (readable by its owner only).

    The file is `settings.secret_file`, by default ``crm.secret`` beside an embedded store."""
    if settings.secret is not None:
        return _checked(settings.secret.get_secret_value(), "CRM_SECRET")
    path = settings.secret_file or _default_file(settings.store)
    _create(path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        logger.warning("%s is open to other users (mode %o): chmod 600 it", path, mode)
    return _checked(path.read_text(encoding="utf-8").strip(), str(path))


def issue_token(username: str, secret: bytes, minutes: int, *, now: datetime | None = None) -> str:
    """A token for `username` that expires `minutes` after `now` (default: now)."""
    issued = now or datetime.now(UTC)
    claims = {"sub": username, "iat": issued, "exp": issued + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(token: str, secret: bytes) -> str:
    """The username a token names; `Unauthenticated` if it is forged, malformed or expired."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp"]}
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated("the token has expired: sign in again") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated("the token is not valid: sign in again") from None
    return str(claims["sub"])


def _default_file(store: str) -> Path:
    if not store.startswith("ladybug://"):
        raise InvalidInput(
            "set CRM_SECRET or CRM_SECRET_FILE: the store is a server, with no directory "
            "of ours to keep the signing secret in"
        )
    return ladybug_path(store).parent / SECRET_FILE


def _create(path: Path) -> None:
    """Write a new random secret to `path` unless it exists, with rights 0600 from the start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(secrets.token_hex(32) + "\n")
    logger.info("created the token-signing secret %s", path)


def _checked(secret: str, source: str) -> bytes:
    if len(secret.encode()) < MIN_SECRET:
        raise InvalidInput(f"{source}: the signing secret needs at least {MIN_SECRET} bytes")
    return secret.encode()
