"""Who is acting: an account's role, the staff member behind it and the areas in its scope.

Every service takes a `Principal`; those that read customer data filter by its areas and
those that write check its role, raising `Forbidden` with the object's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.errors import Forbidden
from graph.model import Role


class AccountRole(StrEnum):
    """What an account may do (DOMAIN.md §5: the operational layer edits, management approves)."""

    ADMIN = "admin"
    PLANNER = "planner"
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    TEAM_LEAD = "team_lead"
    STAFF = "staff"
    VIEWER = "viewer"
    RETAILER = "retailer"


WHOLE_CITY = frozenset({AccountRole.ADMIN, AccountRole.PLANNER, AccountRole.DISPATCHER,
                        AccountRole.SUPERVISOR, AccountRole.VIEWER})
"""Roles that see every area."""


@dataclass(frozen=True)
class Principal:
    """The acting account. `areas` is None for the whole city, else the codes in scope;
    `staff` and `staff_role` name the employee behind it; `retailer` a retailer's own id."""

    user: str
    role: AccountRole
    staff: str | None = None
    staff_role: Role | None = None
    areas: frozenset[str] | None = None
    retailer: str | None = None

    def __post_init__(self) -> None:
        if self.role in WHOLE_CITY and self.areas is not None:
            raise ValueError(f"a {self.role} sees every area; do not give it areas")
        if self.role not in WHOLE_CITY and self.areas is None:
            raise ValueError(f"a {self.role} needs the areas in its scope")

    def sees_area(self, code: str | None) -> bool:
        """Whether an object in area `code` (None: in no area) is in scope."""
        return self.areas is None or (code is not None and code in self.areas)

    def require(self, *roles: AccountRole, to: str) -> None:
        """Raise `Forbidden` unless the principal has one of `roles` (admin always may)."""
        if self.role is not AccountRole.ADMIN and self.role not in roles:
            raise Forbidden(f"{self.user} ({self.role.value}) may not {to}")

    def require_area(self, code: str | None, what: str) -> None:
        """Raise `Forbidden` unless an object of area `code` is in scope; `what` names it."""
        if not self.sees_area(code):
            scope = ", ".join(sorted(self.areas or ())) or "none"
            raise Forbidden(
                f"{what} is in area {code or '(none)'}, outside the areas of {self.user} "
                f"({scope})"
            )


LOCAL_ADMIN = Principal("local-admin", AccountRole.ADMIN)
"""The principal of the terminal: `crm` run by whoever may open the store."""
