"""What the running app holds: the one database, its secret, caches and the job runner."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.lockout import Lockout
from api.principals import PrincipalCache
from api.settings import Settings
from graph.database import Database
from graph.layout_cache import LayoutCache
from jobs.runner import JobRunner


@dataclass
class AppState:
    """Reachable from a request as ``request.app.state.crm``."""

    settings: Settings
    database: Database
    secret: bytes
    jobs: JobRunner
    lockout: Lockout = field(default_factory=Lockout)
    layouts: LayoutCache = field(default_factory=LayoutCache)
    principals: PrincipalCache = field(default_factory=PrincipalCache)
