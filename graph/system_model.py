"""The system's own records on the graph: accounts, API keys and background jobs.

Declared like the business objects of `graph.model` (one property per field, with its
labels), so `graph.schema` builds their node types the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import D, prop


@dataclass(frozen=True, slots=True)
class User:
    """An account that signs in with a password; linked to its Staff node when it has one."""

    username: str = prop(None, D, "用户名", "username")
    role: str = prop(None, D, "角色", "role")
    password_hash: str = prop(None, D, "密码摘要", "password hash")
    staff: str = prop(None, D, "工号", "employee number", default="")
    enabled: bool = prop(None, D, "启用", "enabled", default=True)
    created_at: str = prop(None, D, "创建时间", "created at", default="")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A program's key: only its hash is stored; `id` is the key's public prefix."""

    id: str = prop(None, D, "编号", "id")
    name: str = prop(None, D, "名称", "name")
    role: str = prop(None, D, "角色", "role")
    key_hash: str = prop(None, D, "密钥摘要", "key hash")
    staff: str = prop(None, D, "工号", "employee number", default="")
    enabled: bool = prop(None, D, "启用", "enabled", default=True)
    created_at: str = prop(None, D, "创建时间", "created at", default="")


@dataclass(frozen=True, slots=True)
class Job:
    """A background job (classify, design, rebalance, route planning, import) and its outcome."""

    id: str = prop(None, D, "编号", "id")
    kind: str = prop(None, D, "类型", "kind")
    owner: str = prop(None, D, "发起人", "started by")
    state: str = prop(None, D, "状态", "state")
    stage: str = prop(None, D, "阶段", "stage", default="")
    percent: float = prop(None, D, "进度", "percent", default=0.0)
    params: str = prop(None, D, "参数(JSON)", "parameters (JSON)", default="{}")
    created_at: str = prop(None, D, "提交时间", "submitted at", default="")
    started_at: str = prop(None, D, "开始时间", "started at", default="")
    finished_at: str = prop(None, D, "结束时间", "finished at", default="")
    result: str = prop(None, D, "结果(JSON)", "result (JSON)", default="")
    error: str = prop(None, D, "错误(JSON)", "error (JSON)", default="")
