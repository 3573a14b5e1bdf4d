"""`crm interactions` and `crm visits`: logged visits, calls, deliveries and inspections, and
visit adherence against the class plan."""

from __future__ import annotations

import typer

interactions_app = typer.Typer(help="Logged visits, calls, deliveries and inspections.")
visits_app = typer.Typer(help="Visit adherence against the class service policy.")
