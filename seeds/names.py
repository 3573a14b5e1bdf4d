"""Plausible Chinese names, shop names, roads and phone numbers for generated records."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红梅鹏飞波斌宇浩凯"
    "健俊帆帅旭宁龙林欣晨瑞雪婷琳阳海燕峰志新春丹兰亮成东云"
)
SHOP_WORDS = (
    "兴隆",
    "永盛",
    "福源",
    "鑫达",
    "旺佳",
    "利民",
    "好运",
    "惠民",
    "顺发",
    "金源",
    "万家",
    "百信",
    "如意",
    "祥和",
    "恒通",
    "友谊",
    "康乐",
    "新华",
    "宏达",
    "天天",
    "乐购",
    "四季",
    "聚福",
    "和顺",
    "明珠",
    "东升",
    "佳美",
    "安康",
    "富民",
    "春晖",
)
FORMAT_SUFFIX = {
    "Z": ("食杂店", "便民店", "商店", "小卖部"),
    "B": ("便利店", "便利", "24小时便利店"),
    "S": ("超市", "购物中心", "生活超市"),
    "N": ("商场", "百货"),
    "Y": ("烟酒店", "烟酒商行", "名烟名酒"),
    "F": ("茶楼", "棋牌室", "宾馆", "KTV", "网吧"),
    "Q": ("加油站便利店", "报刊亭", "药店", "五金店"),
}
ROAD_WORDS = (
    "长江",
    "淮河",
    "黄山",
    "望江",
    "金寨",
    "宿州",
    "蒙城",
    "阜阳",
    "六安",
    "安庆",
    "胜利",
    "和平",
    "人民",
    "建设",
    "幸福",
    "青年",
    "花园",
    "明光",
    "铜陵",
    "芜湖",
    "徽州",
    "马鞍山",
    "合作化",
    "繁华",
    "南淝河",
    "清溪",
    "翡翠",
    "天鹅湖",
    "潜山",
    "环城",
    "临泉",
    "寿春",
    "濉溪",
    "龙岗",
    "裕溪",
    "大通",
    "包公",
    "紫云",
    "怀宁",
)
MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "158",
    "159",
    "152",
    "155",
    "177",
    "180",
    "186",
    "187",
    "188",
    "199",
)
ROAD_SUFFIX = ("路", "路", "路", "大道", "街", "东路", "西路", "南路", "北路")


def pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    """One of the options, uniformly."""
    return options[int(rng.integers(len(options)))]


def person_name(rng: np.random.Generator) -> str:
    """A surname and one or two given-name characters."""
    given = "".join(pick(rng, GIVEN) for _ in range(int(rng.integers(1, 3))))
    return pick(rng, SURNAMES) + given


def shop_name(rng: np.random.Generator, business_format: str, owner: str) -> str:
    """A shop name in the style of the format, sometimes after its owner."""
    suffix = pick(rng, FORMAT_SUFFIX[business_format])
    head = owner[0] + "记" if rng.random() < 0.25 else pick(rng, SHOP_WORDS)
    return head + suffix


def road(rng: np.random.Generator) -> str:
    return pick(rng, ROAD_WORDS) + pick(rng, ROAD_SUFFIX)


def mobile(rng: np.random.Generator) -> str:
    """An 11-digit mainland mobile number."""
    prefix = pick(rng, MOBILE_PREFIXES)
    return prefix + "".join(str(d) for d in rng.integers(0, 10, size=8))


def bank_account(rng: np.random.Generator) -> str:
    """A bank card number, stored masked: customer data is internal (DOMAIN.md §5)."""
    return "6228" + "".join(str(d) for d in rng.integers(0, 10, size=11)) + "****"
