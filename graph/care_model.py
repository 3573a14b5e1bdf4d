"""The records of the service loop (DOMAIN.md §6–7, documents 001, 003, 004): what the team
did at a shop, a retailer's complaints and requests with their clocks, survey answers, and the
actions an area team owes.

Times are local wall-clock ISO strings (``2026-11-23T09:30``), as the staff type them; the
`day` of an interaction is the date it belongs to, for period filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph.model import D, Role, prop


class InteractionKind(StrEnum):
    """What a team member did at (or for) a shop; each kind is one role's."""

    VISIT = "visit"
    CALL = "call"
    DELIVERY = "delivery"
    INSPECTION = "inspection"

    @property
    def role(self) -> Role:
        return {
            "visit": Role.MANAGER,
            "call": Role.AGENT,
            "delivery": Role.DRIVER,
            "inspection": Role.INSPECTOR,
        }[self.value]


@dataclass(frozen=True, slots=True)
class Interaction:
    """A visit, call, delivery or inspection logged by the staff member who made it.

    Staff —LOGGED→ Interaction —ABOUT→ Retailer; `plan_ref` names the planned visit
    (``visit:<week>:<manager>:<retailer>``) or route stop (``<route id>#<seq>``) it fulfils."""

    id: str = prop(None, D, "编号", "id")
    kind: str = prop(None, D, "类型", "visit, call, delivery or inspection")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    staff_id: str = prop(None, D, "工号", "staff member")
    role: str = prop(None, D, "岗位", "role")
    day: date = prop(None, D, "日期", "date")
    status: str = prop(None, D, "状态", "done, missed or cancelled")
    started_at: str = prop(None, D, "开始时间", "started at", default="")
    ended_at: str = prop(None, D, "结束时间", "ended at", default="")
    planned_start: str = prop(None, D, "计划开始", "planned start", default="")
    planned_end: str = prop(None, D, "计划结束", "planned end", default="")
    checkin_lon: float | None = prop(None, D, "签到经度", "check-in longitude", default=None)
    checkin_lat: float | None = prop(None, D, "签到纬度", "check-in latitude", default=None)
    tasks: str = prop(
        None, D, "完成事项", "tasks done (display, stock, prices, competitor, requests)",
        default="",
    )
    notes: str = prop(None, D, "备注", "notes", default="")
    reached: bool | None = prop(None, D, "已接通", "reached", default=None)
    order_taken: bool | None = prop(None, D, "已订货", "order taken", default=None)
    brands: str = prop(None, D, "推荐品牌", "brands recommended", default="")
    delivered: bool | None = prop(None, D, "已送达", "delivered", default=None)
    signed: bool | None = prop(None, D, "已签收", "signed for", default=None)
    problem: str = prop(None, D, "问题", "problem", default="")
    licence_checked: bool | None = prop(None, D, "已查验许可证", "licence checked", default=None)
    result: str = prop(None, D, "检查结果", "inspection result", default="")
    violation: str = prop(None, D, "违规情况", "violation", default="")
    plan_ref: str = prop(None, D, "计划编号", "planned visit or route stop", default="")
    logged_by: str = prop(None, D, "录入人", "logged by", default="")
    logged_at: str = prop(None, D, "录入时间", "logged at", default="")
    source: str = prop(None, D, "来源", "api, import or seed", default="")


@dataclass(frozen=True, slots=True)
class Case:
    """A retailer's complaint or request (Retailer —HAS_CASE→ ServiceCase —OWNED_BY→ Staff)
    with its first-response and resolution clocks in working minutes; `events` is the JSON
    history."""

    id: str = prop(None, D, "编号", "id")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    kind: str = prop(None, D, "类型", "complaint or request")
    channel: str = prop(None, D, "渠道", "phone, visit, hotline_12313, api")
    category: str = prop(None, D, "类别", "category")
    text: str = prop(None, D, "内容", "text")
    opened_at: str = prop(None, D, "受理时间", "opened at")
    opened_by: str = prop(None, D, "受理人", "opened by")
    owner: str = prop(None, D, "负责人", "owner (employee number)")
    owner_role: str = prop(None, D, "负责岗位", "owner's role")
    key_account: bool = prop(None, D, "重点客户", "key account")
    first_response_target_min: int = prop(None, D, "首次响应时限(分钟)", "first-response target")
    resolution_target_min: int = prop(None, D, "解决时限(分钟)", "resolution target")
    status: str = prop(None, D, "状态", "open, responded, paused or closed")
    responded_at: str = prop(None, D, "首次响应时间", "first response at", default="")
    response: str = prop(None, D, "首次响应", "first response", default="")
    paused_at: str = prop(None, D, "暂停于", "paused since", default="")
    paused_min: int = prop(None, D, "暂停(工作分钟)", "working minutes paused", default=0)
    closed_at: str = prop(None, D, "关闭时间", "closed at", default="")
    care_record: str = prop(None, D, "客户关怀记录", "care record", default="")
    events: str = prop(None, D, "处理记录(JSON)", "history (JSON)", default="")


@dataclass(frozen=True, slots=True)
class Alert:
    """A case's clock passing 80 % of a target (warning) or the target (breach), raised once
    to its owner and the area lead (ServiceCase —RAISED→ Alert)."""

    id: str = prop(None, D, "编号", "id")
    case_id: str = prop(None, D, "工单", "case")
    kind: str = prop(None, D, "类型", "warning or breach")
    clock: str = prop(None, D, "时限", "first_response or resolution")
    due_at: str = prop(None, D, "到期时间", "due at")
    raised_at: str = prop(None, D, "提醒时间", "raised at")
    recipients: str = prop(None, D, "接收人", "recipients (employee numbers)")
    area: str = prop(None, D, "片区", "area", default="")


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """One retailer's answer on one item of a satisfaction survey wave (Retailer —ANSWERED→):
    importance and satisfaction 1–5, and the KANO pair coded 1 like, 2 must-be, 3 neutral,
    4 live-with, 5 dislike."""

    id: str = prop(None, D, "编号", "id")
    wave: str = prop(None, D, "调查批次", "survey wave")
    retailer_id: str = prop(None, D, "客户编码", "retailer")
    item: str = prop(None, D, "调查项目", "item")
    importance: int = prop(None, D, "重要度", "importance (1-5)")
    satisfaction: int = prop(None, D, "满意度", "satisfaction (1-5)")
    kano_functional: int = prop(None, D, "正向问题", "KANO functional answer")
    kano_dysfunctional: int = prop(None, D, "反向问题", "KANO dysfunctional answer")
    answered_on: date = prop(None, D, "答卷日期", "answered on")


@dataclass(frozen=True, slots=True)
class SurveyWave:
    """A planned survey: its items (at most 20) and each retailer's date (JSON)."""

    id: str = prop(None, D, "编号", "id")
    name: str = prop(None, D, "名称", "name")
    items: str = prop(None, D, "调查项目(JSON)", "items (JSON)")
    starts_on: date = prop(None, D, "开始日期", "first day")
    ends_on: date = prop(None, D, "结束日期", "last day")
    schedule: str = prop(None, D, "日程(JSON)", "retailer → date (JSON)")
    created_at: str = prop(None, D, "创建时间", "created at", default="")
    created_by: str = prop(None, D, "创建人", "created by", default="")


@dataclass(frozen=True, slots=True)
class Action:
    """Something an area team owes: an under-served survey item or a breached case, owned by
    the role it concerns (Area —OWES→ Action)."""

    id: str = prop(None, D, "编号", "id")
    area: str = prop(None, D, "片区", "area")
    kind: str = prop(None, D, "类型", "under_service or breach")
    role: str = prop(None, D, "负责岗位", "role that owns it")
    subject: str = prop(None, D, "对象", "survey item or case id")
    text_zh: str = prop(None, D, "说明", "what to do (Chinese)")
    text_en: str = prop(None, D, "说明(英文)", "what to do (English)")
    created_at: str = prop(None, D, "创建时间", "created at")
    status: str = prop(None, D, "状态", "open or done", default="open")
