"""Scenario tests for the Medway Council pack (shared/seeds/000_4064656ae0a8c4bb.txt).

The procedure summary gives no timescales and no priority levels, so the pack has no obligations and a
single priority. What it does give is the five-stage path, the "not ASB" outcome and reinvestigation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.packs import builtin_pack
from tests.packs.scenarios import simulate, step, steps

PACK = "medway-council"
RECEIVED = "2026-12-24T10:00:00"  # Thu 24 Dec 2026, before the Christmas bank holidays: still no deadline.


def run(scenario: dict[str, Any], as_of: date = date(2027, 1, 29)) -> dict[str, Any]:
    return simulate(PACK, scenario, as_of)


def case(*events: tuple[str, str], reported: str = "ASB") -> dict[str, Any]:
    return {
        "received": RECEIVED,
        "report": {"types": [reported], "hate_related": False, "channel": "phone"},
        "events": [{"kind": kind, "at": at} for kind, at in events],
    }


# -- the pack itself -------------------------------------------------------------------------------


def test_pack_has_no_obligations_and_one_priority() -> None:
    pack = builtin_pack(PACK)
    assert pack.obligations == []  # no timescales anywhere in the source
    assert [p.id for p in pack.priorities] == ["no-priority-levels"]
    assert "no priority levels" in pack.priorities[0].label
    assert [s.label for s in pack.path.stages if s.label.startswith("Stage")] == [
        "Stage 1: Your Report",
        "Stage 2: Investigation",
        "Stage 3: Action",
        "Stage 4: Monitor Results",
        "Stage 5: Case Closure",
    ]
    assert pack.closure.survey is True
    assert "complaints process" in pack.closure.complaints_route
    legal = next(i for i in pack.interventions if i.id == "legal-action")
    assert legal.legal is True
    assert [p.id for p in legal.preconditions] == ["enough-evidence", "all-other-options-failed"]


# -- triage ------------------------------------------------------------------------------------------


def test_a_report_of_asb_is_owned_by_the_housing_tenancy_team() -> None:
    result = run(case(reported="anti-social behaviour"))
    triage = result["triage"]
    assert triage["is_asb"] is True
    assert triage["types"] == ["anti-social-behaviour"]
    assert triage["priority"] == "no-priority-levels"
    assert triage["priority_choices"] == []
    assert triage["owner_role"] == "housing-tenancy-team"
    assert triage["routes"] == []
    assert result["risk"] is None


def test_not_asb_explains_why_and_offers_advice() -> None:
    result = run(case(reported="not ASB"))
    triage = result["triage"]
    assert triage["is_asb"] is False
    assert triage["types"] == ["not-asb"]
    assert "criteria for ASB" in triage["reason"]
    assert "explain the reasons why" in triage["reason"]
    assert "offer advice" in triage["advice"]
    assert result["obligations"] == []


def test_no_deadlines_even_long_after_the_report() -> None:
    result = run(case(), as_of=date(2027, 12, 31))
    assert result["obligations"] == []


def test_no_case_review_threshold() -> None:
    result = run(case(("incident.reported", "2027-01-05T10:00:00"), ("incident.reported", "2027-01-20T10:00:00")))
    assert result["case_review"]["eligible"] is False
    assert "no ASB Case Review threshold" in result["case_review"]["reason"]


# -- the five stages ------------------------------------------------------------------------------------


def test_stage_1_report() -> None:
    result = run(case())
    assert result["stage"] == "report"
    assert steps(result) == ["investigate", "not-asb"]
    assert step(result, "investigate")["allowed"] is True
    not_asb = step(result, "not-asb")
    assert not_asb["allowed"] is False
    assert "why the report is not considered ASB" in not_asb["reason"]


def test_stage_1_closed_as_not_asb_after_explaining_why() -> None:
    result = run(case(("complainant.updated", "2026-12-29T10:00:00"), ("case.closed", "2026-12-29T11:00:00")))
    assert result["stage"] == "not-asb"
    assert result["next_steps"] == []


def test_stage_2_investigation_needs_an_action_plan_before_action() -> None:
    result = run(case(("interview.held", "2026-12-29T10:00:00")))
    assert result["stage"] == "investigation"
    action = step(result, "consider-action")
    assert action["allowed"] is False
    assert "Agree an action plan" in action["reason"]

    with_plan = run(case(("interview.held", "2026-12-29T10:00:00"), ("action-plan.sent", "2026-12-30T10:00:00")))
    assert step(with_plan, "consider-action")["allowed"] is True


def test_stages_3_4_and_5_and_reinvestigation() -> None:
    events = [
        ("interview.held", "2026-12-29T10:00:00"),
        ("action-plan.sent", "2026-12-30T10:00:00"),
        ("intervention.proposed", "2027-01-06T10:00:00"),
    ]
    assert run(case(*events))["stage"] == "action"

    events.append(("intervention.started", "2027-01-07T10:00:00"))
    monitoring = run(case(*events))
    assert monitoring["stage"] == "monitor"
    assert steps(monitoring) == ["further-action", "close"]
    close = step(monitoring, "close")
    assert close["allowed"] is False
    assert "take their views on board" in close["reason"]

    # Stage 4: further actions may be required.
    events.append(("intervention.proposed", "2027-01-12T10:00:00"))
    assert run(case(*events))["stage"] == "action"
    events.append(("intervention.started", "2027-01-13T10:00:00"))
    assert run(case(*events))["stage"] == "monitor"

    events += [("closure.proposed", "2027-01-20T10:00:00"), ("case.closed", "2027-01-21T10:00:00")]
    closed = run(case(*events))
    assert closed["stage"] == "case-closure"
    assert steps(closed) == ["reinvestigate"]

    # Stage 5: "Let us know if there are any further incidents so we can reinvestigate."
    events.append(("case.reopened", "2027-01-27T10:00:00"))
    assert run(case(*events))["stage"] == "investigation"


def test_closing_at_stage_3_when_it_is_not_possible_to_act() -> None:
    result = run(
        case(
            ("interview.held", "2026-12-29T10:00:00"),
            ("action-plan.sent", "2026-12-30T10:00:00"),
            ("intervention.proposed", "2027-01-06T10:00:00"),
            ("closure.proposed", "2027-01-08T10:00:00"),
            ("case.closed", "2027-01-11T10:00:00"),
        )
    )
    assert result["stage"] == "case-closure"
