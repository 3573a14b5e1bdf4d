"""Principals resolved from the graph: a staff member's areas are read, never claimed."""

from __future__ import annotations

from graph.errors import InvalidInput, NotFound
from graph.model import Role
from graph.principal import WHOLE_CITY, AccountRole, Principal
from graph.queries import Query
from graph.session import Session


def staff_principal(
    session: Session, employee_no: str, role: AccountRole, *, user: str | None = None
) -> Principal:
    """The principal of staff member `employee_no` acting as `role`.

    A team lead's or staff member's areas are those their Staff node leads or serves now, so
    when a rebalance moves teams the scope follows. Whole-city roles keep every area."""
    rows = session.read(Query.STAFF, keys=[employee_no])
    if not rows:
        raise NotFound(f"staff member {employee_no} not found")
    staff_role = Role(str(rows[0]["role"]))
    areas = None
    if role not in WHOLE_CITY:
        if role is AccountRole.RETAILER:
            raise InvalidInput("a retailer acts as itself, not as a staff member")
        areas = frozenset(str(r["area"]) for r in session.read(Query.STAFF_AREAS,
                                                              employee_no=employee_no))
    return Principal(user or employee_no, role, employee_no, staff_role, areas)


def retailer_principal(session: Session, retailer_id: str) -> Principal:
    """A retailer acting for itself: it may request changes to its own contact fields."""
    if not session.read(Query.RETAILER_KEYS, ids=[retailer_id]):
        raise NotFound(f"retailer {retailer_id} not found")
    return Principal(retailer_id, AccountRole.RETAILER, areas=frozenset(), retailer=retailer_id)
