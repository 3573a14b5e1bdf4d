"""`crm survey` and `crm actions`: satisfaction surveys analysed with KANO and
importance–satisfaction, and the actions area teams owe."""

from __future__ import annotations

import typer

survey_app = typer.Typer(help="Satisfaction surveys: plan, import, analyse (KANO, I-S).")
actions_app = typer.Typer(help="The actions area teams owe (under-service, breached cases).")
