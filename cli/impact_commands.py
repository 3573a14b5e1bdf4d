"""`crm impact`: what a staff member's leaving or an area's split would do."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.context import session_of
from cli.output import print_json, print_table, stdout
from graph.errors import InvalidInput
from graph.serialise import to_data
from graph.service.impact import StaffImpact, staff_impact
from territory.service.split import SplitImpact, split_impact

impact_app = typer.Typer(
    help="What a change would do: a staff member leaving, an area split.", no_args_is_help=True
)
JSON = typer.Option(False, "--json", help="Print JSON.")


@impact_app.command("staff")
def staff(
    ctx: typer.Context,
    employee_no: str = typer.Argument(..., help="Employee number, e.g. HF0001."),
    as_json: bool = JSON,
) -> None:
    """If this person leaves: the areas, retailers and routes left without them, and who in
    the same or a neighbouring area could cover, best first."""
    with session_of(ctx) as (session, principal):
        impact = staff_impact(session, principal, employee_no)
    if as_json:
        print_json(to_data(impact))
    else:
        _print_staff(impact)


def _print_staff(impact: StaffImpact) -> None:
    load = impact.load
    stdout.print(
        f"[bold]{impact.employee_no} {impact.name}[/bold], {impact.role} / {impact.role_zh}: "
        f"{load.amount:g} {load.unit} of {load.capacity:g} ({load.utilisation:.0%}), "
        f"{load.retailers} retailers; room left among colleagues: {impact.spare_same_area:g} in "
        f"the same areas, {impact.spare_nearby:g} with the neighbouring ones"
    )
    print_table(
        "areas that lose them / 受影响片区",
        ["area", "name", "role", "角色", "left in the role", "nobody left", "loses its lead"],
        [
            [
                a.area,
                a.name,
                a.role,
                a.role_zh,
                ", ".join(a.remaining) or "—",
                "✗" if a.uncovered else "",
                "片长" if a.loses_lead else "",
            ]
            for a in impact.areas
        ],
    )
    print_table(
        "retailers that lose them / 受影响客户",
        ["area", "role", "retailers", "how", "others of the role in the area"],
        [
            [
                r.area,
                r.role,
                r.retailers,
                "whole area" if r.via_area else "their own",
                "yes" if r.still_served else "none",
            ]
            for r in impact.retailers
        ],
    )
    print_table(
        f"routes of {impact.routes_date or '(none planned)'} they drive / 配送线路",
        ["route", "trip", "zone", "vehicle", "stops", "cases", "areas"],
        [
            [r.route, r.trip, r.zone, r.vehicle, r.stops, r.load_cases, ", ".join(r.areas)]
            for r in impact.routes
        ],
    )
    print_table(
        "who could cover, best first / 可接替人员",
        ["employee", "name", "areas", "where", "load now", "unit", "spare", "now", "with theirs"],
        [
            [
                c.employee_no,
                c.name,
                ", ".join(c.areas),
                "same area" if c.same_area else "neighbouring",
                c.load.amount,
                c.load.unit,
                c.spare,
                f"{c.load.utilisation:.0%}",
                f"{c.utilisation_after:.0%}",
            ]
            for c in impact.candidates
        ],
    )


@impact_app.command("split")
def split(
    ctx: typer.Context,
    area: str = typer.Argument(..., help="Area code, e.g. A07."),
    retailers: str | None = typer.Option(
        None, "--retailers", help="Ids of the area's retailers to split off, comma-separated."
    ),
    file: Path | None = typer.Option(
        None, "--file", help="A file of retailer ids, one a line (or comma-separated)."
    ),
    as_json: bool = JSON,
) -> None:
    """If these retailers left AREA as a new area: both areas' balance against the city
    mean, the team posts each needs, who would move, and the zone and routes that change."""
    ids = retailer_ids(retailers, file)
    with session_of(ctx) as (session, principal):
        impact = split_impact(session, principal, area, ids)
    if as_json:
        print_json(to_data(impact))
    else:
        _print_split(impact)


def retailer_ids(text: str | None, file: Path | None) -> list[str]:
    """The ids given by ``--retailers`` or ``--file`` (exactly one of them).

    >>> retailer_ids("R1, R2,,R3", None)
    ['R1', 'R2', 'R3']
    """
    if (text is None) == (file is None):
        raise InvalidInput("give the retailers with --retailers ID,ID,... or --file PATH")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"--file {file}: {exc.strerror}") from None
    assert text is not None
    return [i.strip() for i in text.replace("\n", ",").split(",") if i.strip()]


def _print_split(impact: SplitImpact) -> None:
    stdout.print(
        f"[bold]{impact.area}[/bold] → {impact.area} + [bold]{impact.new_area}[/bold] "
        f"({impact.moved} retailers move); team now: "
        + ", ".join(f"{role} {n}" for role, n in impact.team_now.items())
    )
    rows = [(f"{impact.area} now", impact.before), *((s.area, s.balance) for s in impact.sides)]
    print_table(
        "balance against the city mean / 均衡",
        ["area", "customers", "±", "workload (min/wk)", "±", "volume (cases/mo)", "±"],
        [
            [
                name,
                b.customers,
                f"{b.customers_deviation:+.1%}",
                b.workload,
                f"{b.workload_deviation:+.1%}",
                b.volume,
                f"{b.volume_deviation:+.1%}",
            ]
            for name, b in rows
        ],
    )
    print_table(
        "the two areas / 拆分后片区",
        ["area", "zone", "connected", "outside tolerance", "neighbours", "posts"],
        [
            [
                s.area,
                s.zone,
                "yes" if s.contiguous else "no",
                ", ".join(f"{m.measure} {m.deviation:+.1%}" for m in s.misses) or "—",
                ", ".join(s.neighbours),
                ", ".join(f"{r} {n}" for r, n in s.posts.items()),
            ]
            for s in impact.sides
        ],
    )
    print_table(
        "staff whose areas change / 人员调整",
        ["employee", "role", "areas now", "areas after"],
        [
            [c.staff, c.role, ", ".join(c.old_areas), ", ".join(c.new_areas)]
            for c in impact.staff_changes
        ],
    )
    print_table(
        "zones / 配送区",
        ["zone", "areas now", "areas after"],
        [[z.zone, ", ".join(z.areas_before), ", ".join(z.areas_after)] for z in impact.zones],
    )
    print_table(
        f"routes of {impact.routes_date or '(none planned)'} that change / 受影响线路",
        ["route", "driver", "stops in the area", "in the new area"],
        [[r.route, r.driver, r.stops, r.moving] for r in impact.routes],
    )
