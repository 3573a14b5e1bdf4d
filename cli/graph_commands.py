"""`crm graph` and `crm area`: counts, the integrity check, areas and their subgraphs."""

from __future__ import annotations

import typer

from cli.context import session_of
from cli.output import print_json, print_table, stdout
from graph.serialise import to_data
from graph.service.areas import list_areas, show_area
from graph.service.stats import check_integrity, graph_counts

graph_app = typer.Typer(help="The graph as a whole.", no_args_is_help=True)
area_app = typer.Typer(help="Areas (片区) and their teams.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


@graph_app.command("stats")
def stats(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Count nodes per label and relationships per type."""
    with session_of(ctx) as (session, principal):
        counts = graph_counts(session, principal)
    if as_json:
        print_json(to_data(counts))
        return
    print_table("nodes", ["label", "count"], [[k, v] for k, v in counts.nodes.items()])
    print_table(
        "relationships", ["type", "count"], [[k, v] for k, v in counts.relationships.items()]
    )


@graph_app.command("check")
def check(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Check the graph's integrity; exit status 1 when anything is violated."""
    with session_of(ctx) as (session, principal):
        report = check_integrity(session, principal)
    if as_json:
        print_json(to_data(report))
    else:
        print_table(
            "integrity",
            ["check", "ok", "violations", "rule"],
            [[c.name, "✓" if c.ok else "✗", c.violations, c.description] for c in report.checks],
        )
    if not report.ok:
        raise typer.Exit(1)


@area_app.command("list")
def area_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """The areas in scope with their codes, names, zones and retailer counts."""
    with session_of(ctx) as (session, principal):
        areas = list_areas(session, principal)
    if as_json:
        print_json({"areas": to_data(areas)})
        return
    print_table(
        "areas / 片区",
        ["code", "name", "name (en)", "zone", "retailers"],
        [[a.code, a.name, a.name_en, a.zone, a.retailers] for a in areas],
    )


@area_app.command("show")
def area_show(
    ctx: typer.Context,
    area: str = typer.Argument(..., help="Area code, e.g. A07."),
    as_json: bool = JSON,
) -> None:
    """An area's subgraph: its team with roles and lead, its retailers, adjacent areas."""
    with session_of(ctx) as (session, principal):
        view = show_area(session, principal, area)
    if as_json:
        print_json(to_data(view))
        return
    stdout.print(
        f"[bold]{view.code} {view.name}[/bold] ({view.name_en}), zone {view.zone}, "
        f"{view.counts['retailers']} retailers, lead {view.lead}"
    )
    print_table(
        "team / 团队",
        ["employee", "name", "role", "角色", "lead"],
        [[m.employee_no, m.name, m.role, m.role_zh, "片长" if m.lead else ""] for m in view.team],
    )
    print_table(
        "adjacent areas / 相邻片区",
        ["code", "name", "links"],
        [[n.code, n.name, n.links] for n in view.neighbours],
    )
