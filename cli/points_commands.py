"""`crm points`: monthly incentive scores by the four roles, accumulated points and the
raters' report."""

from __future__ import annotations

import typer

points_app = typer.Typer(help="Process-incentive scores by the four roles and their report.")
