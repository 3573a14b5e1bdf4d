"""The default items of the satisfaction survey (document 003), each owned by the role whose
service it asks about; a wave asks at most `MAX_ITEMS` of them."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Role

MAX_ITEMS = 20


@dataclass(frozen=True)
class SurveyItem:
    code: str
    zh: str
    en: str
    role: Role


DEFAULT_ITEMS: tuple[SurveyItem, ...] = (
    SurveyItem("on_time_delivery", "送货准时", "on-time delivery", Role.DRIVER),
    SurveyItem("goods_intact", "货品完好", "goods arrive intact", Role.DRIVER),
    SurveyItem("supply_of_brands", "货源供应", "supply of the brands wanted", Role.MANAGER),
    SurveyItem("visit_regularity", "拜访规律", "regular manager visits", Role.MANAGER),
    SurveyItem("display_guidance", "陈列指导", "display guidance", Role.MANAGER),
    SurveyItem("market_information", "市场信息", "market information", Role.MANAGER),
    SurveyItem("business_training", "经营培训", "business training", Role.MANAGER),
    SurveyItem("ordering_ease", "订货便捷", "ease of ordering", Role.AGENT),
    SurveyItem("brand_advice", "品牌推荐", "brand recommendations", Role.AGENT),
    SurveyItem("call_courtesy", "电话服务态度", "courtesy on the phone", Role.AGENT),
    SurveyItem("fair_inspection", "检查公正", "fair inspections", Role.INSPECTOR),
    SurveyItem("licence_service", "证照办理", "licence services", Role.INSPECTOR),
)
"""Twelve items, three or more per role (the codes are what answer files carry)."""

ITEMS_BY_CODE = {item.code: item for item in DEFAULT_ITEMS}
