"""`crm classify`, `crm retailer ...` and `crm retailers export`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer

from cli.context import store_of
from cli.output import print_json, print_table, progress_bar, stdout

retailer_app = typer.Typer(
    help="One retailer: its record, classes and governed edits.", no_args_is_help=True
)
retailers_app = typer.Typer(help="All retailers.", no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")
ACTORS = "agent, manager, inspector, driver, supervisor or retailer"


def classify(
    ctx: typer.Context,
    as_of: str | None = typer.Option(
        None, "--as-of", help="YYYY-MM-DD; default the day after the latest month of orders."
    ),
    params_file: Path | None = typer.Option(
        None, "--params", help="TOML thresholds and weights (territory/class_params.py)."
    ),
    as_json: bool = JSON,
) -> None:
    """Recompute and store every retailer's classes; print counts per class and the time."""
    from graph.errors import InvalidInput
    from territory.class_params import ClassParams
    from territory.service import classify_store

    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise InvalidInput(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from exc
    params = ClassParams.from_file(params_file) if params_file else ClassParams()
    with store_of(ctx) as store, progress_bar() as progress:
        report = classify_store(store, params, as_of=when, progress=progress)
    if as_json:
        print_json(report)
        return
    stdout.print(
        f"classified {report.retailers} retailers as of {report.as_of} in "
        f"{report.seconds} s; {report.changes} class changes recorded"
    )
    for scheme, counts in report.counts.items():
        if scheme != "category":
            print_table(scheme, ["class", "retailers"], [[k, v] for k, v in counts.items()])


@retailer_app.command("show")
def show(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(..., help="Retailer id."),
    as_json: bool = JSON,
) -> None:
    """Fields (by group), classes with explanations, class history, pending change requests."""
    from graph.repository import retailer_profile

    with store_of(ctx) as store:
        profile = retailer_profile(store, retailer_id)
    if as_json:
        print_json(profile)
        return
    stdout.print(f"[bold]{profile['id']} {profile['name']}[/bold]")
    for group, fields in profile["fields"].items():  # type: ignore[attr-defined]
        print_table(
            group,
            ["field", "字段", "kind", "value"],
            [[f["label_en"], f["label_zh"], f["change"], f["value"]] for f in fields],
        )
    print_table(
        f"classes (as of {profile['classified_on']})",
        ["scheme", "class", "why"],
        [[k, v["class"], v["text"]] for k, v in profile["classes"].items()],
    )  # type: ignore[attr-defined]
    print_table(
        "class history",
        ["date", "scheme", "old", "new", "reason"],
        [
            [h["changed_on"], h["scheme"], h["old"], h["new"], h["reason"]]
            for h in profile["class_history"]
        ],
    )  # type: ignore[attr-defined]
    team = profile["team"]["team"]  # type: ignore[index]
    print_table(
        "team / 服务团队",
        ["employee", "name", "role", "phone", "lead"],
        [
            [m["employee_no"], m["name"], m["role"], m["phone"], "片长" if m["lead"] else ""]
            for m in team
        ],
    )
    print_table(
        "audit / 修改记录",
        ["when", "field", "old", "new", "by"],
        [
            [a["changed_at"], a["field"], a["old"], a["new"], f"{a['changed_by']} ({a['role']})"]
            for a in profile["audit"]
        ],
    )  # type: ignore[attr-defined]
    print_table(
        "pending change requests",
        ["id", "field", "old", "new", "by"],
        [
            [r["id"], r["field"], r["old"], r["new"], r["requested_by"]]
            for r in profile["pending_change_requests"]
        ],
    )  # type: ignore[attr-defined]


def _actor(role: str) -> object:
    from graph.errors import InvalidInput
    from graph.governance import Actor

    try:
        return Actor(role)
    except ValueError:
        raise InvalidInput(f"--as {role!r}: use {ACTORS}") from None


@retailer_app.command("edit")
def edit(
    ctx: typer.Context,
    retailer_id: str = typer.Argument(...),
    changes: list[str] = typer.Argument(..., help="FIELD=VALUE pairs."),
    by: str = typer.Option(..., "--by", help="Employee number (or name of a supervisor)."),
    role: str = typer.Option(..., "--as", help=f"Acting role: {ACTORS}."),
    as_json: bool = JSON,
) -> None:
    """Edit fields: a supervisor's edit applies (audited); others become change requests."""
    from graph.edits import edit_retailer
    from graph.errors import InvalidInput

    pairs = {}
    for item in changes:
        field, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"{item!r} is not FIELD=VALUE")
        pairs[field.strip()] = value.strip()
    with store_of(ctx) as store:
        done = edit_retailer(
            store,
            retailer_id,
            pairs,
            by=by,
            actor=_actor(role),  # type: ignore[arg-type]
            now=datetime.now(),
        )
    if as_json:
        print_json(done)
        return
    for item in done:
        kind = "request" if hasattr(item, "status") else "applied"
        stdout.print(f"{kind}: {item.field} {item.old!r} → {item.new!r} ({item.id})")


@retailer_app.command("requests")
def requests(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Change requests waiting for a supervisor's decision."""
    from graph.queries import Query

    with store_of(ctx) as store:
        pending = store.read(Query.PENDING_CHANGE_REQUESTS)
    if as_json:
        print_json({"pending": pending})
        return
    print_table(
        "pending change requests",
        ["id", "retailer", "field", "old", "new", "by"],
        [
            [
                r["id"],
                r["retailer_id"],
                r["field"],
                r["old"],
                r["new"],
                f"{r['requested_by']} ({r['requested_role']})",
            ]
            for r in pending
        ],
    )


def _decide(
    ctx: typer.Context, request_id: str, approve: bool, by: str, note: str, as_json: bool
) -> None:
    from graph.edits import decide_request
    from graph.governance import Actor

    with store_of(ctx) as store:
        decided, entry = decide_request(
            store,
            request_id,
            approve=approve,
            by=by,
            actor=Actor.SUPERVISOR,
            now=datetime.now(),
            note=note,
        )
    if as_json:
        print_json({"request": decided, "audit": entry})
    else:
        stdout.print(f"{decided.id}: {decided.status} by {by}")


@retailer_app.command("approve")
def approve(
    ctx: typer.Context,
    request_id: str = typer.Argument(...),
    by: str = typer.Option(..., "--by", help="The approving supervisor."),
    note: str = typer.Option("", "--note"),
    as_json: bool = JSON,
) -> None:
    """Approve a change request (supervisor): the change applies and is audited."""
    _decide(ctx, request_id, True, by, note, as_json)


@retailer_app.command("reject")
def reject(
    ctx: typer.Context,
    request_id: str = typer.Argument(...),
    by: str = typer.Option(..., "--by", help="The rejecting supervisor."),
    note: str = typer.Option("", "--note", help="Why."),
    as_json: bool = JSON,
) -> None:
    """Reject a change request (supervisor)."""
    _decide(ctx, request_id, False, by, note, as_json)


@retailers_app.command("export")
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Output file."),
    fmt: str = typer.Option("csv", "--format", help="csv, xlsx or json."),
    as_json: bool = JSON,
) -> None:
    """One row per retailer with its classes (id, name, category_code, tier, grade, ...)."""
    from graph.export import write_rows
    from graph.queries import Query

    with store_of(ctx) as store:
        count = write_rows(store.read(Query.ALL_RETAILERS), fmt, file)
    if as_json:
        print_json({"file": str(file), "format": fmt, "retailers": count})
    else:
        stdout.print(f"wrote {count} retailers to {file}")
