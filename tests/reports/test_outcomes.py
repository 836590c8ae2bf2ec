"""Outcomes, checked against cases counted by hand.

Co-op Homes pack (resolution targets: low 2 months, medium 4 months, high none); period 1 January to
31 March 2026; report as of 10 April 2026.

    case  priority  opened       closed        reason                days  target ran out  within
    C1    low       5 Jan 2026   15 Jan 2026   resolved               10   5 Mar           yes
    C2    low       31 Dec 2025  28 Feb 2026   resolved               59   28 Feb (clamped) yes
    C3    low       30 Nov 2025  1 Feb 2026    no further action      63   30 Jan          no
    C4    medium    1 Oct 2025   31 Jan 2026   resolved              122   1 Feb           yes
    C5    medium    1 Sep 2025   15 Mar 2026   complainant withdrew  195   1 Jan           no
    C6    high      1 Feb 09:00  1 Feb 17:00   not ASB                 0   -
    C7    high      11 Jan 2026  1 Mar 2026    resolved               49   -
    C8    low       1 Feb 2026   11 Feb 2026   resolved (South)       10   1 Apr           yes
    not in the period: C9 closed 31 Dec 2025, C10 closed 2 Apr 2026, C12 closes 20 Apr 2026; C11 open.

Interventions started in the period (incidents after the start count only up to the report's day):

    I1  C1   mediation         8 Jan   incident 10 Jan          case resolved
    I2  C3   written-request   5 Jan   incident 3 Jan (before)  case closed, no further action
    I3  C11  written-request   10 Feb  incident 20 Feb          case open
    I6  C5   custom-thing      1 Mar   incident 20 Apr (after the report's day)  case closed, withdrew
    I7  C10  written-request   20 Mar  -                        case resolved 2 Apr
    I8  C8   mediation (South) 2 Feb   incident 5 Feb           case resolved
    I9  C12  mediation         5 Mar   -                        closes 20 Apr: open on the report's day
    not counted: I4 on C11 proposed, never started; I5 on C9 started 1 Dec 2025.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.reports.outcomes import build, median
from casework.reports.params import parse
from casework.reports.scope import Scope
from tests.factories import organisation
from tests.reports.builders import case, day, incident, intervention

AS_OF = date(2026, 4, 10)

HIGH = "High-Level Anti-Social Behaviour"
MEDIUM = "Medium-Level Anti-Social Behaviour"
LOW = "Low-Level Anti-Social Behaviour"
WRITTEN_REQUEST = "Written request to perpetrator to stop causing a nuisance"
MEDIATION = "Mediation between the involved parties"

RESOLUTION = ("closed", "average", "median", "target", "within", "pct_within")
INTERVENTION = ("started", "resolved", "other", "still_open", "followed", "pct_followed")


@pytest.fixture
def closed_book(people):
    organisation("co-op-homes")
    by = people.contact_centre

    def make(opened, closed, priority, reason="resolved", owner=people.officer):
        return case(
            opened=opened,
            closed=closed,
            priority=priority,
            closure_reason=reason if closed else "",
            owner=owner,
            created_by=by,
            pack_id="co-op-homes",
        )

    c1 = make(day(2026, 1, 5), day(2026, 1, 15), "low")
    make(day(2025, 12, 31), day(2026, 2, 28), "low")
    c3 = make(day(2025, 11, 30), day(2026, 2, 1), "low", "no-further-action")
    make(day(2025, 10, 1), day(2026, 1, 31), "medium")
    c5 = make(day(2025, 9, 1), day(2026, 3, 15), "medium", "complainant-withdrew")
    make(day(2026, 2, 1, hour=9), day(2026, 2, 1, hour=17), "high", "not-asb")
    make(day(2026, 1, 11), day(2026, 3, 1), "high")
    c8 = make(day(2026, 2, 1), day(2026, 2, 11), "low", owner=people.outsider)
    c9 = make(day(2025, 10, 1), day(2025, 12, 31), "low")
    c10 = make(day(2026, 3, 10), day(2026, 4, 2), "low")
    c11 = make(day(2026, 1, 20), None, "medium")
    c12 = make(day(2026, 1, 2), day(2026, 4, 20), "low")

    def started(on, kind, at, *, followed_at=None):
        intervention(on, kind, proposed=at, started=at, by=by)
        if followed_at is not None:
            incident(on, followed_at, by=by)

    started(c1, "mediation", day(2026, 1, 8), followed_at=day(2026, 1, 10))
    incident(c3, day(2026, 1, 3), by=by)
    started(c3, "written-request", day(2026, 1, 5))
    started(c11, "written-request", day(2026, 2, 10), followed_at=day(2026, 2, 20))
    intervention(c11, "mediation", proposed=day(2026, 2, 11), started=None, by=by)
    started(c9, "injunction", day(2025, 12, 1), followed_at=day(2025, 12, 5))
    started(c5, "custom-thing", day(2026, 3, 1), followed_at=day(2026, 4, 20))
    started(c10, "written-request", day(2026, 3, 20))
    started(c8, "mediation", day(2026, 2, 2), followed_at=day(2026, 2, 5))
    started(c12, "mediation", day(2026, 3, 5))
    return people


def report_for(user):
    return build(Scope.for_user(user, as_of=AS_OF), parse({"from": "2026-01-01", "to": "2026-03-31"}, as_of=AS_OF))


def rows_of(table, label, keys):
    return [(row[label], *(row[key] for key in keys)) for row in (*table.rows, *table.totals)]


def test_resolution_time_by_priority_with_the_share_closed_within_the_target(closed_book):
    table = report_for(closed_book.admin).table("resolution-time")

    assert rows_of(table, "priority", RESOLUTION) == [
        (HIGH, 2, 24.5, 24.5, "None set", None, None),  # 0 and 49 days
        (MEDIUM, 2, 158.5, 158.5, "4 months", 1, 50.0),  # 122 and 195 days
        (LOW, 4, 35.5, 34.5, "2 months", 3, 75.0),  # 10, 10, 59 and 63 days
        # 0, 10, 10, 49, 59, 63, 122, 195: 508 days; 4 of the 6 with a target within it
        ("All closed cases", 8, 63.5, 54, "", 4, 66.7),
    ]


def test_closure_reasons_are_counted_with_their_share(closed_book):
    table = report_for(closed_book.admin).table("closure-reasons")

    assert rows_of(table, "reason", ("cases", "share")) == [
        ("Resolved", 5, 62.5),
        ("No further action possible", 1, 12.5),
        ("Complainant withdrew", 1, 12.5),
        ("Not ASB", 1, 12.5),
        ("All closed cases", 8, 100.0),
    ]
    assert table.chart.kind == "bar"


def test_interventions_started_in_the_period_and_what_followed(closed_book):
    table = report_for(closed_book.admin).table("interventions")

    assert rows_of(table, "kind", INTERVENTION) == [
        (WRITTEN_REQUEST, 3, 1, 1, 1, 1, 33.3),  # I2, I3, I7
        (MEDIATION, 3, 2, 0, 1, 2, 66.7),  # I1, I8, I9
        ("Custom thing", 1, 0, 1, 0, 0, 0.0),  # I6: its incident came after the report's day
        ("All interventions", 7, 3, 2, 2, 3, 42.9),
    ]
    assert table.chart.kind == "stacked-bar"


def test_the_report_says_what_it_covers(closed_book):
    report = report_for(closed_book.admin)

    assert report.described == (("Period", "1 January 2026 to 31 March 2026"), ("Cases", "Every case"))
    assert report.summary == "8 cases closed, 5 of them resolved; half took 54 days or fewer; 7 interventions started."


def test_a_manager_of_north_sees_nothing_of_south(closed_book):
    report = report_for(closed_book.manager)

    assert rows_of(report.table("resolution-time"), "priority", RESOLUTION)[2:] == [
        (LOW, 3, 44.0, 59, "2 months", 2, 66.7),
        ("All closed cases", 7, 71.1, 59, "", 3, 60.0),  # 498 days over 7 cases
    ]
    assert rows_of(report.table("closure-reasons"), "reason", ("cases", "share"))[0] == ("Resolved", 4, 57.1)
    assert rows_of(report.table("interventions"), "kind", INTERVENTION)[1:] == [
        (MEDIATION, 2, 1, 0, 1, 1, 50.0),
        ("Custom thing", 1, 0, 1, 0, 0, 0.0),
        ("All interventions", 6, 2, 2, 2, 2, 33.3),
    ]


def test_a_period_with_nothing_closed_says_so(closed_book):
    scope = Scope.for_user(closed_book.admin, as_of=AS_OF)
    report = build(scope, parse({"from": "2024-01-01", "to": "2024-03-31"}, as_of=AS_OF))

    for key in ("resolution-time", "closure-reasons", "interventions"):
        assert report.table(key).rows == ()
        assert report.table(key).totals == ()
    assert report.summary == "0 cases closed, 0 of them resolved; 0 interventions started."


@pytest.mark.parametrize(
    ("histogram", "middle"),
    [({}, None), ({7: 1}, 7), ({1: 1, 4: 1}, 2.5), ({0: 1, 10: 2, 49: 1}, 10), ({3: 2, 5: 2}, 4)],
)
def test_the_median_of_a_histogram(histogram, middle):
    assert median(histogram) == middle


def _queries_to_build(user_pk):
    user = get_user_model().objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as queries:
        report_for(user)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(closed_book):
    few = _queries_to_build(closed_book.manager.pk)
    for n in range(30):
        more = case(
            opened=day(2025, 1 + n % 12, 1 + n % 28),
            closed=day(2026, 1 + n % 3, 1 + n % 28),
            closure_reason=("resolved", "not-asb", "referred")[n % 3],
            priority=("low", "medium", "high")[n % 3],
            owner=closed_book.colleague,
            created_by=closed_book.contact_centre,
            pack_id="co-op-homes",
        )
        intervention(more, "mediation", proposed=day(2026, 1, 2), started=day(2026, 1, 3), by=closed_book.officer)
        incident(more, day(2026, 1, 4), by=closed_book.officer)

    assert _queries_to_build(closed_book.manager.pk) == few
