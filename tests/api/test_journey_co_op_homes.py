"""A case from report to closure through the API alone, under Co-op Homes' ASB Procedure.

Dates: the report arrives on Thursday 2 April 2026 at 10am, the day before Good Friday (3 April) and four
days before Easter Monday (6 April), both bank holidays in England and Wales. A "noise" report is left to
the officer to call Medium or Low (§1.2); the officer calls it Medium. Working days after 2 April are:
Tue 7 (1st), Wed 8 (2nd), Thu 9, Fri 10, Mon 13 (5th), Tue 14, Wed 15, Thu 16, Fri 17, Mon 20 (10th).

- Contact the customer, medium level, 2 working days (§2.3): Wednesday 8 April.
- Offer an appointment, 5 working days (§2.3, Service Standards): Monday 13 April.
- Produce an action plan, 5 working days (§3.2): Monday 13 April.
- Review the case, every 10 working days (§3.3): Monday 20 April.
- Housing Manager's review, monthly (§3.4): the same day a month later, Saturday 2 May.
- Aim to resolve a medium-level case within 4 months (§1.2): Sunday 2 August.
- No personal interview deadline: that is for high-level cases (§2.3).

Steps the services date "now" (proposing, approving and starting interventions, agreeing closure, closing)
happen on the day the test runs, months after these dates; what they meet is met late accordingly.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.api.client import Api, intervention_kind, next_step, report_body
from tests.api.pack_staff import pack_staff

RECEIVED = "2026-04-02T10:00:00+01:00"  # Thursday, before Easter
TUE_7_APR = "2026-04-07T10:00:00+01:00"
TUE_7_APR_PM = "2026-04-07T15:00:00+01:00"
WED_8_APR = "2026-04-08T10:00:00+01:00"
THU_9_APR = "2026-04-09T10:00:00+01:00"
FRI_10_APR = "2026-04-10T10:00:00+01:00"
MON_20_APR = "2026-04-20T10:00:00+01:00"
TUE_21_APR = "2026-04-21T10:00:00+01:00"
THU_30_APR = "2026-04-30T10:00:00+01:00"
TUE_5_MAY = "2026-05-05T10:00:00+01:00"
WED_6_MAY = "2026-05-06T10:00:00+01:00"

LETTER_REASON = "The closure must be confirmed to the complainant in writing"
AGREED_REASON = "The action must be agreed with the Housing Manager"


@pytest.fixture
def office(db):
    return pack_staff("co-op-homes")


def noise_report(**overrides):
    return report_body(types=["noise"], priority="medium", received_at=RECEIVED, **overrides)


def statuses(duties):
    """rule id -> the status of each occurrence, in order."""
    found = defaultdict(list)
    for duty in sorted(duties, key=lambda d: (d["rule_id"], d["occurrence"])):
        found[duty["rule_id"]].append(duty["status"])
    return dict(found)


def obligation_of(detail, rule_id):
    return next(o for o in detail["obligations"] if o["rule_id"] == rule_id)


def test_a_report_is_triaged_opened_worked_and_closed_under_co_op_homes(office):
    cc, officer = Api(office.contact_centre), Api(office.officer)
    manager, ops, outsider = Api(office.manager), Api(office.operations), Api(office.outsider)
    report = noise_report()

    # Triage: plain "noise" is the officer's call between Medium and Low (§1.2, §3.1).
    undecided = cc.ok(cc.post("/reports/triage", {k: v for k, v in report.items() if k != "priority"}))
    assert undecided["needs_officer_decision"] is True
    assert undecided["priority_choices"] == ["medium", "low"]
    triage = cc.ok(cc.post("/reports/triage", report))
    assert (triage["is_asb"], triage["priority"], triage["owner_role"]) == (True, "medium", "housing-officer")

    case = cc.ok(cc.post("/cases", report), 201)["case"]
    reference = case["reference"]
    assert reference.startswith("ASB-2026-")
    assert case["stage"] == "reported"

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    assert detail["owner"]["id"] == office.officer.pk
    assert detail["priority"] == {"id": "medium", "label": "Medium-Level Anti-Social Behaviour"}
    assert {o["rule_id"]: o["due_date"] for o in detail["obligations"] if o["status"] != "not-applicable"} == {
        "first-contact": "2026-04-08",  # 2 WD: Tue 7, Wed 8 (Good Friday and Easter Monday skipped)
        "appointment": "2026-04-13",  # 5 WD: 7, 8, 9, 10, 13
        "action-plan": "2026-04-13",  # 5 WD
        "review": "2026-04-20",  # 10 WD: 7, 8, 9, 10, 13, 14, 15, 16, 17, 20
        "manager-review": "2026-05-02",  # 1 month
        "resolution-target": "2026-08-02",  # 4 months, medium level
    }
    # The personal interview is timed for high-level cases only (§2.3): listed, but it does not apply.
    interview = obligation_of(detail, "personal-interview")
    assert (interview["status"], interview["due_date"]) == ("not-applicable", None)
    assert [(s["step"], s["allowed"]) for s in detail["next_steps"]] == [("initial-contact", True)]

    # Nobody sees or works what they should not: another team's officer is told the case does not exist,
    # and the contact centre, which logged it, may not work it.
    assert outsider.error(outsider.get(f"/cases/{reference}"), 404)["code"] == "not-found"
    assert outsider.error(outsider.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "made"}), 404)
    assert reference not in [c["reference"] for c in outsider.ok(outsider.get("/cases"))["items"]]
    assert cc.error(cc.post(f"/cases/{reference}/contacts", {"method": "phone", "outcome": "made"}), 403)

    # Closure cannot even be agreed before the case has been investigated.
    early = manager.error(manager.post(f"/cases/{reference}/closure/agreement", {}), 409)
    assert early["code"] == "step-blocked"
    assert any("cannot agree closure at the stage 'Reporting and recording'" in r for r in early["reasons"])

    # Initial contact, offering the appointment (§2.3), moves the case into investigation.
    contacted = officer.ok(
        officer.post(
            f"/cases/{reference}/contacts",
            {"method": "phone", "outcome": "made", "purpose": "appointment", "at": TUE_7_APR},
        ),
        201,
    )
    assert contacted["case"]["stage"] == "investigation"
    officer.ok(officer.post(f"/cases/{reference}/acknowledgement", {"method": "letter", "at": TUE_7_APR_PM}))
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "diary.sent", "at": TUE_7_APR_PM}))
    # §2.5: each action is written up in the case log within 2 working days (contact, appointment,
    # acknowledgement, diary sheets: four write-ups, due Thursday 9 April).
    for _ in range(4):
        officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated", "at": WED_8_APR}))

    officer.ok(
        officer.post(f"/cases/{reference}/action-plan", {"for_whom": "complainant", "action": "Keep diary sheets"}),
        201,
    )
    planned = officer.ok(officer.post(f"/cases/{reference}/action-plan/sent", {"method": "letter", "at": THU_9_APR}))
    assert planned["case"]["stage"] == "investigation"
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated", "at": FRI_10_APR}))

    review = {"kind": "review", "notes": "Noise continues", "held_at": MON_20_APR}
    officer.ok(officer.post(f"/cases/{reference}/reviews", review), 201)
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated", "at": TUE_21_APR}))
    monthly = {"kind": "manager-review", "notes": "Progress recorded", "held_at": THU_30_APR}
    assert officer.error(officer.post(f"/cases/{reference}/reviews", monthly), 403)["code"] == "forbidden"
    manager.ok(manager.post(f"/cases/{reference}/reviews", monthly), 201)
    officer.ok(officer.post(f"/cases/{reference}/reviews", {**review, "held_at": TUE_5_MAY}), 201)
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated", "at": WED_6_MAY}))

    detail = officer.ok(officer.get(f"/cases/{reference}"))
    reviews = [o for o in detail["obligations"] if o["rule_id"] == "review"]
    # Each review restarts the 10 working days: from Mon 20 April, skipping the early May bank holiday
    # (Mon 4 May): 21, 22, 23, 24, 27, 28, 29, 30 April, 1, 5 May; then from Tue 5 May: 6, 7, 8, 11, 12,
    # 13, 14, 15, 18, 19 May.
    assert [o["due_date"] for o in reviews] == ["2026-04-20", "2026-05-05", "2026-05-19"]
    monthly_reviews = [o for o in detail["obligations"] if o["rule_id"] == "manager-review"]
    assert [o["due_date"] for o in monthly_reviews] == ["2026-05-02", "2026-05-30"]  # a month after 30 April
    diary = obligation_of(detail, "diary-return")
    assert diary["due_date"] == "2026-04-21"  # 10 WD after Tue 7 April: 8, 9, 10, 13 ... 20, 21

    # The diary sheets come back (recorded now, so late).
    officer.ok(
        officer.post(
            f"/cases/{reference}/incidents",
            {"occurred_at": FRI_10_APR, "description": "Music until 3am", "source": "diary"},
        ),
        201,
    )

    # A professional witness needs no approval (§4.2), but no action is taken until one has been agreed
    # with the Housing Manager (§5.1).
    pack = officer.ok(officer.get("/pack"))
    witness = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "professional-witness",
                "reason": "Neighbours are afraid to give evidence",
                "preconditions_confirmed": [
                    p["id"] for p in intervention_kind(pack, "professional-witness")["preconditions"]
                ],
            },
        ),
        201,
    )["intervention"]
    assert witness["status"] == "approved"
    assert next_step(officer.ok(officer.get(f"/cases/{reference}")), "intervention.started")["allowed"] is False
    unagreed = officer.error(officer.post(f"/cases/{reference}/interventions/{witness['id']}/start", {}), 409)
    assert unagreed["code"] == "step-blocked"
    assert any(AGREED_REASON in reason for reason in unagreed["reasons"])

    # Legal action: authorised by the Housing Manager and then the Operations Manager (§5.1).
    injunction = officer.ok(
        officer.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "injunction",
                "reason": "Noise continues despite a written request",
                "proportionality": "Necessary and proportionate: informal measures have failed",
                "preconditions_confirmed": ["informal-measures-failed"],
            },
        ),
        201,
    )["intervention"]
    assert injunction["status"] == "proposed"
    decision = f"/cases/{reference}/interventions/{injunction['id']}/decision"
    assert officer.error(officer.post(decision, {"decision": "approved", "reason": "Agreed"}), 403)
    first = manager.ok(manager.post(decision, {"decision": "approved", "reason": "Agreed"}))
    assert first["intervention"]["status"] == "proposed"  # still waiting for the Operations Manager
    assert first["case"]["stage"] == "investigation"
    refused = manager.error(manager.post(decision, {"decision": "approved", "reason": "Agreed again"}), 403)
    assert "Operations Manager" in refused["message"]
    approved = ops.ok(ops.post(decision, {"decision": "approved", "reason": "Authorised"}))["intervention"]
    assert approved["status"] == "approved"
    assert [(a["approver_role"], a["approver"]["id"]) for a in approved["approvals"]] == [
        ("housing-manager", office.manager.pk),
        ("operations-manager", office.operations.pk),
    ]
    start = f"/cases/{reference}/interventions/{injunction['id']}/start"
    assert officer.error(officer.post(start, {}), 403)["code"] == "forbidden"  # legal action: a manager starts it
    started = manager.ok(manager.post(start, {}))
    assert started["intervention"]["status"] == "started"
    assert started["case"]["stage"] == "action"
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated"}))

    # Closure: agreed by the Housing Manager after reviewing the file (§8.1), confirmed to the
    # complainant in writing (§8.2), only then closed.
    too_soon = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "resolved"}), 409)
    assert any("cannot close the case at the stage 'Taking action'" in r for r in too_soon["reasons"])
    not_theirs = officer.error(officer.post(f"/cases/{reference}/closure/agreement", {"note": "Quiet now"}), 403)
    assert "closure is agreed by the Housing Manager" in not_theirs["message"]
    agreed = manager.ok(manager.post(f"/cases/{reference}/closure/agreement", {"note": "File reviewed"}))
    assert agreed["case"]["stage"] == "closing"
    no_letter = officer.error(officer.post(f"/cases/{reference}/closure", {"reason": "resolved"}), 409)
    assert no_letter["code"] == "step-blocked"
    assert any(LETTER_REASON in reason for reason in no_letter["reasons"])
    assert any(
        LETTER_REASON in r for r in next_step(officer.ok(officer.get(f"/cases/{reference}")), "case.closed")["reasons"]
    )

    for kind in ("closure.discussed", "closure.accepted", "closure.letter-sent", "closure.perpetrator-letter-sent"):
        officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": kind}))
    for _ in range(3):  # the discussion and the two letters are written up
        officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "case-log.updated"}))
    closed = officer.ok(officer.post(f"/cases/{reference}/closure", {"reason": "resolved", "note": "Quiet now"}))
    assert closed["case"]["stage"] == "closed"
    assert closed["case"]["is_open"] is False
    officer.ok(officer.post(f"/cases/{reference}/steps", {"kind": "survey.sent"}))  # §8.6, after closing
    after = officer.error(officer.post(f"/cases/{reference}/steps", {"kind": "diary.sent"}), 409)
    assert after["reasons"] == ["the case is closed"]

    duties = officer.ok(officer.get(f"/cases/{reference}/obligations"))
    assert statuses(duties) == {
        "first-contact": ["met"],  # Tue 7 April, due Wed 8
        "appointment": ["met"],  # Tue 7 April, due Mon 13
        "action-plan": ["met"],  # Thu 9 April, due Mon 13
        "review": ["met", "met", "overdue"],  # 20 April and 5 May on their due dates; none by 19 May
        "manager-review": ["met", "overdue"],  # 30 April, due 2 May; none by 30 May
        "inform-of-review": ["overdue", "overdue"],  # the customer was never told about either review (§3.3)
        "diary-return": ["met-late"],  # returned after Tue 21 April
        "resolution-target": ["met-late"],  # closed after Sunday 2 August
        "case-log-update": ["met"] * 11,  # each action written up within 2 working days
        "closure-letter": ["met"],  # the same day as the discussion
        "closure-perpetrator-letter": ["met"],
        "personal-interview": ["not-applicable"],
    }

    history = officer.ok(officer.get(f"/cases/{reference}/timeline", page_size=100))
    events = history["items"]
    assert history["count"] == len(events)
    assert all(event["actor"] for event in events), [e["verb"] for e in events if not e["actor"]]
    actors = defaultdict(set)
    for event in events:
        actors[event["verb"]].add(event["actor"]["id"])
    expected = {
        "case.opened": office.contact_centre,
        "complainant.contacted": office.officer,
        "appointment.offered": office.officer,
        "acknowledged": office.officer,
        "diary.sent": office.officer,
        "case-log.updated": office.officer,
        "action-plan.sent": office.officer,
        "review.held": office.officer,
        "manager-review.held": office.manager,
        "diary.returned": office.officer,
        "intervention.proposed": office.officer,
        "intervention.approval-given": office.manager,
        "intervention.approved": office.operations,
        "intervention.started": office.manager,
        "closure.agreed": office.manager,
        "closure.discussed": office.officer,
        "closure.accepted": office.officer,
        "closure.letter-sent": office.officer,
        "closure.perpetrator-letter-sent": office.officer,
        "case.closed": office.officer,
        "survey.sent": office.officer,
    }
    for verb, person in expected.items():
        assert actors.get(verb) == {person.pk}, verb
    assert sum(e["verb"] == "case-log.updated" for e in events) == 11


def test_a_high_level_report_is_contacted_next_working_day_interviewed_and_has_no_resolution_target(office):
    cc = Api(office.contact_centre)
    report = report_body(types=["harassment"], priority=None, received_at=RECEIVED)
    assert cc.ok(cc.post("/reports/triage", report))["priority"] == "high"
    reference = cc.ok(cc.post("/cases", report), 201)["case"]["reference"]

    detail = Api(office.officer).ok(Api(office.officer).get(f"/cases/{reference}"))
    dues = {o["rule_id"]: o["due_date"] for o in detail["obligations"]}
    assert dues["first-contact"] == "2026-04-07"  # 1 WD after Thu 2 April: not Good Friday or Easter Monday
    assert dues["personal-interview"] == "2026-04-13"  # 3 to 5 WD, the 5th: 7, 8, 9, 10, 13
    # "Due to the severity of cases at this level, it is not appropriate to apply a fixed timescale" (§1.2).
    target = obligation_of(detail, "resolution-target")
    assert (target["status"], target["due_date"]) == ("not-applicable", None)


def test_legal_action_needs_two_approvals_from_two_people_neither_the_proposer(office):
    manager, ops = Api(office.manager), Api(office.operations)
    reference = Api(office.contact_centre).ok(Api(office.contact_centre).post("/cases", noise_report()), 201)["case"][
        "reference"
    ]
    proposed = manager.ok(
        manager.post(
            f"/cases/{reference}/interventions",
            {
                "kind": "nosp",
                "reason": "Persistent noise",
                "proportionality": "The last course of action: other interventions have failed",
                "preconditions_confirmed": ["informal-measures-failed", "other-interventions-failed", "nosp-justified"],
            },
        ),
        201,
    )["intervention"]
    decision = f"/cases/{reference}/interventions/{proposed['id']}/decision"
    own = manager.error(manager.post(decision, {"decision": "approved", "reason": "Agreed"}), 403)
    assert "you proposed this intervention" in own["message"]
    # The Operations Manager is senior enough to give the Housing Manager's approval ...
    given = ops.ok(ops.post(decision, {"decision": "approved", "reason": "Agreed"}))["intervention"]
    assert [a["approver_role"] for a in given["approvals"]] == ["housing-manager"]
    # ... but not the second one too.
    twice = ops.error(ops.post(decision, {"decision": "approved", "reason": "Authorised"}), 403)
    assert "already approved" in twice["message"]
    still = ops.ok(ops.get(f"/cases/{reference}/interventions"))["items"][0]
    assert still["status"] == "proposed"
