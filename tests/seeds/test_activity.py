"""The activity generator on the tiny city with hand-set classes: deterministic, every planned
visit present, spoofs exactly where planted, breaches, and the survey's planted truth."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest

from care.adherence import iso_week
from care.cases import pauses
from care.checkin import haversine_m
from care.clock import WorkCalendar
from graph.care_model import Interaction
from routing.visits import visits_this_week
from seeds.activity import Activity, generate_activity
from seeds.activity_facts import ActivityFacts, Period, ShopFacts, TeamFacts, rng_for
from seeds.activity_plan import planned_visits
from seeds.activity_survey import SurveyRates, make_survey
from seeds.city import City

POLICY = {"core": (1.0, 15), "potential": (2.0, 10), "general": (1.0, 10), "problem": (0.5, 10)}
UNTIL = date(2026, 10, 31)


def facts_of(city: City) -> ActivityFacts:
    """The tiny city's facts with a service class per retailer, as `crm classify` would set."""
    classes = list(POLICY)
    shops = []
    for k, r in enumerate(city.retailers):
        cls = classes[k % 4]
        per_week, minutes = POLICY[cls]
        shops.append(
            ShopFacts(
                r.id,
                r.lon,
                r.lat,
                city.retailer_area[r.id],
                city.staffing.manager_of[r.id],
                city.staffing.agent_of[r.id],
                cls,
                per_week,
                minutes,
                r.visit_batch,
                cls == "core",
                str(r.business_format),
                city.retailer_zone[r.id],
                r.order_batch,
            )
        )
    members: dict[str, dict[object, list[str]]] = defaultdict(lambda: defaultdict(list))
    for person, area, role in city.staffing.members:
        members[area][role].append(person)
    teams = {
        a: TeamFacts(a, city.staffing.leads.get(a, ""), {r: tuple(sorted(v)) for r, v in m.items()})
        for a, m in members.items()
    }
    return ActivityFacts(tuple(shops), teams)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def facts(tiny_city: City) -> ActivityFacts:
    return facts_of(tiny_city)


@pytest.fixture(scope="module")
def activity(facts: ActivityFacts) -> Activity:
    return generate_activity(facts, until=UNTIL, weeks=12, seed=7)


def test_the_same_seed_gives_the_same_records(facts: ActivityFacts, activity: Activity) -> None:
    again = generate_activity(facts, until=UNTIL, weeks=12, seed=7)
    assert again.interactions == activity.interactions
    ids = [i.id for i in activity.interactions]
    assert len(set(ids)) == len(ids)
    assert again.cases == activity.cases and again.answers == activity.answers
    other = generate_activity(facts, until=UNTIL, weeks=12, seed=8)
    assert other.interactions != activity.interactions


def test_the_period_is_whole_weeks_ending_on_a_saturday() -> None:
    period = Period.ending(date(2026, 11, 4), 12)
    assert period.last == date(2026, 10, 31) and period.first.weekday() == 0
    assert len(period.days()) == 72


def test_every_planned_visit_is_there_once(facts: ActivityFacts, activity: Activity) -> None:
    visits = [i for i in activity.interactions if i.kind == "visit" and i.plan_ref]
    first = {}
    for v in sorted(visits, key=lambda v: v.started_at):
        first.setdefault((v.plan_ref, v.day), v)  # a duplicate is a second visit of one day
    made = Counter(ref for ref, _ in first)
    period = Period.ending(UNTIL, 12)
    expected = Counter()
    for monday in period.mondays():
        for s in facts.shops:
            n = visits_this_week(s.id, s.per_week, monday.toordinal() // 7)
            if n:
                expected[f"visit:{iso_week(monday)}:{s.manager}:{s.id}"] = n
    assert made == expected
    statuses = Counter(v.status for v in visits)
    assert statuses["missed"] > 0 and statuses["done"] > 0.9 * len(visits)
    assert all(not v.started_at and v.checkin_lon is None for v in visits if v.status == "missed")
    counts = activity.truth.counts
    assert all(counts[f"visits_{f}"] > 0 for f in ("late", "short", "far", "missed", "extra"))


def _spoofed(records: list[Interaction], shops: dict[str, ShopFacts]) -> dict[str, str]:
    """An independent reading of the contract's S1, S2 and S3 rules."""
    done = [r for r in records if r.status == "done" and r.checkin_lon is not None]
    found: dict[str, str] = {}
    for r in done:
        s = shops[r.retailer_id]
        if haversine_m(r.checkin_lon, r.checkin_lat, s.lon, s.lat) <= 0.05:  # type: ignore[arg-type]
            found[r.id] = "exact"
    by_staff: dict[str, list[Interaction]] = defaultdict(list)
    for r in done:
        by_staff[r.staff_id].append(r)
    for mine in by_staff.values():
        for a in mine:
            for b in mine:
                if (
                    a.retailer_id != b.retailer_id
                    and haversine_m(
                        a.checkin_lon,
                        a.checkin_lat,
                        b.checkin_lon,
                        b.checkin_lat,  # type: ignore[arg-type]
                    )
                    <= 0.5
                ):
                    found.setdefault(a.id, "repeated")
        days: dict[date, list[Interaction]] = defaultdict(list)
        for r in mine:
            days[r.day].append(r)
        for day in days.values():
            day.sort(key=lambda r: r.started_at)
            for a, b in zip(day, day[1:]):
                metres = haversine_m(a.checkin_lon, a.checkin_lat, b.checkin_lon, b.checkin_lat)  # type: ignore[arg-type]
                hours = (
                    datetime.fromisoformat(b.started_at) - datetime.fromisoformat(a.started_at)
                ).total_seconds() / 3600
                if metres > 1000 and (hours <= 0 or metres / 1000 / hours > 80):
                    found.setdefault(b.id, "teleport")
    return found


def test_spoofs_are_flagged_where_planted_and_nowhere_else(
    facts: ActivityFacts, activity: Activity
) -> None:
    shops = {s.id: s for s in facts.shops}
    for kind in ("visit", "inspection"):
        records = [i for i in activity.interactions if i.kind == kind]
        planted = {k: v for k, v in activity.truth.spoofs.items() if k.startswith(kind)}
        assert _spoofed(records, shops) == planted
    assert Counter(activity.truth.spoofs.values()) >= Counter(
        {"exact": 3, "repeated": 3, "teleport": 3}
    )


def test_genuine_check_ins_are_near_their_shop(facts: ActivityFacts, activity: Activity) -> None:
    shops = {s.id: s for s in facts.shops}
    far = [
        haversine_m(
            i.checkin_lon,
            i.checkin_lat,
            shops[i.retailer_id].lon,  # type: ignore[arg-type]
            shops[i.retailer_id].lat,
        )
        for i in activity.interactions
        if i.checkin_lon is not None and i.id not in activity.truth.spoofs
    ]
    assert min(far) >= 1.0 and sum(d > 200 for d in far) == activity.truth.counts["visits_far"]


def test_cases_breach_where_planted(activity: Activity) -> None:
    cal, planted = WorkCalendar(), set(activity.truth.breached_cases)
    assert planted
    for c in activity.cases:
        assert c.owner and c.events.startswith("[")
        if c.status == "closed":
            assert c.care_record
        if c.responded_at:
            taken = cal.working_minutes(
                datetime.fromisoformat(c.opened_at),
                datetime.fromisoformat(c.responded_at),
                pauses(c),
            )
            assert (taken > c.first_response_target_min) == (c.id in planted)
    assert any(c.status != "closed" for c in activity.cases)


def test_other_roles_work_on_their_days(activity: Activity) -> None:
    kinds = Counter(i.kind for i in activity.interactions)
    assert kinds["call"] and kinds["delivery"] and kinds["inspection"]
    last = activity.truth.last_day
    assert all(i.day <= last and i.day.weekday() < 6 for i in activity.interactions)
    calls = [i.day for i in activity.interactions if i.kind == "call"]
    assert min(calls) > last - timedelta(weeks=4)


def test_the_planted_kano_category_is_the_most_frequent(tiny_city: City) -> None:
    base = facts_of(tiny_city)
    shops = tuple(  # enough respondents per class: the tiny city's shops ten times over
        ShopFacts(
            f"{s.id}-{k}", *(getattr(s, f) for f in ShopFacts.__dataclass_fields__ if f != "id")
        )
        for k in range(10)
        for s in base.shops
    )
    survey = make_survey(
        ActivityFacts(shops, base.teams),
        Period.ending(UNTIL, 12),
        rng_for(7, "survey"),
        SurveyRates(),
    )
    table = {1: "QAAAO", 2: "RIIIM", 3: "RIIIM", 4: "RIIIM", 5: "RRRRQ"}
    classes = {s.id: s.service_class for s in shops}
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a in survey.answers:
        category = table[a.kano_functional][a.kano_dysfunctional - 1]
        cells[(classes[a.retailer_id], a.item)][category] += 1
    assert set(cells) == set(survey.kano)
    for key, counted in cells.items():
        assert sum(counted.values()) >= 60
        assert counted.most_common(1)[0][0] == survey.kano[key]
    assert (
        len({survey.kano[(c, "visit_regularity")] for c in POLICY}) > 1
        or len({survey.kano[k] for k in survey.kano}) > 1
    )
    area_of = {s.id: s.area for s in shops}
    for area, items in survey.under_service.items():
        mine = [a for a in survey.answers if area_of[a.retailer_id] == area and a.item in items]
        rest = [a for a in survey.answers if a.item in items and area_of[a.retailer_id] != area]
        assert _mean(a.importance for a in mine) > _mean(a.importance for a in rest)
        assert _mean(a.satisfaction for a in mine) < _mean(a.satisfaction for a in rest) - 1


def _mean(values: object) -> float:
    xs = list(values)  # type: ignore[call-overload]
    return math.fsum(xs) / len(xs)


def test_an_overloaded_day_hands_visits_to_days_with_room() -> None:
    shops = tuple(
        ShopFacts(
            f"R{k:03d}",
            117.2 + k * 1e-3,
            31.8 + (k % 7) * 1e-3,
            "A01",
            "M1",
            "G1",
            "potential" if k % 2 else "general",
            2.0 if k % 2 else 1.0,
            10,
            1,
            False,
            "",
            1,
        )
        for k in range(120)
    )
    period = Period.ending(UNTIL, 1)
    days = planned_visits(ActivityFacts(shops, {}), period)
    index = period.first.toordinal() // 7
    assert sum(len(v) for v in days.values()) == sum(
        visits_this_week(s.id, s.per_week, index) for s in shops
    )
    assert max(len(v) for v in days.values()) <= 35
    for stops in days.values():
        assert len({s.shop.id for s in stops}) == len(stops)
