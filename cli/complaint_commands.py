"""`crm complaints`: retailers' complaints and requests with their first-response clock."""

from __future__ import annotations

import typer

complaints_app = typer.Typer(help="Complaints and requests with first-response clocks.")
