"""A case from report to closure through the API alone, under Places for People.

Dates: the report arrives on Monday 3 March 2025 at 9am. Acknowledgement (medium priority), first
contact, the RAM and the action plan are each due within 5 working days for a Community Housing
Manager's case (policy ¶13, §5.4, §6.2, §6.3): the 5th working day after 3 March is Monday 10 March
(no bank holidays between).
"""

from __future__ import annotations

from tests.api.client import Api, intervention_kind, next_step, obligation, report_body, risk_answers, step_body

RECEIVED = "2025-03-03T09:00:00+00:00"
NEXT_DAY = "2025-03-04T10:00:00+00:00"


def test_a_report_is_triaged_opened_worked_and_closed_through_the_api(people):
    contact_centre, officer, manager = Api(people.contact_centre), Api(people.officer), Api(people.manager)
    report = report_body(received_at=RECEIVED)

    triage = contact_centre.ok(contact_centre.post("/reports/triage", report))
    assert triage["is_asb"] is True
    assert triage["priority"] == "medium"
    assert triage["owner_role"] == "community-housing-manager"
    assert contact_centre.ok(contact_centre.post("/reports/duplicates", {"address": report["address"]})) == []

    case = contact_centre.ok(contact_centre.post("/cases", report), 201)["case"]
    reference = case["reference"]
    assert reference.startswith("ASB-2025-")
    assert case["stage"] == "report-received"

    # The same report again is a possible duplicate: refused, naming the case, then added to it instead.
    again = contact_centre.error(contact_centre.post("/cases", report), 409)
    assert again["code"] == "conflict"
    assert reference in again["fields"]["duplicates"]
    found = contact_centre.ok(contact_centre.post("/reports/duplicates", {"names": ["Sam Sample"]}))
    assert [c["reference"] for c in found] == [reference]
    repeat = contact_centre.ok(contact_centre.post(f"/cases/{reference}/reports", report), 201)
    assert repeat["incident"]["description"] == report["summary"]

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["owner"]["id"] == people.officer.pk
    for duty in ("acknowledge", "first-contact", "risk-assessment", "action-plan"):
        assert obligation(detail, duty)["due_date"] == "2025-03-10", duty
    blocked = next_step(detail, "action-plan.sent")
    assert blocked["allowed"] is False
    assert any("complete the RAM first" in reason for reason in blocked["reasons"])

    acknowledged = officer.ok(
        officer.post(f"/cases/{reference}/acknowledgement", step_body(detail, method="letter", at=NEXT_DAY))
    )["case"]
    assert acknowledged["version"] == detail["version"] + 1
    stale = officer.error(
        officer.post(f"/cases/{reference}/contacts", step_body(detail, method="phone", outcome="made")), 409
    )
    assert stale["code"] == "conflict"
    assert stale["fields"] == {"version": "out of date"}

    contacted = officer.ok(
        officer.post(
            f"/cases/{reference}/contacts",
            step_body(acknowledged, method="phone", outcome="made", at=NEXT_DAY),
        ),
        201,
    )
    assert contacted["contact"]["outcome"] == "made"

    refused = officer.error(officer.post(f"/cases/{reference}/action-plan/sent", {"method": "letter"}), 409)
    assert refused["code"] == "step-blocked"
    assert any("complete the RAM first" in reason for reason in refused["reasons"])

    pack = officer.ok(officer.get("/pack"))
    assessed = officer.ok(
        officer.post(f"/cases/{reference}/risk-assessments", {"answers": risk_answers(pack), "at": NEXT_DAY}), 201
    )
    assert assessed["risk_assessment"]["band"]
    officer.ok(
        officer.post(f"/cases/{reference}/action-plan", {"for_whom": "complainant", "action": "Keep diary sheets"}),
        201,
    )
    sent = officer.ok(officer.post(f"/cases/{reference}/action-plan/sent", {"method": "letter"}))["case"]
    assert sent["stage"] == "case-management"

    injunction = intervention_kind(pack, "civil-injunction")
    proposed = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "civil-injunction",
                "reason": "Persistent noise despite warnings",
                "proportionality": "Necessary and proportionate: other tools have failed",
                "preconditions_confirmed": [p["id"] for p in injunction["preconditions"]],
            },
        ),
        201,
    )["intervention"]
    assert proposed["status"] == "proposed"
    decision = f"/cases/{reference}/interventions/{proposed['id']}/decision"

    no_conference = manager.error(manager.post(decision, {"decision": "approved", "reason": "Agreed"}), 409)
    assert no_conference["code"] == "step-blocked"
    assert any("conference" in reason for reason in no_conference["reasons"])

    officer.ok(
        officer.post(
            f"/cases/{reference}/conferences",
            {"held_at": NEXT_DAY, "attendees": "Police, officer, manager", "summary": "Legal action agreed"},
        ),
        201,
    )
    approved = manager.ok(manager.post(decision, {"decision": "approved", "reason": "Agreed"}))
    assert approved["intervention"]["status"] == "approved"
    assert approved["intervention"]["approvals"][0]["approver"]["id"] == people.manager.pk
    assert approved["case"]["stage"] == "legal-action"

    closed = officer.ok(officer.post(f"/cases/{reference}/closure", {"reason": "resolved", "note": "Quiet now"}))
    assert closed["case"]["stage"] == "closed"
    assert closed["case"]["is_open"] is False

    duties = {o["kind"]: o for o in officer.ok(officer.get(f"/cases/{reference}/obligations"))}
    assert duties["acknowledge"]["status"] == "met"
    assert duties["acknowledge"]["due_date"] == "2025-03-10"
    assert duties["first-contact"]["status"] == "met"
    assert duties["risk-assessment"]["status"] == "met"

    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    verbs = [event["verb"] for event in history["items"]]
    for verb in (
        "case.opened",
        "acknowledged",
        "complainant.contacted",
        "risk.assessed",
        "action-plan.sent",
        "intervention.proposed",
        "case-conference.held",
        "intervention.approved",
        "case.closed",
    ):
        assert verb in verbs, verb
    assert history["count"] == len(verbs)
