"""Cases from report to closure through the API alone, under Newcastle-under-Lyme's case management process.

The procedure extract gives no timescales, so the pack has no obligations: no case has a deadline. What
it has is a flowchart for each priority category, all starting at "Complaint received and case opened":

- Low: signposting and information shared with the complainant, then the case is closed.
- Medium: the initial risk assessment takes the case into Investigation; "Is it ASB?" Yes: support and
  early interventions; "Has the ASB stopped?" No: review and consider escalation to High.
- High: Investigation; evidence established: legal action; "Has the ASB stopped?" Yes: review and close.

Both Medium and High cases are reviewed before they are closed ("Review and close case").
The reports arrive on Monday 30 March 2026.
"""

from __future__ import annotations

import pytest

from tests.api.client import Api, report_body
from tests.api.pack_staff import pack_staff

RECEIVED = "2026-03-30T09:30:00+01:00"
TUE_31_MAR = "2026-03-31T10:00:00+01:00"

REVIEW_FIRST = "Review the case before closing it ('Review and close case')"


@pytest.fixture
def office(db):
    return pack_staff("newcastle-under-lyme")


def test_a_low_report_is_signposted_and_closed_under_newcastle_under_lyme(office):
    cc, officer, outsider = Api(office.contact_centre), Api(office.officer), Api(office.outsider)
    report = report_body(types=["ball games"], priority=None, received_at=RECEIVED)

    triage = cc.ok(cc.post("/reports/triage", report))
    assert (triage["is_asb"], triage["priority"], triage["owner_role"]) == (True, "low", "officer")
    case = cc.ok(cc.post("/cases", report), 201)["case"]
    reference = case["reference"]
    assert case["stage"] == "case-opened"

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["owner"]["id"] == office.officer.pk
    assert detail["obligations"] == []  # no timescales in the procedure, so no deadlines
    # Only the Low flowchart's step: the investigation step belongs to the High and Medium paths.
    assert [(s["step"], s["allowed"]) for s in detail["next_steps"]] == [("signpost-and-inform", True)]

    assert outsider.error(outsider.get(f"/cases/{reference}"), 404)["code"] == "not-found"
    assert outsider.error(outsider.post(f"/cases/{reference}/steps", {"kind": "signposted"}), 404)
    assert cc.error(cc.post(f"/cases/{reference}/steps", {"kind": "signposted"}), 403)["code"] == "forbidden"

    # A Low case is closed once the complainant has been signposted, not before.
    early = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "referred"}), 409)
    assert early["code"] == "step-blocked"
    assert any(
        "cannot close the case at the stage 'Complaint received and case opened'" in reason
        for reason in early["reasons"]
    )
    signposted = officer.ok(
        officer.post(
            f"/cases/{reference}/steps",
            {"kind": "signposted", "at": TUE_31_MAR, "note": "Mediation service details and council web pages"},
        )
    )
    assert signposted["case"]["stage"] == "signposting-and-information"
    closed = officer.ok(officer.post(f"/cases/{reference}/closure", {"reason": "referred"}))["case"]
    assert (closed["stage"], closed["is_open"]) == ("closed", False)

    # Nothing more is done on a closed case without reopening it (which needs a manager).
    after = officer.error(officer.post(f"/cases/{reference}/steps", {"kind": "signposted"}), 409)
    assert after["reasons"] == ["the case is closed"]
    assert officer.error(officer.post(f"/cases/{reference}/reopening", {"reason": "More"}), 403)

    assert officer.ok(officer.get(f"/cases/{reference}/obligations")) == []
    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    assert [(e["verb"], e["actor"]["id"]) for e in history["items"]] == [
        ("case.opened", office.contact_centre.pk),
        ("incident.reported", office.contact_centre.pk),
        ("signposted", office.officer.pk),
        ("case.closed", office.officer.pk),
    ]
    assert history["count"] == 4


def test_a_medium_case_is_investigated_escalated_to_high_reviewed_and_closed(office):
    cc, officer, manager = Api(office.contact_centre), Api(office.officer), Api(office.manager)
    report = report_body(types=["excessive noise"], priority=None, received_at=RECEIVED)
    assert cc.ok(cc.post("/reports/triage", report))["priority"] == "medium"
    reference = cc.ok(cc.post("/cases", report), 201)["case"]["reference"]
    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["obligations"] == []
    assert [(s["step"], s["allowed"]) for s in detail["next_steps"]] == [("investigate", True)]
    assert "risk.assessed" in officer.ok(officer.get("/pack"))["recordable_steps"]

    # The computer-based risk tool's outcome: the initial assessment takes the case into Investigation.
    assessed = officer.ok(
        officer.post(
            f"/cases/{reference}/steps",
            {"kind": "risk.assessed", "at": TUE_31_MAR, "note": "Risk tool: medium, no vulnerability"},
        )
    )
    assert assessed["case"]["stage"] == "investigation"

    # Is it ASB? Yes: support and early interventions commence.
    support = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {"kind": "support-and-early-interventions", "reason": "Noise diary and a warning visit"},
        ),
        201,
    )["intervention"]
    started = officer.ok(officer.post(f"/cases/{reference}/interventions/{support['id']}/start", {}))
    assert started["case"]["stage"] == "early-interventions"
    unreviewed = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "resolved"}), 409)
    assert unreviewed["code"] == "step-blocked"
    assert unreviewed["reasons"] == [REVIEW_FIRST]

    # Has the ASB stopped? No: review and consider escalation to High.
    incident = {"occurred_at": TUE_31_MAR, "description": "Loud music again", "source": "phone"}
    moved = officer.ok(officer.post(f"/cases/{reference}/incidents", incident), 201)
    assert moved["case"]["stage"] == "consider-escalation"
    still = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "resolved"}), 409)
    assert still["reasons"] == [REVIEW_FIRST]
    escalated = officer.ok(
        officer.post(
            f"/cases/{reference}/priority",
            {"priority": "high", "reason": "Prevention exhausted; serious enough for legal action"},
        )
    )
    assert (escalated["case"]["stage"], escalated["case"]["priority"]) == ("investigation", "high")

    # High: risk persistence and supporting evidence established, so legal action commences.
    legal = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "legal-action",
                "reason": "Persistent noise despite early interventions",
                "proportionality": "Proportionate: early interventions have not worked",
                "preconditions_confirmed": ["risk-persistence-evidence"],
            },
        ),
        201,
    )["intervention"]
    start = f"/cases/{reference}/interventions/{legal['id']}/start"
    assert officer.error(officer.post(start, {}), 403)["code"] == "forbidden"
    assert manager.ok(manager.post(start, {}))["case"]["stage"] == "legal-action"

    # Has the ASB stopped? Yes: review and close the case.
    officer.ok(officer.post(f"/cases/{reference}/reviews", {"kind": "review", "notes": "No incidents since"}), 201)
    closed = officer.ok(officer.post(f"/cases/{reference}/closure", {"reason": "legal-action-concluded"}))["case"]
    assert (closed["stage"], closed["is_open"]) == ("closed", False)

    assert officer.ok(officer.get(f"/cases/{reference}/obligations")) == []
    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    taken = [(e["verb"], e["actor"]["id"]) for e in history["items"]]
    for step in (
        ("case.opened", office.contact_centre.pk),
        ("risk.assessed", office.officer.pk),
        ("intervention.started", office.officer.pk),
        ("incident.reported", office.officer.pk),
        ("priority.changed", office.officer.pk),
        ("intervention.started", office.manager.pk),
        ("review.held", office.officer.pk),
        ("case.closed", office.officer.pk),
    ):
        assert step in taken, step
