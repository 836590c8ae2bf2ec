"""Performance against the policy, checked against duties counted by hand.

The fixture (Places for People pack, report as of Friday 20 March 2026, month March 2026):

    case  team   owner      opened        duties (kind, due, state, owner)
    A     North  officer    2 Feb 2026    acknowledge 2 Mar met; first-contact 5 Mar met;
                                          risk-assessment 20 Mar pending (due the report's day);
                                          action-plan 18 Mar not-applicable
    B     North  colleague  16 Feb 2026   acknowledge 4 Mar met-late; first-contact 9 Mar pending (overdue);
                                          action-plan 25 Mar pending (after the report's day);
                                          risk-assessment 27 Feb met
    C     South  outsider   2 Mar 2026    acknowledge 3 Mar met; risk-assessment 16 Mar met-late;
                                          keep-informed 6 Mar met (a kind the pack has no duty for)
    D     North  officer    5 Jan 2026,   first-contact 12 Mar missed; risk-assessment 11 Mar missed (no owner);
                            closed 10 Mar acknowledge 7 Jan met; action-plan 20 Feb met-late
    E     North  officer    10 Mar 2025,  acknowledge 12 Mar 2025 met (before the trend);
                            closed May    first-contact 15 Apr 2025 met-late
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.cases.models import Obligation
from casework.reports.params import parse
from casework.reports.performance import build
from casework.reports.scope import Scope
from tests.reports.builders import case, day, duty

AS_OF = date(2026, 3, 20)

ACKNOWLEDGE = "Acknowledge the new report of ASB"
RISK = "Complete the Risk Assessment Matrix (RAM) with the complainant"
FIRST_CONTACT = "Make initial contact with all complainants"
KEEP_INFORMED = "Keep informed"

FIGURES = ("fell_due", "on_time", "met_late", "missed", "overdue", "pct_on_time")


def figures(table, label_key):
    return [(row[label_key], *(row[key] for key in FIGURES)) for row in table.rows]


def totals(table, label_key):
    return [(row[label_key], *(row[key] for key in FIGURES)) for row in table.totals]


@pytest.fixture
def duties(people):
    by = people.contact_centre
    a = case(opened=day(2026, 2, 2), owner=people.officer, created_by=by)
    b = case(opened=day(2026, 2, 16), owner=people.colleague, created_by=by)
    c = case(opened=day(2026, 3, 2), owner=people.outsider, created_by=by)
    d = case(opened=day(2026, 1, 5), closed=day(2026, 3, 10), owner=people.officer, created_by=by)
    e = case(opened=day(2025, 3, 10), closed=day(2025, 5, 1), owner=people.officer, created_by=by)

    duty(a, "acknowledge", due=date(2026, 3, 2), state="met", met=day(2026, 3, 2))
    duty(a, "first-contact", due=date(2026, 3, 5), state="met", met=day(2026, 3, 4))
    duty(a, "risk-assessment", due=date(2026, 3, 20))
    duty(a, "action-plan", due=date(2026, 3, 18), state="not-applicable")

    duty(b, "acknowledge", due=date(2026, 3, 4), state="met-late", met=day(2026, 3, 6))
    duty(b, "first-contact", due=date(2026, 3, 9))
    duty(b, "action-plan", due=date(2026, 3, 25))
    duty(b, "risk-assessment", due=date(2026, 2, 27), state="met", met=day(2026, 2, 26))

    duty(c, "acknowledge", due=date(2026, 3, 3), state="met", met=day(2026, 3, 3))
    duty(c, "risk-assessment", due=date(2026, 3, 16), state="met-late", met=day(2026, 3, 18))
    duty(c, "keep-informed", due=date(2026, 3, 6), state="met", met=day(2026, 3, 6))

    duty(d, "first-contact", due=date(2026, 3, 12), state="missed")
    unowned = duty(d, "risk-assessment", due=date(2026, 3, 11), state="missed")
    Obligation.objects.filter(pk=unowned.pk).update(owner=None)
    duty(d, "acknowledge", due=date(2026, 1, 7), state="met", met=day(2026, 1, 7))
    duty(d, "action-plan", due=date(2026, 2, 20), state="met-late", met=day(2026, 2, 24))

    duty(e, "acknowledge", due=date(2025, 3, 12), state="met", met=day(2025, 3, 12))
    duty(e, "first-contact", due=date(2025, 4, 15), state="met-late", met=day(2025, 4, 17))
    return people


def report_for(user, month="2026-03"):
    return build(Scope.for_user(user, as_of=AS_OF), parse({"month": month}, as_of=AS_OF))


def test_each_kind_of_duty_in_the_month_is_counted_by_what_became_of_it(duties):
    table = report_for(duties.admin).table("by-kind")

    # Pack order (acknowledge, risk assessment, first contact), then kinds the pack has no duty for.
    # The action plan duties are left out: one no longer applies, the other is due after the report's day.
    assert figures(table, "kind") == [
        (ACKNOWLEDGE, 3, 2, 1, 0, 0, 66.7),
        (RISK, 3, 0, 1, 1, 0, 0.0),  # A's is due on the report's day: fell due, not yet overdue
        (FIRST_CONTACT, 3, 1, 0, 1, 1, 33.3),
        (KEEP_INFORMED, 1, 1, 0, 0, 0, 100.0),
    ]
    assert totals(table, "kind") == [("All duties", 10, 4, 2, 2, 1, 40.0)]
    assert table.column("pct_on_time").of == ("on_time", "fell_due")
    assert table.chart.kind == "stacked-bar"
    assert any("Met late" in note for note in table.notes)


def test_the_trend_covers_the_twelve_months_to_the_chosen_month_with_empty_months_as_zeros(duties):
    table = report_for(duties.admin).table("trend")

    assert [row["month"] for row in table.rows] == [
        "April 2025",
        "May 2025",
        "June 2025",
        "July 2025",
        "August 2025",
        "September 2025",
        "October 2025",
        "November 2025",
        "December 2025",
        "January 2026",
        "February 2026",
        "March 2026",
    ]
    rows = {row[0]: row[1:] for row in figures(table, "month")}
    assert rows["April 2025"] == (1, 0, 1, 0, 0, 0.0)  # E's first contact; its March 2025 duty is too early
    for empty in ("May 2025", "August 2025", "December 2025"):
        assert rows[empty] == (0, 0, 0, 0, 0, None)
    assert rows["January 2026"] == (1, 1, 0, 0, 0, 100.0)
    assert rows["February 2026"] == (2, 1, 1, 0, 0, 50.0)
    assert rows["March 2026"] == (10, 4, 2, 2, 1, 40.0)
    assert table.chart.kind == "line"
    assert table.chart.series == ("pct_on_time",)


def test_the_trend_by_kind_gives_each_kinds_share_on_time_each_month(duties):
    table = report_for(duties.admin).table("trend-by-kind")
    rows = {row["month"]: row for row in table.rows}

    assert rows["April 2025"]["first-contact:fell_due"] == 1
    assert rows["April 2025"]["first-contact:pct_on_time"] == 0.0
    assert rows["February 2026"]["action-plan:fell_due"] == 1
    assert rows["February 2026"]["action-plan:on_time"] == 0
    assert rows["February 2026"]["risk-assessment:pct_on_time"] == 100.0
    assert rows["March 2026"]["acknowledge:pct_on_time"] == 66.7
    assert rows["March 2026"]["first-contact:pct_on_time"] == 33.3
    assert rows["March 2026"]["action-plan:fell_due"] == 0
    assert rows["March 2026"]["action-plan:pct_on_time"] is None
    assert rows["June 2025"]["acknowledge:fell_due"] == 0
    assert table.column("first-contact:pct_on_time").label == f"{FIRST_CONTACT}: % on time"


def test_the_month_by_team_and_by_officer(duties):
    report = report_for(duties.admin)

    assert figures(report.table("by-team"), "team") == [
        ("North", 7, 2, 1, 2, 1, 28.6),
        ("South", 3, 2, 1, 0, 0, 66.7),
    ]
    assert totals(report.table("by-team"), "team") == [("All teams", 10, 4, 2, 2, 1, 40.0)]
    assert figures(report.table("by-officer"), "officer") == [
        ("Colleague Example", 2, 0, 1, 0, 1, 0.0),
        ("Officer Example", 4, 2, 0, 1, 0, 50.0),
        ("Outsider Example", 3, 2, 1, 0, 0, 66.7),
        ("No named owner", 1, 0, 0, 1, 0, 0.0),
    ]


def test_a_month_with_no_duties_due_says_so(duties):
    report = report_for(duties.admin, month="2025-07")

    assert report.table("by-kind").rows == ()
    assert report.table("by-kind").empty == "No duties fell due in this month."
    assert report.table("by-officer").rows == ()
    assert report.summary.startswith("0 duties fell due in July 2025")
    assert ("Month", "July 2025") in report.described


def test_a_manager_of_north_sees_nothing_of_south(duties):
    report = report_for(duties.manager)

    assert figures(report.table("by-kind"), "kind") == [
        (ACKNOWLEDGE, 2, 1, 1, 0, 0, 50.0),
        (RISK, 2, 0, 0, 1, 0, 0.0),
        (FIRST_CONTACT, 3, 1, 0, 1, 1, 33.3),
    ]
    assert totals(report.table("by-kind"), "kind") == [("All duties", 7, 2, 1, 2, 1, 28.6)]
    assert [row["team"] for row in report.table("by-team").rows] == ["North"]
    assert "Outsider Example" not in [row["officer"] for row in report.table("by-officer").rows]
    assert {row["month"]: row["fell_due"] for row in report.table("trend").rows}["March 2026"] == 7


def _queries_to_build(user_pk):
    user = get_user_model().objects.get(pk=user_pk)  # fresh: nothing cached on the user
    with CaptureQueriesContext(connection) as queries:
        report_for(user)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(duties):
    few = _queries_to_build(duties.manager.pk)
    for n in range(30):
        more = case(opened=day(2026, 2, 1 + n % 28), owner=duties.colleague, created_by=duties.contact_centre)
        duty(more, ("acknowledge", "first-contact", "review")[n % 3], due=date(2026, 3, 1 + n % 20), state="met")
        duty(more, "risk-assessment", due=date(2025, 11, 1 + n % 28), state="met-late", owner=duties.officer)

    assert _queries_to_build(duties.manager.pk) == few
