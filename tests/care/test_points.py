"""The raters' report on hand-made scores: completeness per area and role, and a planted
lenient (or harsh) rater flagged while the fair ones are not."""

from __future__ import annotations

import numpy as np

from care.points import AreaTeam, Scored, completeness, rater_report
from care.score_rows import validate_scores
from seeds.tabular import read_table

MONTHS = ("2026-08", "2026-09", "2026-10")


def _scores(bias: dict[str, float], shops: int = 12, seed: int = 3) -> list[Scored]:
    """Each shop of area A1 scored each month by manager M1, agent G1, driver D1 and
    inspector I1 (I2 for odd shops): a true level per shop, noise, and each rater's bias."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(shops):
        level = rng.uniform(55, 90)
        for month in MONTHS:
            for staff, role in (
                ("M1", "manager"),
                ("G1", "agent"),
                ("D1", "driver"),
                ("I2" if i % 2 else "I1", "inspector"),
            ):
                v = float(np.clip(level + bias.get(staff, 0.0) + rng.normal(0, 4), 0, 100))
                out.append(Scored(f"R{i}", "A1", staff, role, month, v, v, v, v))
    return out


def test_a_planted_lenient_rater_is_flagged_and_the_fair_ones_are_not() -> None:
    report = rater_report(_scores({"M1": 12.0}), [AreaTeam("A1", 12, ("manager",))], "2026-10")
    by_staff = {r.staff_id: r for r in report.raters}
    assert by_staff["M1"].flag == "lenient" and by_staff["M1"].n == 36
    assert 9 < by_staff["M1"].mean_diff < 15 and (by_staff["M1"].t or 0) > 3
    assert {r.staff_id for r in report.raters if r.flag} == {"M1"}
    assert report.flagged == 1 and report.raters[0].staff_id == "M1"


def test_a_harsh_rater_does_not_make_the_others_look_lenient() -> None:
    report = rater_report(_scores({"G1": -18.0}), [], "2026-10")
    flags = {r.staff_id: r.flag for r in report.raters}
    assert flags == {"G1": "harsh", "M1": "", "D1": "", "I1": "", "I2": ""}


def test_too_few_shared_shop_months_are_not_judged() -> None:
    report = rater_report(_scores({"M1": 15.0}, shops=6), [], "2026-10")
    manager = next(r for r in report.raters if r.staff_id == "M1")
    assert manager.n == 18 and manager.mean_diff > 5 and manager.flag == ""


def test_completeness_counts_each_shop_once_per_role_the_team_has() -> None:
    scores = [s for s in _scores({}, shops=4) if s.month == "2026-10" and s.retailer_id != "R3"]
    teams = [AreaTeam("A1", 5, ("manager", "agent", "driver", "inspector")), AreaTeam("A2", 3, ())]
    cells, by_role, overall = completeness(scores, teams, "2026-10")
    assert [(c.area, c.role, c.expected, c.submitted) for c in cells] == [
        ("A1", "manager", 5, 3),
        ("A1", "agent", 5, 3),
        ("A1", "driver", 5, 3),
        ("A1", "inspector", 5, 3),
    ]
    assert (overall.expected, overall.submitted, overall.share) == (20, 12, 0.6)
    assert [c.share for c in by_role] == [0.6] * 4
    assert completeness([], teams, "2026-09")[2].share == 0.0


def test_score_rows_accept_chinese_headers_and_answer_every_bad_row() -> None:
    content = (
        "客户编码,评分人,月份,守法经营,合作配合,建设性,成长性\n"
        "R1,S1,2026-10,90,80,70,60\n"
        ",S1,2026-10,90,80,70,-1\n"
        "R2,,2026-10,90,80,70,60,extra\n"
    ).encode()
    rows, errors, _ = validate_scores(read_table(content, filename="s.csv"))
    assert [(r.retailer_id, r.staff_id, r.column) for r in rows] == [("R1", "S1", "评分人")]
    assert [(e.line, e.column) for e in errors] == [(4, "(row)"), (3, "客户编码"), (3, "成长性")]
    missing = validate_scores(read_table(b"retailer,month\nR1,2026-10\n", filename="s.csv"))
    assert missing[0] == [] and "law_abiding" in missing[1][0].message
