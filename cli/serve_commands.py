"""``crm serve``: the HTTP API on the store the root options name."""

from __future__ import annotations

import typer

from cli.context import invocation_of
from cli.output import stderr


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the API (docs at /docs) until Ctrl-C."""
    import uvicorn

    from api.app import create_app

    settings = invocation_of(ctx).settings
    stderr.print(
        f"serving {settings.store} at http://{host}:{port}/ (API docs: /docs); Ctrl-C stops",
        highlight=False,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
