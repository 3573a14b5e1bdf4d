"""The `crm` command: the graph, seeding and import, and (per issue) the planners' tools."""

from __future__ import annotations

import logging
import sys

import typer

from api.settings import DEFAULT_STORE, Settings
from cli import (
    bench_commands,
    bench_day_commands,
    bench_province_commands,
    classify_commands,
    complaint_commands,
    graph_commands,
    impact_commands,
    points_commands,
    province_commands,
    retailer_commands,
    route_visit_commands,
    routing_commands,
    seed_commands,
    serve_commands,
    survey_commands,
    territory_commands,
    user_commands,
    visit_commands,
)
from cli.context import ROLES, Invocation
from cli.output import stderr
from graph.errors import DomainError, Forbidden, StoreUnavailable
from graph.store_lock import DEFAULT_WAIT_S

app = typer.Typer(
    help="Graph-based CRM and territory system for a city tobacco distributor.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(seed_commands.seed_app, name="seed")
app.add_typer(seed_commands.import_app, name="import")
app.add_typer(graph_commands.graph_app, name="graph")
app.add_typer(graph_commands.area_app, name="area")
app.add_typer(retailer_commands.retailer_app, name="retailer")
app.add_typer(retailer_commands.retailers_app, name="retailers")
app.command("classify")(classify_commands.classify)
app.add_typer(territory_commands.territory_app, name="territory")
routing_commands.routes_app.command("visits")(route_visit_commands.visits)
app.add_typer(routing_commands.routes_app, name="routes")
bench_commands.bench_app.command("day")(bench_day_commands.bench_day)
bench_commands.bench_app.command("province")(bench_province_commands.bench_province)
app.add_typer(bench_commands.bench_app, name="bench")
app.add_typer(impact_commands.impact_app, name="impact")
app.command("serve")(serve_commands.serve)
app.add_typer(user_commands.users_app, name="users")
app.add_typer(visit_commands.interactions_app, name="interactions")
app.add_typer(visit_commands.visits_app, name="visits")
app.add_typer(complaint_commands.complaints_app, name="complaints")
app.add_typer(survey_commands.survey_app, name="survey")
app.add_typer(survey_commands.actions_app, name="actions")
app.add_typer(points_commands.points_app, name="points")
app.add_typer(province_commands.province_app, name="province")


@app.callback()
def root(
    ctx: typer.Context,
    store: str = typer.Option(
        None,
        "--store",
        help="Graph store URL: ladybug:///path "
        f"or neo4j://host:7687 (env CRM_STORE; default "
        f"{DEFAULT_STORE})",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
    as_staff: str | None = typer.Option(
        None, "--as-staff", help="Act as this staff member (employee number), in their areas."
    ),
    role: str | None = typer.Option(
        None, "--role", help=f"With --as-staff: {ROLES} (default team_lead)."
    ),
    as_retailer: str | None = typer.Option(
        None, "--as-retailer", help="Act as this retailer (its own change requests)."
    ),
    wait_s: float = typer.Option(
        DEFAULT_WAIT_S,
        "--wait",
        min=0,
        help="Seconds to wait for another command that is writing to the store.",
    ),
) -> None:
    if not verbose:  # the driver logs its own retries; the command reports the failure once
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    settings = Settings()
    if store:
        settings = settings.model_copy(update={"store": store})
    ctx.obj = Invocation(settings, as_staff, role, as_retailer, wait_s)


def exit_status(error: DomainError) -> int:
    """2 for bad input, a missing object, a conflict or an infeasible request; 3 when the
    principal may not; 4 when the store cannot be opened or is busy."""
    if isinstance(error, Forbidden):
        return 3
    if isinstance(error, StoreUnavailable):
        return 4
    return 2


def main() -> None:
    """Entry point: domain errors become one clear line on stderr and an exit status by kind."""
    try:
        app(prog_name="crm")
    except DomainError as exc:
        stderr.print(f"[red]error:[/red] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exit_status(exc))


if __name__ == "__main__":
    main()
