"""`crm territory plans ...` (the history of applied plans: list, show, compare, restore) and
`crm territory move` (retailers moved to another area by hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from cli.context import session_of
from cli.output import print_json, print_table, progress_bar, stdout
from graph.page import PageRequest
from graph.serialise import to_data

if TYPE_CHECKING:
    from territory.service import MoveResult, PlanComparison, PlanDetail, RestoreResult
    from territory.service.changes import AreaChange

plans_app = typer.Typer(
    help="Applied territory plans, newest first; show, compare or restore one.",
    invoke_without_command=True,
)
JSON = typer.Option(False, "--json", help="Print JSON.")
PLAN = typer.Argument(..., help="A plan's id (see `crm territory plans`).")


@plans_app.callback()
def plans(
    ctx: typer.Context,
    offset: int = typer.Option(0, "--offset", help="Skip this many."),
    limit: int = typer.Option(100, "--limit", help="Show at most this many (1-1000)."),
    as_json: bool = JSON,
) -> None:
    """The applied plans, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from territory.service import list_plans

    with session_of(ctx) as (session, principal):
        page = list_plans(session, principal, PageRequest(offset, limit))
    if as_json:
        print_json(to_data(page))
        return
    print_table(
        f"territory plans {offset + 1}-{offset + len(page.items)} of {page.total}",
        ["id", "by", "kind", "feasible", "moved"],
        [[p.id, p.by, p.kind, p.feasible, p.moved] for p in page.items],
    )


@plans_app.command("show")
def show(ctx: typer.Context, plan_id: str = PLAN, as_json: bool = JSON) -> None:
    """One plan with its areas' figures over today's retailers."""
    from territory.service import show_plan

    with session_of(ctx) as (session, principal):
        detail = show_plan(session, principal, plan_id)
    if as_json:
        print_json(to_data(detail))
    else:
        _print_detail(detail)


@plans_app.command("compare")
def compare(
    ctx: typer.Context,
    a: str = typer.Argument(..., help="A plan's id, or current."),
    b: str = typer.Argument("current", help="A plan's id, or current (the default)."),
    as_json: bool = JSON,
) -> None:
    """The retailers that change area, every area's figures and the teams that change from
    plan A to plan B."""
    from territory.service import compare_plans

    with session_of(ctx) as (session, principal):
        comparison = compare_plans(session, principal, a, b)
    if as_json:
        print_json(to_data(comparison))
    else:
        _print_comparison(comparison)


@plans_app.command("restore")
def restore(
    ctx: typer.Context,
    plan_id: str = PLAN,
    dry_run: bool = typer.Option(False, "--dry-run", help="Compute and report; write nothing."),
    as_json: bool = JSON,
) -> None:
    """Apply a plan's areas and zones again, recorded as a new plan (teams derived again)."""
    from territory.service import restore_plan

    with session_of(ctx) as (session, principal), progress_bar() as progress:
        result = restore_plan(session, principal, plan_id, dry_run=dry_run, progress=progress)
    if as_json:
        print_json(to_data(result))
    else:
        _print_restore(result)


def move(
    ctx: typer.Context,
    retailers: list[str] = typer.Argument(..., help="Ids of the retailers to move."),
    to: str = typer.Option(..., "--to", help="The area they move to."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Compute and report; write nothing."),
    as_json: bool = JSON,
) -> None:
    """Move retailers to another area: each touched area before and after, whether it still
    hangs together, and (unless a dry run) the moves applied as a plan."""
    from territory.service import move_retailers

    with session_of(ctx) as (session, principal):
        result = move_retailers(session, principal, [(r, to) for r in retailers], dry_run=dry_run)
    if as_json:
        print_json(to_data(result))
    else:
        _print_moves(result)


def _balance(balance: dict[str, float]) -> str:
    return ", ".join(f"{m} {d:.1%}" for m, d in balance.items())


def _print_detail(d: PlanDetail) -> None:
    stdout.print(
        f"{d.id}: {d.kind} by {d.by or '?'} at {d.at}, feasible: {d.feasible}, "
        f"moved {d.moved}, replaced {d.replaced or 'nothing'}; retailers opened since: "
        f"{d.unassigned}, closed since: {d.gone}"
    )
    print_table(
        "areas (deviation from the plan's mean)",
        ["area", "zone", "team", "customers", "workload", "volume"],
        [
            [
                a.code,
                a.zone,
                len(a.team),
                f"{a.customers:g} ({a.customers_deviation:+.1%})",
                f"{a.workload:g} ({a.workload_deviation:+.1%})",
                f"{a.volume:g} ({a.volume_deviation:+.1%})",
            ]
            for a in d.areas
        ],
    )


def _print_comparison(c: PlanComparison) -> None:
    stdout.print(
        f"{c.a} → {c.b}: {len(c.moves)} retailers change area, {len(c.teams)} teams change"
    )
    if c.moves:
        print_table(
            "moves",
            ["retailer", "name", "from", "to"],
            [[m.retailer, m.name, m.from_, m.to] for m in c.moves],
        )
    changed = [
        a
        for a in c.areas
        if (a.customers_a, a.workload_a, a.volume_a) != (a.customers_b, a.workload_b, a.volume_b)
    ]
    print_table(
        f"areas that change (a → b; {len(c.areas) - len(changed)} others as they were)",
        ["area", "customers", "workload", "volume"],
        [
            [
                a.code,
                f"{a.customers_a:g} → {a.customers_b:g}",
                f"{a.workload_a:g} → {a.workload_b:g}",
                f"{a.volume_a:g} → {a.volume_b:g}",
            ]
            for a in changed
        ],
    )
    for t in c.teams:
        stdout.print(f"team of {t.area}: {' '.join(t.before)} → {' '.join(t.after)}")


def _print_restore(r: RestoreResult) -> None:
    stdout.print(
        f"restore {r.restored}: moves {r.moved} retailers ({r.kept} not in the plan keep "
        f"their area), feasible: {r.feasible}, balance {_balance(r.balance)}, "
        f"{len(r.staff_changes)} staff change areas"
        + (f" — applied as {r.plan_id}" if r.applied else " — dry run, nothing written")
    )
    _print_areas(r.areas)


def _print_moves(r: MoveResult) -> None:
    stdout.print(
        f"{len(r.moves)} retailers change area"
        + (f" — applied as {r.plan_id}" if r.applied else " — dry run, nothing written")
    )
    if r.moves:
        print_table(
            "moves",
            ["retailer", "name", "from", "to"],
            [[m.retailer, m.name, m.from_, m.to] for m in r.moves],
        )
    _print_areas(r.areas)
    if r.broken_areas:
        before = f" ({', '.join(r.broken_before)} already before)" if r.broken_before else ""
        stdout.print(
            f"[yellow]not in one piece after the moves: {', '.join(r.broken_areas)}"
            f"{before}[/yellow]"
        )


def _print_areas(areas: tuple[AreaChange, ...]) -> None:
    def cell(before: float, after: float, dev: float | None) -> str:
        return f"{before:g} → {after:g}" + (f" ({dev:+.1%})" if dev is not None else "")

    print_table(
        "areas before → after (deviation from the mean after)",
        ["area", "customers", "workload", "volume"],
        [
            [
                a.code,
                cell(a.customers_before, a.customers_after, a.deviation_after.get("customers")),
                cell(a.workload_before, a.workload_after, a.deviation_after.get("workload")),
                cell(a.volume_before, a.volume_after, a.deviation_after.get("volume")),
            ]
            for a in areas
        ],
    )
