"""What the class service policy will ask of a generated city's managers: each retailer's
visits a week and visiting minutes (travel included), so that the seed derives its managers
from the same rule as a design (`territory.staffing.managers_needed`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from classification.classes import RetailerFacts, classify_retailers
from classification.params import ClassParams
from graph.model import OrderMonth, Retailer
from territory.design_params import DesignParams
from territory.units import travel_minutes


def _facts(r: Retailer, zone: int, orders: Sequence[OrderMonth]) -> RetailerFacts:
    return RetailerFacts(
        id=r.id,
        zone=zone,
        market_type=str(r.market_type),
        business_format=str(r.business_format),
        outlet_scale=str(r.outlet_scale),
        nature=str(r.nature or ""),
        credit_grade=str(r.credit_grade or ""),
        violations_12m=int(r.violations_12m or 0),
        cooperation=str(r.cooperation or ""),
        model_shop=bool(r.model_shop),
        trade_area_env=str(r.trade_area_env or ""),
        months={o.month: (o.cases, o.amount, o.orders) for o in orders},
    )


def policy_workload(
    retailers: Sequence[Retailer],
    zones: Sequence[int],
    orders: Mapping[str, Sequence[OrderMonth]],
    xy: NDArray[np.float64],
    as_of: date,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Visits a week and minutes of visiting and travel a week of each retailer, as the
    service policy of its classes as of `as_of` asks (travel as a design estimates it)."""
    classes = classify_retailers(
        [_facts(r, z, orders.get(r.id, ())) for r, z in zip(retailers, zones)],
        as_of,
        ClassParams(),
    )
    visits = np.array([float(str(c.fields["visit_frequency_per_week"])) for c in classes])
    minutes = np.array([float(str(c.fields["visit_minutes"])) for c in classes])
    travel = travel_minutes(xy, [str(r.market_type) for r in retailers], DesignParams())
    return visits, visits * (minutes + travel)
