"""ASB Case Review report against a hand count (believe housing: 3 incidents in 6 months)."""

from __future__ import annotations

from datetime import date

import pytest

from casework.cases.choices import PartyRole
from casework.cases.models import CaseReviewRequest
from casework.reports import case_review
from casework.reports.params import parse
from casework.reports.scope import Scope
from tests.factories import organisation
from tests.reports.builders import address, case, day, event, incident, party

AS_OF = date(2026, 6, 30)  # six months back: from 31 December 2025


def build(user, query=None):
    return case_review.build(
        Scope(user=user, as_of=AS_OF), parse(query or {"from": "2026-04-01", "to": "2026-06-30"}, as_of=AS_OF)
    )


@pytest.fixture
def believe(people):
    organisation("believe-housing")
    by = people.officer
    home = address("4 Lime Walk", "ZZ5 5EE")
    made = {
        "A": case(reference="A", opened=day(2026, 1, 10), owner=by, created_by=by, pack_id="believe-housing"),
        "B": case(reference="B", opened=day(2026, 5, 1), owner=by, created_by=by, pack_id="believe-housing"),
        "C": case(reference="C", opened=day(2026, 2, 1), owner=by, created_by=by, pack_id="believe-housing"),
    }
    # The report that opens a case is its first incident, as intake records it.
    for ref in made:
        incident(made[ref], made[ref].opened_at, by=by)
    # Eve: A's report (1) + one incident (2) on A, B's report (3) -> meets 3 in 6 months, across two cases.
    party(made["A"], PartyRole.COMPLAINANT, "Eve Moss", home=home)
    party(made["B"], PartyRole.COMPLAINANT, "Eve Moss", home=home)
    incident(made["A"], day(2026, 3, 1), by=by)
    # Finn: C's report (1) + a diary incident in the window (2) + one before it (does not count) -> 2.
    party(made["C"], PartyRole.COMPLAINANT, "Finn Dale", home=address("5 Lime Walk", "ZZ5 5EE"))
    incident(made["C"], day(2026, 2, 2), by=by, source="diary")
    event(made["C"], "diary.returned", day(2026, 2, 2))  # the sheet, not another incident
    event(made["C"], "incident.reported", day(2025, 12, 30))
    return made


def test_complainants_meeting_the_threshold_now(people, believe):
    table = build(people.admin).table("eligible")
    assert [(r["name"], r["incidents"], r["requested"]) for r in table.rows] == [("Eve Moss", 3, "No")]
    assert {link.reference for link in table.rows[0]["links"]} == {"A", "B"}
    assert table.caption == "Threshold: 3 incidents in 6 months, counted 31 December 2025 to 30 June 2026"


def test_requests_received_with_their_outcome(people, believe):
    for ref, when, met, outcome, decided in [
        ("A", day(2026, 4, 2), True, "review-held", day(2026, 4, 20)),
        ("B", day(2026, 5, 2), True, "received", None),
        ("C", day(2026, 5, 3), False, "threshold-not-met", day(2026, 5, 4)),
        ("C", day(2026, 3, 1), False, "withdrawn", day(2026, 3, 2)),  # before the period
    ]:
        CaseReviewRequest.objects.create(
            case=believe[ref],
            requested_at=when,
            threshold_met=met,
            threshold_reason="…",
            outcome=outcome,
            decided_at=decided,
        )
    report = build(people.admin)
    outcomes = {r["outcome"]: (r["requests"], r["threshold_met"]) for r in report.table("outcomes").rows}
    assert outcomes["Received, not yet decided"] == (1, 1)
    assert outcomes["Review held: recommendations made"] == (1, 1)
    assert outcomes["Threshold not met"] == (1, 0)
    assert outcomes["Withdrawn"] == (0, 0)
    assert report.table("outcomes").totals[0]["requests"] == 3
    listed = [(str(r["case"]), r["outcome"], r["days"]) for r in report.table("requests").rows]
    assert listed == [
        ("C", "Threshold not met", 1),
        ("B", "Received, not yet decided", None),
        ("A", "Review held: recommendations made", 18),
    ]
    assert report.table("eligible").rows[0]["requested"] == "Yes"


def test_a_pack_without_a_threshold_says_so(people):
    table = build(people.admin).table("eligible")  # places-for-people sets none
    assert table.rows == ()
    assert "sets no ASB Case Review threshold" in table.empty


def test_a_manager_sees_only_their_teams_complainants(people, believe):
    believe["B"].team = people.other_team
    believe["B"].save()
    assert build(people.manager).table("eligible").rows == ()
