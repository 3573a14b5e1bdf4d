"""Text values (from files, forms, the command line) parsed into a property's type."""

from __future__ import annotations

import math
from datetime import date

from graph.model import BusinessFormat, MarketType, OutletScale
from graph.schema import Property, PropType

ENUM_ALIASES: dict[str, dict[str, str]] = {
    "market_type": {"城镇": "C", "乡村": "X", "urban": "C", "rural": "X"},
    "business_format": {
        "食杂店": "Z",
        "便利店": "B",
        "超市": "S",
        "商场": "N",
        "烟酒商店": "Y",
        "烟酒店": "Y",
        "娱乐服务类": "F",
        "娱乐服务": "F",
        "其他": "Q",
    },
    "outlet_scale": {
        "特大": "XL",
        "特大型": "XL",
        "大": "L",
        "大型": "L",
        "中": "M",
        "中型": "M",
        "小": "S",
        "小型": "S",
        "extra-large": "XL",
        "large": "L",
        "medium": "M",
        "small": "S",
    },
}
ENUMS = {"market_type": MarketType, "business_format": BusinessFormat, "outlet_scale": OutletScale}
TRUE, FALSE = {"1", "true", "yes", "y", "是", "t"}, {"0", "false", "no", "n", "否", "f"}


class CellError(ValueError):
    """A cell that cannot be read as its column's type."""


def parse_cell(prop: Property, text: str) -> object:
    """A cell's value as the property's type; empty cells are None."""
    if text == "":
        return None
    if prop.name in ENUMS:
        code = ENUM_ALIASES[prop.name].get(text.lower(), text.upper())
        if code not in {e.value for e in ENUMS[prop.name]}:
            allowed = ", ".join(e.value for e in ENUMS[prop.name])
            raise CellError(f"{text!r} is not one of {allowed}")
        return code
    try:
        return _parse_typed(prop.type, text)
    except ValueError as exc:
        raise CellError(f"{text!r} is not a valid {prop.type.value.lower()} ({exc})") from exc


def _parse_typed(ptype: PropType, text: str) -> object:
    if ptype is PropType.INT64:
        value = float(text)
        if not value.is_integer():
            raise ValueError("not a whole number")
        if abs(value) >= 2**63:
            raise ValueError("beyond ±9.2e18")
        return int(value)
    if ptype is PropType.DOUBLE:
        number = float(text)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if ptype is PropType.BOOL:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise ValueError("use 1/0, true/false or 是/否")
    if ptype is PropType.DATE:
        return date.fromisoformat(text[:10])
    return text
