"""Classification service: read facts, classify (pure), store classes and their history."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from classification.classes import (
    SCHEMES,
    Classes,
    RetailerFacts,
    class_changes,
    classify_retailers,
)
from classification.params import ClassParams
from classification.points import ScoreRecord
from graph.cycle import months_before
from graph.gc_pause import paused_gc
from graph.model import ClassChange
from graph.principal import AccountRole, Principal
from graph.progress import Progress
from graph.queries import Query
from graph.rows import Row, as_row
from graph.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassifyReport:
    """When the classes hold from, how many retailers and class moves, the seconds taken and
    the retailers per class of each scheme."""

    as_of: date
    retailers: int
    changes: int
    seconds: float
    counts: dict[str, dict[str, int]]


def default_as_of(session: Session) -> date:
    """The first day after the latest month of order history (today if there is none)."""
    latest = session.read(Query.LATEST_ORDER_MONTH)
    month = latest[0]["month"] if latest else None
    if not month:
        return date.today()
    year, m = int(str(month)[:4]), int(str(month)[5:7])
    return date(year + m // 12, m % 12 + 1, 1)


def _collected(row: Row, keys: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """The entries of a row's parallel ``collect(...)`` lists, one tuple per entry."""
    return zip(*(cast(list[Any], row[k]) for k in keys), strict=True)


def _order_months(history: Row) -> dict[str, tuple[float, float, int]]:
    """A retailer's (cases, amount, orders) by month, from one row of ORDER_HISTORY."""
    keys = ("months", "cases", "amounts", "orders")
    return {str(m): (float(c), float(a), int(o)) for m, c, a, o in _collected(history, keys)}


def _score_records(scores: Row) -> tuple[ScoreRecord, ...]:
    """A retailer's scoring records, from one row of SCORES_IN_MONTHS."""
    keys = ("roles", "months", "law_abiding", "cooperation", "constructive", "growth")
    return tuple(
        ScoreRecord(str(r), str(m), float(a), float(c), float(k), float(g))
        for r, m, a, c, k, g in _collected(scores, keys)
    )


def _facts(
    session: Session, as_of: date, params: ClassParams
) -> tuple[list[RetailerFacts], list[Row]]:
    retailers = session.read(Query.CLASS_FACTS)
    months = {str(h["retailer_id"]): _order_months(h) for h in session.read(Query.ORDER_HISTORY)}
    window = months_before(as_of, params.points_window_months)
    scores = {
        str(s["retailer_id"]): _score_records(s)
        for s in session.read(Query.SCORES_IN_MONTHS, months=window)
    }
    facts = [
        RetailerFacts(
            id=str(r["id"]),
            zone=int(r["zone"] or 1),
            market_type=str(r["market_type"]),
            business_format=str(r["business_format"]),
            outlet_scale=str(r["outlet_scale"]),
            nature=str(r["nature"] or ""),
            credit_grade=str(r["credit_grade"] or ""),
            violations_12m=int(r["violations_12m"] or 0),
            cooperation=str(r["cooperation"] or ""),
            model_shop=bool(r["model_shop"]),
            trade_area_env=str(r["trade_area_env"] or ""),
            months=months.get(str(r["id"]), {}),
            scores=scores.get(str(r["id"]), ()),
        )
        for r in retailers
    ]
    return facts, retailers


def _change_records(previous: list[Row], classes: list[Classes], as_of: date) -> list[ClassChange]:
    out = []
    for row, cls in zip(previous, classes):
        for scheme, old, new, reason in class_changes(row, cls):
            out.append(
                ClassChange(
                    f"{cls.id}|{scheme}|{as_of.isoformat()}",
                    cls.id,
                    scheme,
                    as_of,
                    old,
                    new,
                    reason,
                )
            )
    return out


def classify_store(
    session: Session,
    principal: Principal,
    params: ClassParams,
    *,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> ClassifyReport:
    """Recompute and store every retailer's classes as of `as_of` (default: the day after the
    latest month of orders); class moves become history records. Planners and administrators
    only."""
    principal.require(AccountRole.PLANNER, to="classify retailers")
    start = time.perf_counter()
    when = as_of or default_as_of(session)
    with paused_gc():
        facts, previous = _facts(session, when, params)
        if progress:
            progress("read", len(facts), len(facts))
        with session.released():  # other processes may read while this computes
            classes = classify_retailers(facts, when, params)
            changes = _change_records(previous, classes, when)
        with session.transaction():
            session.write(Query.SET_RETAILER_CLASSES, [{"id": c.id, **c.fields} for c in classes])
            session.write(Query.UPSERT_CLASS_CHANGES, [as_row(c) for c in changes])
            session.write(
                Query.LINK_RETAILER_CLASS_CHANGES,
                [{"src": c.retailer_id, "dst": c.id} for c in changes],
            )
    if progress:
        progress("classify", len(classes), len(classes))
    counts = {
        scheme: dict(
            sorted(
                Counter(str(c.assigned[scheme].value) for c in classes).items(),
                key=lambda kv: (len(kv[0]), kv[0]),  # numeric classes in numeric order
            )
        )
        for scheme in SCHEMES
    }
    seconds = round(time.perf_counter() - start, 2)
    log.info("classified %d retailers at %s in %.2f s", len(classes), when, seconds)
    return ClassifyReport(when, len(classes), len(changes), seconds, counts)
