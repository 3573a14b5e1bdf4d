"""`crm users ...`: accounts that sign in to the API, and API keys for programs."""

from __future__ import annotations

import sys

import typer

from accounts.service.demo import add_demo_accounts
from accounts.service.keys import add_api_key, disable_api_key, list_api_keys
from accounts.service.users import add_user, disable_user, list_users
from cli.context import session_of
from cli.output import print_json, print_table, stdout
from graph.errors import InvalidInput
from graph.page import MAX_LIMIT, PageRequest
from graph.principal import AccountRole
from graph.serialise import to_data

users_app = typer.Typer(
    help="Accounts (账户) that sign in to the API, and API keys (接口密钥) for programs.",
    no_args_is_help=True,
)
JSON = typer.Option(False, "--json", help="Print JSON.")
ROLE = typer.Option(..., "--role", help="What the account may do.")
STAFF = typer.Option(
    None, "--staff", help="Employee number (工号); required for team_lead and staff."
)
ALL = PageRequest(limit=MAX_LIMIT)


@users_app.command("add")
def add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="The name to sign in with."),
    role: AccountRole = ROLE,
    staff: str | None = STAFF,
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin (on a terminal: asked)."
    ),
    as_json: bool = JSON,
) -> None:
    """Add an account; the password (8 characters or more) is stored as an argon2 hash."""
    password = _password(password_stdin)
    with session_of(ctx) as (session, principal):
        user = add_user(session, principal, username, role, password, staff=staff)
    if as_json:
        print_json(to_data(user))
    else:
        stdout.print(f"added {user.username} ({user.role.value})", highlight=False)


@users_app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the accounts."""
    with session_of(ctx) as (session, principal):
        page = list_users(session, principal, ALL)
    if as_json:
        print_json(to_data(page))
        return
    rows = [[u.username, u.role.value, u.staff, u.enabled, u.created_at] for u in page.items]
    print_table(
        _title("accounts 账户", len(page.items), page.total),
        ["username", "role", "staff", "enabled", "created"],
        rows,
    )


@users_app.command("disable")
def disable(ctx: typer.Context, username: str = typer.Argument(...)) -> None:
    """Disable an account: its tokens stop working at once."""
    with session_of(ctx) as (session, principal):
        user = disable_user(session, principal, username)
    stdout.print(f"disabled {user.username}", highlight=False)


@users_app.command("add-key")
def add_key(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Which program the key is for."),
    role: AccountRole = ROLE,
    staff: str | None = STAFF,
    as_json: bool = JSON,
) -> None:
    """Make an API key for a program (the X-API-Key header); it is shown this once."""
    with session_of(ctx) as (session, principal):
        new = add_api_key(session, principal, name, role, staff=staff)
    if as_json:
        print_json(to_data(new))
        return
    stdout.print(
        f"key {new.id} for {new.name} ({new.role.value}), shown this once:", highlight=False
    )
    typer.echo(new.key)


@users_app.command("keys")
def keys(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the API keys (never their secrets)."""
    with session_of(ctx) as (session, principal):
        page = list_api_keys(session, principal, ALL)
    if as_json:
        print_json(to_data(page))
        return
    rows = [[k.id, k.name, k.role.value, k.staff, k.enabled, k.created_at] for k in page.items]
    print_table(
        _title("API keys 接口密钥", len(page.items), page.total),
        ["id", "name", "role", "staff", "enabled", "created"],
        rows,
    )


@users_app.command("disable-key")
def disable_key(
    ctx: typer.Context, key_id: str = typer.Argument(..., help="The key's id.")
) -> None:
    """Disable an API key: it stops working at once."""
    with session_of(ctx) as (session, principal):
        key = disable_api_key(session, principal, key_id)
    stdout.print(f"disabled key {key.id} ({key.name})", highlight=False)


@users_app.command("demo")
def demo(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Add one demo account per role (and a program's API key) and print their passwords."""
    with session_of(ctx) as (session, principal):
        made = add_demo_accounts(session, principal)
    if as_json:
        print_json(to_data(made))
        return
    stdout.print("demo accounts 演示账户 (shown this once):", highlight=False)
    for a in made:
        label = "X-API-Key" if a.kind == "api_key" else "password"
        staff = f", staff {a.staff}" if a.staff else ""
        typer.echo(f"  {a.username:<16} {a.role.value:<11} {label} {a.secret}  ({a.note}{staff})")


def _password(from_stdin: bool) -> str:
    """Asked twice on a terminal, else the first line of stdin with --password-stdin."""
    if sys.stdin.isatty():
        return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))
    if not from_stdin:
        raise InvalidInput("give the password on stdin with --password-stdin")
    return sys.stdin.readline().rstrip("\r\n")


def _title(name: str, shown: int, total: int) -> str:
    return name if shown == total else f"{name} (first {shown} of {total})"
