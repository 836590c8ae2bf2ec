"""A case from report to closure through the API alone, under Medway Council's ASB reporting procedure.

Medway's procedure summary gives no timescales at all, so the pack has no obligations: a case has no
deadlines, before or after closure. What it does have is a five-stage path (Your Report → Investigation
→ Action → Monitor Results → Case Closure) with two conditions: an action plan is agreed at Stage 2
before any action is considered, and the case is discussed with the complainant before it is closed.
The report arrives on Monday 30 March 2026.
"""

from __future__ import annotations

import pytest

from tests.api.client import Api, next_step, report_body
from tests.api.pack_staff import pack_staff

RECEIVED = "2026-03-30T09:30:00+01:00"
TUE_31_MAR = "2026-03-31T10:00:00+01:00"
WED_1_APR = "2026-04-01T10:00:00+01:00"

PLAN_FIRST = "Agree an action plan with the complainant and the best means of communication first (Stage 2)"
DISCUSS_FIRST = "Discuss the case with the complainant and take their views on board when deciding whether to close it"
EXPLAIN_FIRST = "Explain to the complainant why the report is not considered ASB"


@pytest.fixture
def office(db):
    return pack_staff("medway-council")


def asb_report(**overrides):
    return report_body(types=["anti-social behaviour"], priority=None, received_at=RECEIVED, **overrides)


def test_a_report_is_triaged_opened_worked_and_closed_under_medway_council(office):
    cc, officer, manager, outsider = (
        Api(office.contact_centre),
        Api(office.officer),
        Api(office.manager),
        Api(office.outsider),
    )
    report = asb_report()

    triage = cc.ok(cc.post("/reports/triage", report))
    assert (triage["is_asb"], triage["priority"], triage["owner_role"]) == (
        True,
        "no-priority-levels",
        "housing-tenancy-team",
    )
    case = cc.ok(cc.post("/cases", report), 201)["case"]
    reference = case["reference"]
    assert case["stage"] == "report"

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["owner"]["id"] == office.officer.pk
    assert detail["stage"] == {"id": "report", "label": "Stage 1: Your Report"}
    assert detail["obligations"] == []  # no timescales in the summary, so no deadlines
    assert [(s["step"], s["allowed"]) for s in detail["next_steps"]] == [("investigate", True), ("not-asb", False)]

    # Nobody sees or works what they should not.
    assert outsider.error(outsider.get(f"/cases/{reference}"), 404)["code"] == "not-found"
    assert outsider.error(outsider.post(f"/cases/{reference}/closure", {"reason": "resolved"}), 404)
    assert cc.error(cc.post(f"/cases/{reference}/action-plan/sent", {"method": "letter"}), 403)

    # Stage 2: the full details of the incidents and their impact.
    interviewed = officer.ok(
        officer.post(
            f"/cases/{reference}/contacts",
            {"method": "home-visit", "outcome": "made", "purpose": "interview", "at": TUE_31_MAR},
        ),
        201,
    )
    assert interviewed["case"]["stage"] == "investigation"

    # Stage 3 only once the action plan is agreed.
    referral = {"kind": "referral", "reason": "Noise at night: Environmental Health has the powers"}
    assert any(
        PLAN_FIRST in r
        for r in next_step(officer.ok(officer.get(f"/cases/{reference}")), "intervention.proposed")["reasons"]
    )
    refused = officer.error(officer.post(f"/cases/{reference}/interventions", referral), 409)
    assert refused["code"] == "step-blocked"
    assert refused["reasons"] == [PLAN_FIRST]

    officer.ok(
        officer.post(
            f"/cases/{reference}/action-plan", {"for_whom": "complainant", "action": "Record further incidents"}
        ),
        201,
    )
    planned = officer.ok(officer.post(f"/cases/{reference}/action-plan/sent", {"method": "email", "at": WED_1_APR}))
    assert planned["case"]["stage"] == "investigation"

    proposed = officer.ok(officer.post(f"/cases/{reference}/interventions", referral), 201)
    assert proposed["case"]["stage"] == "action"
    started = officer.ok(officer.post(f"/cases/{reference}/interventions/{proposed['intervention']['id']}/start", {}))
    assert started["case"]["stage"] == "monitor"

    # Stage 4: the ASB goes on, so further action (legal, as all else has failed).
    officer.ok(
        officer.post(
            f"/cases/{reference}/incidents",
            {"occurred_at": WED_1_APR, "description": "Music until 4am again", "source": "phone"},
        ),
        201,
    )
    legal = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "legal-action",
                "reason": "The referral has not stopped it",
                "proportionality": "Proportionate: all other options have failed",
                "preconditions_confirmed": ["enough-evidence", "all-other-options-failed"],
            },
        ),
        201,
    )
    assert legal["case"]["stage"] == "action"
    start = f"/cases/{reference}/interventions/{legal['intervention']['id']}/start"
    assert officer.error(officer.post(start, {}), 403)["code"] == "forbidden"
    assert manager.ok(manager.post(start, {}))["case"]["stage"] == "monitor"

    # Stage 5: closed only after discussing it with the complainant.
    close = f"/cases/{reference}/closure"
    undiscussed = officer.error(officer.post(close, {"reason": "resolved"}), 409)
    assert undiscussed["code"] == "step-blocked"
    assert any(DISCUSS_FIRST in reason for reason in undiscussed["reasons"])
    discussed = officer.ok(officer.post(f"/cases/{reference}/closure/proposal", {"reason": "resolved"}))
    assert discussed["case"]["stage"] == "monitor"
    closed = officer.ok(officer.post(close, {"reason": "resolved", "note": "Quiet since the injunction"}))["case"]
    assert (closed["stage"], closed["is_open"]) == ("case-closure", False)
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "survey.sent"}))  # "Ask for feedback"

    assert officer.ok(officer.get(f"/cases/{reference}/obligations")) == []

    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    events = history["items"]
    assert history["count"] == len(events)
    assert all(event["actor"] for event in events)
    cc_id, officer_id, manager_id = office.contact_centre.pk, office.officer.pk, office.manager.pk
    taken = [(e["verb"], e["actor"]["id"]) for e in events]
    for step in (
        ("case.opened", cc_id),
        ("complainant.contacted", officer_id),
        ("interview.held", officer_id),
        ("action-plan.sent", officer_id),
        ("intervention.proposed", officer_id),
        ("intervention.started", officer_id),
        ("incident.reported", officer_id),
        ("intervention.started", manager_id),
        ("closure.proposed", officer_id),
        ("case.closed", officer_id),
        ("survey.sent", officer_id),
    ):
        assert step in taken, step
    assert [verb for verb, _ in taken].count("intervention.proposed") == 2

    # Further incidents after closure: the case is reinvestigated (back to Stage 2), by a manager.
    reopen = f"/cases/{reference}/reopening"
    assert officer.error(officer.post(reopen, {"reason": "More noise reported"}), 403)["code"] == "forbidden"
    reopened = manager.ok(manager.post(reopen, {"reason": "More noise reported"}))["case"]
    assert (reopened["stage"], reopened["is_open"]) == ("investigation", True)


def test_a_report_not_considered_asb_is_explained_before_it_is_closed(office):
    officer, manager = Api(office.officer), Api(office.manager)
    reference = officer.ok(officer.post("/cases", asb_report()), 201)["case"]["reference"]

    unexplained = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "not-asb"}), 409)
    assert unexplained["code"] == "step-blocked"
    assert any(EXPLAIN_FIRST in reason for reason in unexplained["reasons"])

    officer.ok(
        officer.post(
            f"/cases/{reference}/contacts",
            {"method": "phone", "outcome": "made", "purpose": "update", "notes": "Explained why, gave advice"},
        ),
        201,
    )
    closed = officer.ok(officer.post(f"/cases/{reference}/closure", {"reason": "not-asb"}))["case"]
    assert (closed["stage"], closed["is_open"]) == ("not-asb", False)

    # Reinvestigating is a step out of Stage 5 only: a report closed as not ASB is not reopened.
    refused = manager.error(manager.post(f"/cases/{reference}/reopening", {"reason": "Another report"}), 409)
    assert any("cannot reopen the case at the stage 'Not considered ASB'" in r for r in refused["reasons"])
