"""The tables `crm bench crm-loop` prints: the targets, adherence by area, KANO and
importance–satisfaction by class, cases within target, the small city's checks."""

from __future__ import annotations

from typing import Any

Table = tuple[str, list[str], list[list[Any]]]


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def tables(result: dict[str, Any]) -> list[Table]:
    """Title, columns and rows of each table, from the benchmark's JSON."""
    full, small = result["full_city"], result["small_city"]
    kano = [
        [
            *row[:5],
            *(f"{v:.2f}" for v in row[5:7]),
            "yes" if row[7] else "",
            *(f"{v:.2f}" for v in row[8:10]),
            row[10],
        ]
        for row in full["kano"]["table"]
    ]
    return [
        ("targets", ["target", "figure"], [[k, v] for k, v in result["targets"].items()]),
        (
            f"adherence by area, {full['weeks']} weeks, {full['visits']} visits",
            ["area", "planned", "verified", "adherence", "coverage", "over-service"],
            [
                [
                    r["key"],
                    r["planned"],
                    r["verified"],
                    _share(r["adherence"]),
                    _share(r["coverage"]),
                    _share(r["over_service"]),
                ]
                for r in [*full["by_area"], full["overall"]]
            ],
        ),
        (
            "KANO and importance–satisfaction by class (B Better, W Worse, I importance, "
            "S satisfaction)",
            ["class", "item", "n", "planted", "found", "B", "W", "mixed", "I", "S", "quadrant"],
            kano,
        ),
        (
            "cases within target",
            ["group", "cases", "first response", "resolution"],
            [
                [
                    f"{part[3:]}: {r['group']}",
                    r["cases"],
                    _share(r["first_response_share"]),
                    _share(r["resolution_share"]),
                ]
                for part in ("by_area", "by_role", "by_key_account", "by_class")
                for r in full["cases"][part]
            ],
        ),
        (
            "small city and simulated clock",
            ["figure", "value"],
            [
                [k, v]
                for k, v in {**small, **small["cases_simulated"]}.items()
                if k != "cases_simulated"
            ],
        ),
    ]
