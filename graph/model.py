"""The business objects of the graph as frozen dataclasses.

Every field carries metadata (its DOMAIN.md §5 group, whether it is static, dynamic or
derived, and Chinese and English labels); `graph.schema` builds the store schema from it,
so a property is declared exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class FieldGroup(StrEnum):
    """The five groups of retailer information (DOMAIN.md §5)."""

    BASIC = "basic"
    NETWORK = "network"
    MANAGEMENT = "management"
    BUSINESS = "business"
    PERSONAL = "personal"


class Change(StrEnum):
    """How a field changes: typed once, edited over time, or computed by the system."""

    STATIC = "static"
    DYNAMIC = "dynamic"
    DERIVED = "derived"


class Role(StrEnum):
    """The four roles of an area team (DOMAIN.md §2)."""

    AGENT = "agent"
    MANAGER = "manager"
    INSPECTOR = "inspector"
    DRIVER = "driver"

    @property
    def label_zh(self) -> str:
        return {
            "agent": "坐席员",
            "manager": "客户经理",
            "inspector": "市管员",
            "driver": "送货员",
        }[self.value]


class DistrictKind(StrEnum):
    URBAN = "urban"
    COUNTY = "county"


class DepotKind(StrEnum):
    CITY = "city"
    COUNTY = "county"


class MarketType(StrEnum):
    """C urban (城镇) or X rural (乡村) market (DOMAIN.md §6)."""

    URBAN = "C"
    RURAL = "X"


class BusinessFormat(StrEnum):
    """The seven retail formats of the category code (DOMAIN.md §6)."""

    GROCERY = "Z"
    CONVENIENCE = "B"
    SUPERMARKET = "S"
    MALL = "N"
    TOBACCO_LIQUOR = "Y"
    ENTERTAINMENT = "F"
    OTHER = "Q"


class OutletScale(StrEnum):
    """Outlet scale; extra-large outlets are grade 10 and count as large in the category code."""

    EXTRA_LARGE = "XL"
    LARGE = "L"
    MEDIUM = "M"
    SMALL = "S"


def prop(group: FieldGroup | None, change: Change, zh: str, en: str, **kw: Any) -> Any:
    """A dataclass field with its schema metadata."""
    return field(metadata={"group": group, "change": change, "zh": zh, "en": en}, **kw)


S, D, X = Change.STATIC, Change.DYNAMIC, Change.DERIVED
B, N, M, U, P = (
    FieldGroup.BASIC,
    FieldGroup.NETWORK,
    FieldGroup.MANAGEMENT,
    FieldGroup.BUSINESS,
    FieldGroup.PERSONAL,
)


@dataclass(frozen=True, slots=True)
class Retailer:
    """A licensed cigarette retailer with the five groups of fields of DOMAIN.md §5.

    Its manager, agent, inspector and driver, district, business area, area and zone are
    edges, not fields (see `graph.schema.RELATIONSHIPS`).
    """

    id: str = prop(B, S, "客户编码", "customer code")
    name: str = prop(B, S, "店铺名称", "shop name")
    licence_no: str = prop(B, S, "专卖许可证号", "monopoly licence number")
    legal_rep: str = prop(B, S, "法定代表人", "legal representative")
    settlement: str = prop(B, D, "结算方式", "settlement method")
    order_cycle_days: int = prop(B, D, "订货周期(天)", "order/delivery cycle (days)")
    nature: str = prop(N, S, "经济性质", "nature")
    registered_capital_wan: float = prop(N, S, "注册资金(万元)", "registered capital (10k yuan)")
    display_form: str = prop(N, D, "陈列形式", "display form")
    district_adcode: str = prop(N, S, "行政区划", "administrative district")
    floor_area_m2: float = prop(N, S, "经营面积(㎡)", "business floor area (m²)")
    delivery_segment: str = prop(N, X, "送货线段", "delivery segment")
    delivery_route: str = prop(N, X, "送货线路", "delivery route")
    order_batch: str = prop(N, D, "订货批次", "order batch")
    visit_batch: int = prop(N, D, "拜访批次(星期)", "visit batch (weekday)")
    market_type: MarketType = prop(N, S, "市场类型", "market type")
    business_format: BusinessFormat = prop(N, S, "经营业态", "business format")
    outlet_scale: OutletScale = prop(N, S, "经营规模", "outlet scale")
    lon: float = prop(N, S, "经度(WGS-84)", "longitude (WGS-84)")
    lat: float = prop(N, S, "纬度(WGS-84)", "latitude (WGS-84)")
    licence_type: str = prop(M, S, "许可证类型", "licence type")
    issuing_bureau: str = prop(M, S, "发证机关", "issuing bureau")
    credit_grade: str = prop(M, D, "诚信等级", "integrity (credit) grade")
    monitored: bool = prop(M, D, "监管标志", "monitored")
    model_shop: bool = prop(M, D, "示范店标志", "model shop")
    licence_issue_date: date = prop(M, D, "发证日期", "licence issue date")
    licence_expiry_date: date = prop(M, D, "有效期至", "licence expiry date")
    licence_review_date: date = prop(M, D, "年审日期", "licence annual review date")
    violations_12m: int = prop(
        M, X, "守法记录(12个月违规次数)", "law-abiding record (violations, 12 months)"
    )
    operating_status: str = prop(U, D, "经营状态", "operating condition")
    cooperation: str = prop(U, D, "合作程度", "cooperation")
    business_traits: str = prop(U, D, "经营特点", "business characteristics")
    trade_area_env: str = prop(U, D, "商圈环境", "trade-area environment")
    contact_person: str = prop(P, D, "联系人", "contact person")
    phone: str = prop(P, D, "联系电话", "phone")
    address: str = prop(P, S, "经营地址", "address")
    mailing_address: str = prop(P, D, "通讯地址", "mailing address")
    bank_account: str = prop(P, D, "银行账号", "bank account")
    avg_monthly_cases: float = prop(
        U, X, "月均购进量(件)", "average monthly purchase (cases)", default=0.0
    )
    avg_monthly_amount: float = prop(
        U, X, "月均购进金额(元)", "average monthly purchase (yuan)", default=0.0
    )
    avg_carton_price: float = prop(
        U, X, "条均价(元)", "average price per carton (yuan)", default=0.0
    )
    purchase_cases_12m: float = prop(
        U, X, "年购进量(件)", "purchase quantity, 12 months (cases)", default=0.0
    )
    purchase_amount_12m: float = prop(
        U, X, "年购进金额(元)", "purchase amount, 12 months (yuan)", default=0.0
    )
    order_frequency: float = prop(
        N, X, "订货频次(次/月)", "order frequency (orders a month)", default=0.0
    )
    customer_class: str = prop(M, X, "客户分类", "customer class", default="")
    category_code: str = prop(N, X, "业态分类代码", "category code", default="")
    tier: int = prop(M, X, "档位", "tier (1-8)", default=0)
    grade: int = prop(M, X, "级别", "grade (1-10)", default=0)
    price_structure: str = prop(U, X, "销售结构", "sales structure", default="")
    value_score: float = prop(U, X, "价值得分", "value score", default=0.0)
    value_segment: str = prop(U, X, "价值分类", "value segment", default="")
    service_class: str = prop(U, X, "服务分类", "service class", default="")
    incentive_points: float = prop(U, X, "过程激励积分", "process-incentive points", default=0.0)
    points_class: str = prop(U, X, "积分等级", "points class", default="")
    rebate_rate: float = prop(U, X, "返利标准", "rebate rate", default=0.0)
    quadrant: str = prop(U, X, "四象限", "volume × loyalty quadrant", default="")
    key_account: bool = prop(U, X, "重点客户", "key account", default=False)
    key_scope: str = prop(U, X, "重点客户范围", "key-account scope", default="")
    key_depth: str = prop(U, X, "合作深度", "key-account depth", default="")
    lifecycle: str = prop(U, X, "生命周期", "life-cycle stage", default="")
    visit_frequency_per_week: float = prop(N, X, "拜访频次(次/周)", "visits a week", default=0.0)
    visit_minutes: int = prop(N, X, "拜访时长(分钟)", "visit minutes", default=0)
    classified_on: date | None = prop(U, X, "分类日期", "classified on", default=None)
    class_explanations: str = prop(U, X, "分类依据", "class explanations (JSON)", default="")


@dataclass(frozen=True, slots=True)
class OrderMonth:
    """One retailer's orders in one calendar month (`month` is ``YYYY-MM``)."""

    id: str = prop(None, D, "编号", "id")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    month: str = prop(None, D, "月份", "month")
    cases: float = prop(None, D, "购进量(件)", "cases")
    amount: float = prop(None, D, "购进金额(元)", "amount (yuan)")
    orders: int = prop(None, D, "订单数", "orders")

    @staticmethod
    def key(retailer_id: str, month: str) -> str:
        return f"{retailer_id}|{month}"


@dataclass(frozen=True, slots=True)
class IncentiveScore:
    """One process-incentive scoring record: a team member scores a retailer for a month on
    law-abiding, cooperation, constructiveness and growth, 0–100 each (DOMAIN.md §6); the id
    is ``retailer|role|month``, so a new score of the same month replaces the old."""

    id: str = prop(None, D, "编号", "id")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    staff_id: str = prop(None, D, "评分人", "scored by")
    role: Role = prop(None, D, "岗位", "role")
    month: str = prop(None, D, "月份", "month")
    law_abiding: float = prop(None, D, "守法经营", "law-abiding")
    cooperation: float = prop(None, D, "合作配合", "cooperation")
    constructive: float = prop(None, D, "建设性", "constructiveness")
    growth: float = prop(None, D, "成长性", "growth")


@dataclass(frozen=True, slots=True)
class ClassChange:
    """A retailer moved between classes of one scheme, with the date and the reason."""

    id: str = prop(None, X, "编号", "id")
    retailer_id: str = prop(None, X, "客户编码", "retailer")
    scheme: str = prop(None, X, "分类体系", "scheme")
    changed_on: date = prop(None, X, "变更日期", "changed on")
    old: str = prop(None, X, "原分类", "old class")
    new: str = prop(None, X, "新分类", "new class")
    reason: str = prop(None, X, "原因", "reason")


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A proposed edit of one retailer field, waiting for (or given) a manager's decision."""

    id: str = prop(None, D, "编号", "id")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    field: str = prop(None, D, "字段", "field")
    old: str = prop(None, D, "原值", "old value")
    new: str = prop(None, D, "新值", "new value")
    requested_by: str = prop(None, D, "申请人", "requested by")
    requested_role: str = prop(None, D, "申请岗位", "requester role")
    requested_at: str = prop(None, D, "申请时间", "requested at")
    status: str = prop(None, D, "状态", "status")
    decided_by: str = prop(None, D, "审批人", "decided by", default="")
    decided_at: str = prop(None, D, "审批时间", "decided at", default="")
    note: str = prop(None, D, "说明", "note", default="")


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """An applied change of one retailer field: who, when, old and new."""

    id: str = prop(None, D, "编号", "id")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    field: str = prop(None, D, "字段", "field")
    old: str = prop(None, D, "原值", "old value")
    new: str = prop(None, D, "新值", "new value")
    changed_by: str = prop(None, D, "修改人", "changed by")
    role: str = prop(None, D, "岗位", "role")
    changed_at: str = prop(None, D, "修改时间", "changed at")
    request_id: str = prop(None, D, "申请编号", "change request", default="")


@dataclass(frozen=True, slots=True)
class TerritoryPlan:
    """An applied territory plan with its own assignment: a design, a rebalance, a manual
    move, a restore, or the `initial` assignment the first of them replaced. `seq` orders
    the plans (the newest is the highest); `replaced` is the plan current before it."""

    id: str = prop(None, D, "编号", "id")
    created_at: str = prop(None, D, "时间", "created at")
    kind: str = prop(None, D, "类型", "initial, design, rebalance, manual or restore")
    summary: str = prop(None, D, "摘要(JSON)", "balance, feasibility, moves (JSON)")
    assignment: str = prop(
        None, D, "分配(JSON)", "retailer → area, area → zone, area → team (JSON)", default=""
    )
    applied_by: str = prop(None, D, "操作人", "applied by", default="")
    replaced: str = prop(None, D, "取代方案", "replaced plan", default="")
    seq: int = prop(None, D, "序号", "sequence number", default=0)
    locks: str = prop(
        None, D, "锁定(JSON)", "locked retailers and areas, pinned centres (JSON)", default=""
    )


@dataclass(frozen=True, slots=True)
class Staff:
    """A member of staff; `role` is their main role, the roles they hold per area are edges."""

    employee_no: str = prop(None, S, "工号", "employee number")
    name: str = prop(None, S, "姓名", "name")
    phone: str = prop(None, D, "电话", "phone")
    role: Role = prop(None, D, "岗位", "role")


@dataclass(frozen=True, slots=True)
class Area:
    """One of the service areas (片区) served by a four-role team."""

    code: str = prop(None, S, "片区编码", "area code")
    name: str = prop(None, D, "片区名称", "area name")
    name_en: str = prop(None, D, "英文名称", "English name")


@dataclass(frozen=True, slots=True)
class DeliveryZone:
    """A delivery zone, called and delivered on day `number` of the 3-day cycle."""

    number: int = prop(None, S, "配送区号", "zone number")
    name: str = prop(None, D, "配送区名称", "zone name")
    name_en: str = prop(None, D, "英文名称", "English name")


@dataclass(frozen=True, slots=True)
class District:
    """An urban district (区) or county (县) of the city."""

    adcode: str = prop(None, S, "行政区划代码", "adcode")
    name: str = prop(None, S, "名称", "name")
    name_en: str = prop(None, S, "英文名称", "English name")
    kind: DistrictKind = prop(None, S, "类型", "urban or county")


@dataclass(frozen=True, slots=True)
class BusinessArea:
    """A trade area (商圈): here a street (街道) or town (镇/乡) of the statistics bureau."""

    id: str = prop(None, S, "编码", "code")
    name: str = prop(None, S, "名称", "name")
    name_en: str = prop(None, S, "英文名称", "English name")
    lon: float = prop(None, S, "经度", "longitude")
    lat: float = prop(None, S, "纬度", "latitude")


@dataclass(frozen=True, slots=True)
class Depot:
    """A distribution centre: the city depot or a county depot."""

    id: str = prop(None, S, "编码", "code")
    name: str = prop(None, S, "名称", "name")
    name_en: str = prop(None, S, "英文名称", "English name")
    kind: DepotKind = prop(None, S, "类型", "city or county")
    lon: float = prop(None, S, "经度", "longitude")
    lat: float = prop(None, S, "纬度", "latitude")


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A delivery vehicle with its capacity in cases and its crew size."""

    id: str = prop(None, S, "车辆编号", "vehicle id")
    plate: str = prop(None, S, "车牌", "plate")
    capacity_cases: float = prop(None, D, "核载(件/天)", "capacity (cases a day)")
    crew_size: int = prop(None, D, "随车人数", "crew size")


@dataclass(frozen=True, slots=True)
class Route:
    """One planned trip of one vehicle on one delivery date."""

    id: str = prop(None, S, "线路编号", "route id")
    date: date = prop(None, S, "配送日期", "delivery date")
    trip: int = prop(None, S, "趟次", "trip number")
    zone: int = prop(None, S, "配送区", "zone")
    load_cases: float = prop(None, D, "装载(件)", "load (cases)")
    distance_km: float = prop(None, D, "里程(km)", "distance (km)")
    start_min: int = prop(None, D, "出发(分钟)", "start (minutes after midnight)")
    end_min: int = prop(None, D, "返回(分钟)", "end (minutes after midnight)")
    engine: str = prop(None, D, "求解器", "engine")
