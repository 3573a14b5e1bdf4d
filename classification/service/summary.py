"""How many retailers each class of each scheme holds: an aggregate, with no names."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from classification.classes import SCHEMES
from graph.principal import AccountRole, Principal
from graph.queries import Query
from graph.service.scope import AREA_READERS
from graph.session import Session


@dataclass(frozen=True)
class ClassSummary:
    """Retailers per class of each scheme over the areas in scope (`areas`: None for the whole
    city), with the retailers in scope and those not classified yet (in no class)."""

    areas: tuple[str, ...] | None
    retailers: int
    unclassified: int
    counts: dict[str, dict[str, int]]


def class_summary(session: Session, principal: Principal) -> ClassSummary:
    """Count the retailers per class of each scheme (`classification.classes.SCHEMES`) that
    the principal's scope holds: the whole city, or a team lead's or staff member's areas.
    Any role that reads areas may, and the viewer (aggregates only); a retailer may not."""
    principal.require(*AREA_READERS, AccountRole.VIEWER, to="read class counts")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    retailers = unclassified = 0
    for row in session.read(Query.CLASS_COUNTS):
        if not principal.sees_area(row["area"]):
            continue
        n = int(row["retailers"])
        retailers += n
        if not row["classified"]:
            unclassified += n
            continue
        for scheme in SCHEMES:
            counts[scheme][str(row[scheme])] += n
    areas = None if principal.areas is None else tuple(sorted(principal.areas))
    return ClassSummary(areas, retailers, unclassified, {s: _ordered(counts[s]) for s in SCHEMES})


def _ordered(counts: Counter[str]) -> dict[str, int]:
    """Classes in their natural order: shorter first, so numeric classes sort as numbers.

    >>> _ordered(Counter({"10": 1, "2": 3, "A": 2}))
    {'2': 3, 'A': 2, '10': 1}
    """
    return dict(sorted(counts.items(), key=lambda kv: (len(kv[0]), kv[0])))
