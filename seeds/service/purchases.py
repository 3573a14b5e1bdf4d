"""Recompute retailers' derived purchase fields from the order months the graph holds."""

from __future__ import annotations

from collections.abc import Sequence

from graph.cycle import history_months
from graph.model import OrderMonth
from graph.queries import Query
from graph.rows import as_row
from graph.session import Session
from seeds.orders import summarise_orders

CHUNK = 500


def refresh_purchases(session: Session, retailer_ids: Sequence[str], *, months: int = 12) -> None:
    """Recompute derived purchase fields over the `months` ending with the latest month held."""
    latest = session.read(Query.LATEST_ORDER_MONTH)
    if not retailer_ids or not latest or latest[0]["month"] is None:
        return
    window = history_months(str(latest[0]["month"]), months)
    for start in range(0, len(retailer_ids), CHUNK):
        part = list(retailer_ids[start : start + CHUNK])
        by_retailer: dict[str, list[OrderMonth]] = {r: [] for r in part}
        for row in session.read(Query.ORDERS_OF_RETAILERS, ids=part):
            by_retailer[str(row["retailer_id"])].append(OrderMonth(**row))
        rows = [
            {"id": rid, **as_row(summarise_orders(ms, window))} for rid, ms in by_retailer.items()
        ]
        session.write(Query.SET_RETAILER_PURCHASES, rows)
