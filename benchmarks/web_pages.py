"""The pages the page benchmark visits: who signs in, what marks the page drawn, which chart
it pans and zooms and which control it clicks (data-testid values of the web contract)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.principal import AccountRole


@dataclass(frozen=True)
class PageSpec:
    """A page: its name and path, the role signed in (None: signed out), the element whose
    ``data-ready="1"`` marks it drawn (None: first contentful paint does), the chart dragged
    and zoomed (None: no chart) and the controls to click, the first present one used (a
    <select> is switched with the arrow keys)."""

    name: str
    path: str
    role: AccountRole | None
    ready_testid: str | None
    chart_testid: str | None
    controls: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.name} {self.path}"


def pages_for(area: str) -> tuple[PageSpec, ...]:
    """Sign-in, the team lead's page of `area`, the planner's workbench and the dispatch
    board."""
    return (
        PageSpec("login", "/", None, None, None, ('[data-testid="lang-switch"]',)),
        PageSpec(
            "area",
            f"/area/{area}",
            AccountRole.TEAM_LEAD,
            "area-graph",
            "area-graph",
            ('[data-testid="area-graph-colour"]',),
        ),
        PageSpec(
            "planner",
            "/planner",
            AccountRole.PLANNER,
            "planner-map",
            "planner-map",
            ('[data-testid="planner-lasso"]',),
        ),
        PageSpec(
            "dispatch",
            "/dispatch",
            AccountRole.DISPATCHER,
            "dispatcher-routes",
            "dispatcher-routes",
            ("table.vehicles button.pick", '[data-testid="dispatch-tab-visits"]'),
        ),
    )
