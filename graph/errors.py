"""Domain error kinds shared by every package; the API maps each kind to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every error the product reports to a user rather than crashing on."""

    kind = "error"

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """A named object (area, retailer, staff member) does not exist."""

    kind = "not_found"


class InvalidInput(DomainError):
    """Input that can never be processed as given: bad file, bad option, bad value."""

    kind = "invalid_input"


class Forbidden(DomainError):
    """The acting principal may not do this (its role, or an object outside its scope)."""

    kind = "forbidden"


class Unauthenticated(DomainError):
    """No credentials, or credentials that are wrong, expired or of a disabled account."""

    kind = "unauthenticated"


class TooManyAttempts(DomainError):
    """Too many failed sign-ins for one username: refused for a while."""

    kind = "too_many_attempts"


class Conflict(DomainError):
    """The request contradicts the current state (e.g. seeding a graph that is not empty)."""

    kind = "conflict"


class Infeasible(DomainError):
    """The request is well formed but its constraints cannot all be met."""

    kind = "infeasible"


class StoreUnavailable(DomainError):
    """The graph store cannot be opened or reached."""

    kind = "store_unavailable"


class StoreBusy(StoreUnavailable):
    """Another process holds the embedded store; the message names it."""

    kind = "store_busy"


@dataclass(frozen=True)
class RowError:
    """One rejected input row: 1-based line in the file, the column, and why."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"
