"""Open cases, checked against cases counted by hand.

Co-op Homes pack (resolution targets: low 2 months, medium 4 months, high none); report as of Friday
20 March 2026. Age bands by the day opened: under 1 month from 21 Feb 2026; 1 to 3 months from 21 Dec 2025;
3 to 6 months from 21 Sep 2025; 6 to 12 months from 21 Mar 2025; 12 months or more up to 20 Mar 2025.
Past the target: low opened on or before 19 Jan 2026 (2 months on is 19 Mar), medium on or before
19 Nov 2025.

    case  priority  opened        team   age band         past target  missing
    H1    high      20 Mar 2025   North  12 months +      no target    risk assessment
    H2    high      1 Jun 2025    North  6 to 12          no target    - (review due today, not overdue)
    S1    low       1 Oct 2025    South  3 to 6           yes          risk assessment, action plan, review
    M1    medium    19 Nov 2025   North  3 to 6           yes          review (due 19 Mar)
    M2    medium    20 Dec 2025   North  3 to 6 (exactly) no           -
    L3    low       19 Jan 2026   North  1 to 3           yes          review (manager review due 10 Mar)
    L4    low       20 Jan 2026   North  1 to 3           no (due 20th) - (its review was met)
    L2    low       20 Feb 2026   North  1 to 3 (exactly) no           - (review due 25 Mar)
    X     urgent    1 Mar 2026    North  under 1          no target    - (action plan letter sent)
    L5    low       2 Mar 2026    North  under 1          no           risk assessment (recorded after the day)
                                                                       - closed 25 Mar, so open on the day
    L1    low       10 Mar 2026   North  under 1          no           risk assessment, action plan
    and, not open: a low case opened 1 Jan 2025 and closed 1 Mar 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.cases.models import ActionPlanItem, Case, RiskAssessment
from casework.cases.packs import calendar_of, pack_named
from casework.domain.packs.schema import Period as TargetPeriod
from casework.reports import open_cases
from casework.reports.open_cases import build, past_target_before
from casework.reports.params import parse
from casework.reports.scope import Scope, start_of
from casework.reports.tables import Link
from tests.factories import organisation
from tests.reports.builders import case, day, duty, event

AS_OF = date(2026, 3, 20)

HIGH = "High-Level Anti-Social Behaviour"
MEDIUM = "Medium-Level Anti-Social Behaviour"
LOW = "Low-Level Anti-Social Behaviour"

BANDS = ("under_1", "from_1_to_3", "from_3_to_6", "from_6_to_12", "over_12")
AGEING = ("total", *BANDS, "target", "past", "pct_past")


def first(on, field, at):
    """What the engine stores from the events: the first time the case had this."""
    current = getattr(Case.objects.get(pk=on.pk), field)
    if current is None or at < current:
        Case.objects.filter(pk=on.pk).update(**{field: at})


def assessed(on, at, by):
    first(on, "first_risk_assessment_at", at)
    return RiskAssessment.objects.create(case=on, answers={}, score=1, band="standard", assessed_at=at, assessed_by=by)


def planned(on, at, by):
    first(on, "first_action_plan_at", at)
    return ActionPlanItem.objects.create(case=on, for_whom="landlord", action="Visit", added_at=at, added_by=by)


def plan_sent(on, at):
    first(on, "first_action_plan_at", at)
    event(on, "action-plan.sent", at)


@pytest.fixture
def open_book(people):
    organisation("co-op-homes")
    by = people.contact_centre

    def make(opened, priority, owner=people.officer, **more):
        return case(opened=opened, priority=priority, owner=owner, created_by=by, pack_id="co-op-homes", **more)

    h1 = make(day(2025, 3, 20), "high")
    planned(h1, day(2025, 4, 1), by)

    h2 = make(day(2025, 6, 1), "high")
    assessed(h2, day(2025, 6, 2), by)
    planned(h2, day(2025, 6, 3), by)
    duty(h2, "review", due=date(2026, 3, 20))

    s1 = make(day(2025, 10, 1), "low", owner=people.outsider)
    duty(s1, "review", due=date(2026, 3, 1))

    m1 = make(day(2025, 11, 19), "medium")
    assessed(m1, day(2025, 11, 20), by)
    planned(m1, day(2025, 11, 21), by)
    duty(m1, "review", due=date(2026, 3, 19))

    m2 = make(day(2025, 12, 20), "medium")
    assessed(m2, day(2025, 12, 21), by)
    planned(m2, day(2025, 12, 22), by)

    l3 = make(day(2026, 1, 19), "low", owner=people.colleague)
    assessed(l3, day(2026, 1, 20), by)
    plan_sent(l3, day(2026, 1, 21))
    duty(l3, "manager-review", due=date(2026, 3, 10))

    l4 = make(day(2026, 1, 20), "low")
    assessed(l4, day(2026, 1, 21), by)
    planned(l4, day(2026, 1, 22), by)
    duty(l4, "review", due=date(2026, 3, 1), state="met", met=day(2026, 2, 27))

    l2 = make(day(2026, 2, 20), "low")
    assessed(l2, day(2026, 2, 21), by)
    planned(l2, day(2026, 2, 22), by)
    duty(l2, "review", due=date(2026, 3, 25))

    x = make(day(2026, 3, 1), "urgent")
    assessed(x, day(2026, 3, 2), by)
    plan_sent(x, day(2026, 3, 5))

    l5 = make(day(2026, 3, 2), "low", closed=day(2026, 3, 25), closure_reason="resolved")
    assessed(l5, day(2026, 3, 21), by)
    planned(l5, day(2026, 3, 3), by)

    l1 = make(day(2026, 3, 10), "low")

    make(day(2025, 1, 1), "low", closed=day(2026, 3, 1), closure_reason="resolved")
    return {"H1": h1, "H2": h2, "S1": s1, "M1": m1, "M2": m2, "L3": l3, "L4": l4, "L2": l2, "X": x, "L5": l5, "L1": l1}


def report_for(user):
    return build(Scope.for_user(user, as_of=AS_OF), parse({}, as_of=AS_OF))


def ageing(table):
    return [(row["priority"], *(row[key] for key in AGEING)) for row in table.rows]


def test_open_cases_by_age_band_and_against_the_resolution_target(people, open_book):
    table = report_for(people.admin).table("ageing")

    # priority, open, under 1, 1-3, 3-6, 6-12, 12+, target, past it, % past it
    assert ageing(table) == [
        (HIGH, 2, 0, 0, 0, 1, 1, "None set", None, None),
        (MEDIUM, 2, 0, 0, 2, 0, 0, "4 months", 1, 50.0),
        (LOW, 6, 2, 3, 1, 0, 0, "2 months", 2, 33.3),
        ("Urgent", 1, 1, 0, 0, 0, 0, "None set", None, None),
    ]
    (total,) = table.totals
    assert [total[key] for key in AGEING] == [11, 3, 3, 3, 1, 1, "", 3, 37.5]  # 3 past of the 8 with a target
    assert [c.label for c in table.columns if c.key in BANDS] == [
        "Under 1 month",
        "1 to 3 months",
        "3 to 6 months",
        "6 to 12 months",
        "12 months or more",
    ]
    assert table.chart.series == BANDS


def test_what_is_missing_from_open_cases_is_counted(people, open_book):
    table = report_for(people.admin).table("missing")

    assert [(row["what"], row["cases"], row["share"]) for row in table.rows] == [
        ("No risk assessment recorded", 4, 36.4),  # H1, S1, L5 (assessed after the day), L1
        ("No action plan", 2, 18.2),  # S1, L1
        ("A review overdue", 3, 27.3),  # S1, M1, L3
    ]
    assert [(row["what"], row["cases"]) for row in table.totals] == [("Any of these", 6), ("All open cases", 11)]


def test_the_cases_with_something_missing_are_listed_oldest_first(people, open_book):
    table = report_for(people.admin).table("cases-missing")
    ref = {name: made.reference for name, made in open_book.items()}

    assert [(row["case"], row["owner"], row["priority"], row["opened"], row["missing"]) for row in table.rows] == [
        (Link(ref["H1"], ref["H1"]), "Officer Example", HIGH, date(2025, 3, 20), "No risk assessment"),
        (
            Link(ref["S1"], ref["S1"]),
            "Outsider Example",
            LOW,
            date(2025, 10, 1),
            "No risk assessment, no action plan, review overdue",
        ),
        (Link(ref["M1"], ref["M1"]), "Officer Example", MEDIUM, date(2025, 11, 19), "Review overdue"),
        (Link(ref["L3"], ref["L3"]), "Colleague Example", LOW, date(2026, 1, 19), "Review overdue"),
        (Link(ref["L5"], ref["L5"]), "Officer Example", LOW, date(2026, 3, 2), "No risk assessment"),
        (Link(ref["L1"], ref["L1"]), "Officer Example", LOW, date(2026, 3, 10), "No risk assessment, no action plan"),
    ]
    assert table.truncated_at is None


def test_the_list_is_capped_but_the_counts_are_not(people, open_book, monkeypatch):
    monkeypatch.setattr(open_cases, "LISTED", 4)
    report = report_for(people.admin)

    listed = report.table("cases-missing")
    assert len(listed.rows) == 4
    assert listed.truncated_at == 4
    assert report.table("missing").totals[0]["cases"] == 6


def test_a_manager_of_north_sees_nothing_of_south(people, open_book):
    report = report_for(people.manager)

    assert ageing(report.table("ageing"))[2] == (LOW, 5, 2, 3, 0, 0, 0, "2 months", 1, 20.0)
    assert [report.table("ageing").totals[0][key] for key in ("total", "past", "pct_past")] == [10, 2, 28.6]
    assert [row["cases"] for row in report.table("missing").rows] == [3, 1, 2]
    assert open_book["S1"].reference not in [row["case"].reference for row in report.table("cases-missing").rows]


def test_nothing_open_says_so(people):
    organisation("co-op-homes")
    report = report_for(people.admin)

    assert report.table("ageing").rows == ()
    assert report.table("missing").rows == ()
    assert report.table("cases-missing").rows == ()
    assert report.summary == "0 open cases, 0 past their resolution target."


def test_a_pack_without_resolution_targets_counts_nothing_past_them(people):
    # The org fixture runs Places for People, whose priorities set no resolution target.
    by = people.contact_centre
    case(opened=day(2024, 1, 5), priority="high", owner=people.officer, created_by=by)
    case(opened=day(2026, 3, 19), priority="low", owner=people.officer, created_by=by)
    report = report_for(people.admin)

    assert ageing(report.table("ageing")) == [
        ("High risk", 1, 0, 0, 0, 0, 1, "None set", None, None),
        ("Medium risk", 0, 0, 0, 0, 0, 0, "None set", None, None),
        ("Low risk", 1, 1, 0, 0, 0, 0, "None set", None, None),
    ]
    assert report.table("ageing").totals[0]["past"] is None
    assert report.summary.startswith("2 open cases; 2 with no risk assessment, 2 with no action plan")


@pytest.mark.parametrize(
    ("as_of", "target", "opened_before"),
    [
        # 19 Mar is 2 months after 19 Jan: past on the 20th; a case opened on 20 Jan is due on the day itself.
        (date(2026, 3, 20), TargetPeriod(months=2), date(2026, 1, 20)),
        # 2 months after 28, 29, 30 and 31 Dec all fall on 28 Feb (the month's end): all past by 1 March.
        (date(2026, 3, 1), TargetPeriod(months=2), date(2026, 1, 1)),
        # ...and by 31 March every case opened in February is 2 months old before the day.
        (date(2026, 4, 30), TargetPeriod(months=2), date(2026, 3, 1)),
        # 5 working days from Thu 12 Mar is Thu 19 Mar; from Fri 13 Mar it is Fri 20 Mar.
        (date(2026, 3, 20), TargetPeriod(working_days=5), date(2026, 3, 13)),
        # Over Easter (Good Friday 3 Apr, Easter Monday 6 Apr): 5 working days from Tue 31 Mar is Thu 9 Apr.
        (date(2026, 4, 10), TargetPeriod(working_days=5), date(2026, 4, 1)),
        (date(2026, 3, 20), TargetPeriod(calendar_days=10), date(2026, 3, 10)),
    ],
)
def test_past_the_target_is_dated_as_the_policy_dates_a_deadline(db, as_of, target, opened_before):
    calendar = calendar_of(pack_named("co-op-homes"))

    assert past_target_before(as_of, target, calendar) == start_of(opened_before)


def _queries_to_build(user_pk):
    user = get_user_model().objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as queries:
        report_for(user)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(people, open_book):
    few = _queries_to_build(people.manager.pk)
    for n in range(30):
        more = case(
            opened=day(2025, 1 + n % 12, 1 + n % 28),
            priority=("low", "medium", "high")[n % 3],
            owner=people.colleague,
            created_by=people.contact_centre,
            pack_id="co-op-homes",
        )
        duty(more, "review", due=date(2026, 3, 1 + n % 28))

    assert _queries_to_build(people.manager.pk) == few
