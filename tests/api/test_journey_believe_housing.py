"""A case from report to closure through the API alone, under believe housing's ASB policy.

The policy's only timescale is the first attempt to contact the complainant: within one working day or
five working days, by the type of ASB (§9.1). Noise is starred: the officer decides which, and here calls
it one working day. The report arrives on Thursday 2 April 2026 at 4pm; Friday 3 April is Good Friday and
Monday 6 April Easter Monday, so the first working day after it, and the deadline, is Tuesday 7 April.

The path has two steps: formal action is considered only after direct communication with the customer
(§6.7), and a case may be closed for no contact only after trying to reach them by a variety of methods
(§15.4, read by the pack as two attempts by two different methods).
"""

from __future__ import annotations

import pytest

from tests.api.client import Api, next_step, report_body
from tests.api.pack_staff import pack_staff

RECEIVED = "2026-04-02T16:00:00+01:00"  # Thursday, before Easter
TUE_7_APR = "2026-04-07T09:00:00+01:00"
WED_8_APR = "2026-04-08T11:00:00+01:00"

DIRECT_CONTACT = "Formal action needs direct communication with the customer"
INJUNCTION = {
    "kind": "injunction",
    "reason": "Threats and loud music every night",
    "proportionality": "Necessary and proportionate: warnings have not worked",
}


@pytest.fixture
def office(db):
    return pack_staff("believe-housing")


def test_a_report_is_triaged_opened_worked_and_closed_under_believe_housing(office):
    cc, officer, manager, outsider = (
        Api(office.contact_centre),
        Api(office.officer),
        Api(office.manager),
        Api(office.outsider),
    )
    report = report_body(types=["noise"], priority="one-working-day", received_at=RECEIVED)

    undecided = cc.ok(cc.post("/reports/triage", {k: v for k, v in report.items() if k != "priority"}))
    assert undecided["needs_officer_decision"] is True  # starred in §9.1: assessed by the officer
    assert undecided["priority_choices"] == ["one-working-day", "five-working-days"]
    triage = cc.ok(cc.post("/reports/triage", report))
    assert (triage["is_asb"], triage["priority"], triage["owner_role"]) == (
        True,
        "one-working-day",
        "investigating-officer",
    )

    case = cc.ok(cc.post("/cases", report), 201)["case"]
    reference = case["reference"]
    assert case["stage"] == "open"

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["owner"]["id"] == office.officer.pk
    # One working day after Thu 2 April: not Good Friday (3rd), not the weekend, not Easter Monday (6th).
    assert [(o["rule_id"], o["due_date"]) for o in detail["obligations"]] == [("first-contact", "2026-04-07")]
    formal = next_step(detail, "intervention.proposed")
    assert formal["allowed"] is False
    assert any(DIRECT_CONTACT in reason for reason in formal["reasons"])
    assert next_step(detail, "case.closed")["allowed"] is True

    # Nobody sees or works what they should not.
    assert outsider.error(outsider.get(f"/cases/{reference}"), 404)["code"] == "not-found"
    assert outsider.error(outsider.get(f"/cases/{reference}/timeline"), 404)
    assert outsider.error(outsider.post(f"/cases/{reference}/interventions", INJUNCTION), 404)
    assert cc.error(cc.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "made"}), 403)

    # Formal action before the complainant has been spoken to is refused, naming §6.7.
    refused = officer.error(officer.post(f"/cases/{reference}/interventions", INJUNCTION), 409)
    assert refused["code"] == "step-blocked"
    assert any(DIRECT_CONTACT in reason for reason in refused["reasons"])

    # The first attempt meets the contact duty (§9.1 times the attempt) ...
    attempted = officer.ok(
        officer.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "no-answer", "at": TUE_7_APR}),
        201,
    )
    assert attempted["case"]["stage"] == "open"
    first = officer.ok(officer.get(f"/cases/{reference}/obligations"))[0]
    assert (first["status"], first["met_at"][:10]) == ("met", "2026-04-07")
    # ... but an unanswered call is not direct communication.
    still = officer.error(officer.post(f"/cases/{reference}/interventions", INJUNCTION), 409)
    assert any(DIRECT_CONTACT in reason for reason in still["reasons"])

    officer.ok(
        officer.post(f"/cases/{reference}/contacts", {"method": "home-visit", "outcome": "made", "at": WED_8_APR}),
        201,
    )
    proposed = officer.ok(officer.post(f"/cases/{reference}/interventions", INJUNCTION), 201)
    assert proposed["case"]["stage"] == "formal-action"
    injunction = proposed["intervention"]
    assert injunction["status"] == "approved"  # the policy names no approvals
    start = f"/cases/{reference}/interventions/{injunction['id']}/start"
    assert officer.error(officer.post(start, {}), 403)["code"] == "forbidden"  # a court action: a manager starts it
    started = manager.ok(manager.post(start, {}))
    assert started["intervention"]["status"] == "started"
    assert started["case"]["stage"] == "formal-action"

    # Then the complainant stops answering. Closing for no contact needs two attempts by two different
    # methods since the last contact made (§15.4).
    close = f"/cases/{reference}/closure"
    no_contact = {"reason": "no-contact", "note": "No response for 28 days"}
    officer.ok(officer.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "no-answer"}), 201)
    one = officer.error(officer.post(close, no_contact), 409)
    assert one["code"] == "step-blocked"
    assert one["reasons"] == [
        "closing for no contact needs 2 attempts by 2 different methods since the last contact "
        "(1 attempts by 1 methods so far)"
    ]
    officer.ok(officer.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "left-message"}), 201)
    same_way = officer.error(officer.post(close, no_contact), 409)
    assert any("(2 attempts by 1 methods so far)" in reason for reason in same_way["reasons"])
    officer.ok(officer.post(f"/cases/{reference}/contacts", {"method": "letter", "outcome": "no-answer"}), 201)
    closed = officer.ok(officer.post(close, no_contact))["case"]
    assert (closed["stage"], closed["is_open"]) == ("closed", False)
    assert officer.ok(officer.get(f"/cases/{reference}"))["closure_reason"] == "no-contact"

    duties = officer.ok(officer.get(f"/cases/{reference}/obligations"))
    assert [(d["rule_id"], d["status"]) for d in duties] == [("first-contact", "met")]  # attempted on Tue 7 April

    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    events = history["items"]
    assert history["count"] == len(events)
    assert all(event["actor"] for event in events)
    taken = [(e["verb"], e["actor"]["id"]) for e in events]
    cc_id, officer_id, manager_id = office.contact_centre.pk, office.officer.pk, office.manager.pk
    assert taken == [
        ("case.opened", cc_id),
        ("incident.reported", cc_id),
        ("complainant.contact-attempted", officer_id),
        ("complainant.contacted", officer_id),
        ("intervention.proposed", officer_id),
        ("intervention.started", manager_id),
        ("complainant.contact-attempted", officer_id),
        ("complainant.contact-attempted", officer_id),
        ("complainant.contact-attempted", officer_id),
        ("case.closed", officer_id),
    ]


def test_five_working_days_count_from_the_london_date_of_the_report(office):
    # 00:30 on Tuesday 7 April in London is still Monday 6 April (Easter Monday) in UTC. The clock starts
    # on the London date, Tuesday: 5 WD are Wed 8, Thu 9, Fri 10, Mon 13, Tue 14. (From the UTC date it
    # would wrongly be Monday 13.)
    cc = Api(office.contact_centre)
    report = report_body(types=["vehicle nuisance"], priority=None, received_at="2026-04-07T00:30:00+01:00")
    assert cc.ok(cc.post("/reports/triage", report))["priority"] == "five-working-days"
    reference = cc.ok(cc.post("/cases", report), 201)["case"]["reference"]
    duty = Api(office.officer).ok(Api(office.officer).get(f"/cases/{reference}/obligations"))[0]
    assert (duty["started_on"], duty["due_date"]) == ("2026-04-07", "2026-04-14")


def test_everyday_household_noise_is_not_asb_and_opens_no_case(office):
    cc = Api(office.contact_centre)
    report = report_body(types=["washing machine"], priority=None, received_at=RECEIVED)
    triage = cc.ok(cc.post("/reports/triage", report))
    assert triage["is_asb"] is False
    assert "every day, household noise" in triage["reason"]
    refused = cc.error(cc.post("/cases", report), 422)
    assert refused["fields"] == {"types": "not ASB"}
    assert cc.ok(cc.get("/cases"))["count"] == 0
