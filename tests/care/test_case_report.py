"""The SLA report on a hand-made set: every figure equals a hand count."""

from __future__ import annotations

from care.case_report import ReportCase, ReportLine, case_report

CASES = [
    ReportCase("A01", "manager", True, "core", "met", "met"),
    ReportCase("A01", "manager", False, "core", "missed", "ok"),
    ReportCase("A01", "driver", False, "general", "breached", "breached"),
    ReportCase("A02", "agent", True, "potential", "met", "missed"),
    ReportCase("A02", "manager", False, "general", "warning", "warning"),
    ReportCase("", "inspector", False, "", "ok", "ok"),
]


def test_overall_counts_decided_clocks_only() -> None:
    # first response: met 2 (1, 4), missed 2 (2 missed, 3 breached); resolution: met 1, missed 2
    assert case_report(CASES).overall == ReportLine("all", 6, 2, 2, 0.5, 1, 2, 0.3333)


def test_lines_by_area_role_key_account_and_class() -> None:
    report = case_report(CASES)
    assert report.by_area == (
        ReportLine("-", 1, 0, 0, None, 0, 0, None),
        ReportLine("A01", 3, 1, 2, 0.3333, 1, 1, 0.5),
        ReportLine("A02", 2, 1, 0, 1.0, 0, 1, 0.0),
    )
    assert [(x.group, x.first_response_met, x.first_response_missed) for x in report.by_role] == [
        ("agent", 1, 0),
        ("driver", 0, 1),
        ("inspector", 0, 0),
        ("manager", 1, 1),
    ]
    assert [(x.group, x.cases, x.resolution_share) for x in report.by_key_account] == [
        ("key", 2, 0.5),
        ("other", 4, 0.0),
    ]
    assert [(x.group, x.first_response_share) for x in report.by_class] == [
        ("-", None),
        ("core", 0.5),
        ("general", 0.0),
        ("potential", 1.0),
    ]


def test_no_cases_give_empty_groups() -> None:
    report = case_report([])
    assert report.overall == ReportLine("all", 0, 0, 0, None, 0, 0, None)
    assert report.by_area == report.by_role == ()
