"""The full retailer record (all five groups of DOMAIN.md §5) for a generated retailer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from graph.model import OutletScale, Retailer
from seeds import names
from seeds.orders import PurchaseSummary
from seeds.profiles import Profile

LICENCE_YEARS = 5
"""A tobacco retail licence runs five years and is then renewed."""


@dataclass(frozen=True)
class Placement:
    """Where a generated retailer is and what it belongs to."""

    id: str
    lon: float
    lat: float
    district_adcode: str
    district_name: str
    street_name: str
    area: str
    zone: int
    route: str
    visit_weekday: int


def _choice(rng: np.random.Generator, options: dict[str, float]) -> str:
    """One key, drawn with the (relative) weights given as values."""
    u = rng.random() * sum(options.values())
    for key, weight in options.items():
        u -= weight
        if u < 0:
            return key
    return key


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 28 February).

    >>> add_years(date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _licence_dates(
    rng: np.random.Generator, as_of: date, new_since: date | None
) -> tuple[date, date, date]:
    if new_since is not None:
        first = new_since + timedelta(days=int(rng.integers(0, 28)))
    else:
        first = as_of - timedelta(days=int(rng.integers(400, 12 * 365)))
    issue = first
    while add_years(issue, LICENCE_YEARS) <= as_of:
        issue = add_years(issue, LICENCE_YEARS)
    expiry = add_years(issue, LICENCE_YEARS) - timedelta(days=1)
    review = add_years(issue, as_of.year - issue.year)
    return issue, expiry, review


def _credit(regularity: float, rng: np.random.Generator) -> str:
    score = regularity + rng.normal(0, 0.06)
    return (
        "AAA"
        if score > 0.93
        else "AA"
        if score > 0.85
        else "A"
        if score > 0.72
        else ("B" if score > 0.55 else "C")
    )


def build_retailer(
    place: Placement,
    profile: Profile,
    summary: PurchaseSummary,
    *,
    licence_seq: int,
    as_of: date,
    new_since: date | None,
    rng: np.random.Generator,
) -> Retailer:
    """One retailer's record; contacts, licence and business fields are drawn from `rng`."""
    owner = names.person_name(rng)
    fmt = profile.business_format.value
    company = profile.scale in (OutletScale.EXTRA_LARGE, OutletScale.LARGE) or fmt in "SN"
    issue, expiry, review = _licence_dates(rng, as_of, new_since)
    violations = int(rng.poisson(0.08))
    address = (
        f"安徽省合肥市{place.district_name}{place.street_name}"
        f"{names.road(rng)}{int(rng.integers(1, 999))}号"
    )
    lost = profile.stop_month is not None
    return Retailer(
        id=place.id,
        name=names.shop_name(rng, fmt, owner),
        licence_no=f"{place.district_adcode}{licence_seq:06d}",
        legal_rep=owner,
        settlement=_choice(rng, {"电子结算": 0.70, "银行代扣": 0.25, "现金": 0.05}),
        order_cycle_days=3,
        nature="有限责任公司" if company and rng.random() < 0.7 else "个体工商户",
        registered_capital_wan=round(
            float(rng.uniform(50, 500) if company else rng.uniform(1, 10)), 1
        ),
        display_form=_choice(
            rng, {"柜台式": 0.45, "货架式": 0.25, "柜台+货架": 0.25, "智能展柜": 0.05}
        ),
        district_adcode=place.district_adcode,
        floor_area_m2=round(
            float(
                {"XL": 2000, "L": 300, "M": 80, "S": 30}[profile.scale.value]
                * rng.lognormal(0, 0.35)
            ),
            1,
        ),
        delivery_segment=f"Z{place.zone}-{place.area}",
        delivery_route=place.route,
        order_batch="上午" if rng.random() < 0.6 else "下午",
        visit_batch=place.visit_weekday,
        market_type=profile.market,
        business_format=profile.business_format,
        outlet_scale=profile.scale,
        lon=round(place.lon, 6),
        lat=round(place.lat, 6),
        licence_type="正式" if rng.random() < 0.97 else "临时",
        issuing_bureau=f"合肥市{place.district_name}烟草专卖局",
        credit_grade=_credit(profile.regularity, rng),
        monitored=violations > 0 or bool(rng.random() < 0.03),
        model_shop=bool(rng.random() < (0.08 if profile.scale.value in ("XL", "L") else 0.01)),
        licence_issue_date=issue,
        licence_expiry_date=expiry,
        licence_review_date=review,
        violations_12m=violations,
        operating_status="暂停营业" if lost else "正常营业",
        cooperation=(
            "高" if profile.regularity > 0.9 else "中" if profile.regularity > 0.75 else "低"
        ),
        business_traits=_choice(
            rng,
            {
                "社区便民": 0.4,
                "商务配套": 0.15,
                "夜间经营": 0.1,
                "批零兼营": 0.1,
                "旅游景区": 0.05,
                "综合经营": 0.2,
            },
        ),
        trade_area_env=(
            "集镇/乡村"
            if profile.market.value == "X"
            else _choice(
                rng,
                {
                    "居民区": 0.5,
                    "商业区": 0.25,
                    "学校周边": 0.08,
                    "交通枢纽": 0.07,
                    "工业园区": 0.1,
                },
            )
        ),
        contact_person=owner if rng.random() < 0.8 else names.person_name(rng),
        phone=names.mobile(rng),
        address=address,
        mailing_address=address,
        bank_account=names.bank_account(rng),
        avg_monthly_cases=summary.avg_monthly_cases,
        avg_monthly_amount=summary.avg_monthly_amount,
        avg_carton_price=summary.avg_carton_price,
        purchase_cases_12m=summary.purchase_cases_12m,
        purchase_amount_12m=summary.purchase_amount_12m,
        order_frequency=summary.order_frequency,
    )
