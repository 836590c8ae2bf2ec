"""Scenario tests for the Newcastle-under-Lyme pack (shared/seeds/002_0f68a8315686e75c.txt).

The procedure gives no timescales, so the pack has no obligations and no case ever has a deadline.
What it does give is a separate flowchart for each priority (High, Medium, Low); these tests walk each.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casework.domain.packs import builtin_pack
from tests.packs.scenarios import simulate, step, steps

PACK = "newcastle-under-lyme"
RECEIVED = "2026-12-24T10:00:00"  # Thu 24 Dec 2026, the day before a bank holiday: still no deadline.


def run(scenario: dict[str, Any], as_of: date = date(2027, 1, 29)) -> dict[str, Any]:
    return simulate(PACK, scenario, as_of)


def case(reported: str, *events: tuple[str, str] | tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "received": RECEIVED,
        "report": {"types": [reported], "hate_related": False, "channel": "phone"},
        "events": [{"kind": e[0], "at": e[1], **(e[2] if len(e) > 2 else {})} for e in events],
    }


# -- the pack itself -------------------------------------------------------------------------------


def test_pack_has_no_obligations_and_no_risk_matrix() -> None:
    pack = builtin_pack(PACK)
    assert pack.obligations == []  # no timescales anywhere in the source
    assert pack.risk_matrix is None  # the computer-based tool's questions are not published
    assert pack.case_review is None
    assert [p.label for p in pack.priorities] == ["High", "Medium", "Low"]
    legal = next(i for i in pack.interventions if i.id == "legal-action")
    assert legal.legal is True
    assert [p.label for p in legal.preconditions] == ["Risk persistence and supporting evidence is established"]


def test_no_deadlines_even_long_after_the_report() -> None:
    result = run(case("acts of violence"), as_of=date(2027, 6, 30))
    assert result["obligations"] == []


# -- triage: the example behaviours of each category -------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "type_id", "priority"),
    [
        ("acts of violence", "acts-of-violence", "high"),
        ("threats of violence", "serious-intimidation-or-threats-of-violence", "high"),
        ("serious intimidation", "serious-intimidation-or-threats-of-violence", "high"),
        ("criminal behaviour", "criminal-behaviour-affecting-the-community", "high"),
        ("serious misuse of public areas", "serious-misuse-of-public-areas", "high"),
        ("loud music", "excessive-noise", "medium"),
        ("DIY", "excessive-noise", "medium"),
        ("rowdy or aggressive behaviour", "rowdy-or-aggressive-behaviour", "medium"),
        ("intimidation", "intimidation-harassment-or-verbal-abuse", "medium"),
        ("ASB behaviour from visitors to premises", "asb-from-visitors", "medium"),
        ("damage to communal areas", "damage-to-property-or-communal-areas", "low"),
        ("ball games", "ball-games", "low"),
        ("isolated incidents", "isolated-incidents", "low"),
        ("intolerance or conflict of lifestyles", "intolerance-or-conflict-of-lifestyles", "low"),
    ],
)
def test_types_take_their_categorys_priority(reported: str, type_id: str, priority: str) -> None:
    triage = run(case(reported))["triage"]
    assert triage["is_asb"] is True
    assert triage["types"] == [type_id]
    assert triage["priority"] == priority
    assert triage["priority_choices"] == []
    assert triage["owner_role"] == "officer"
    assert triage["routes"] == []


def test_hate_crime_not_requiring_legal_action_is_medium() -> None:
    # The source puts "hate crime not requiring legal action" under Medium, so the type is not marked
    # hate_related (which would force High).
    result = run(case("hate crime"))
    assert result["triage"]["types"] == ["hate-crime-not-requiring-legal-action"]
    assert result["triage"]["priority"] == "medium"


def test_most_urgent_category_wins() -> None:
    result = run(
        {
            "received": RECEIVED,
            "report": {"types": ["ball games", "acts of violence"], "hate_related": False},
        }
    )
    assert result["triage"]["priority"] == "high"


def test_no_risk_score_and_no_case_review_threshold() -> None:
    result = run(
        case(
            "loud music",
            ("incident.reported", "2027-01-05T10:00:00"),
            ("incident.reported", "2027-01-20T10:00:00"),
        )
    )
    assert result["risk"] is None
    assert result["case_review"]["eligible"] is False
    assert "no ASB Case Review threshold" in result["case_review"]["reason"]


# -- High path -----------------------------------------------------------------------------------------


def test_high_path_legal_action_then_review_and_close() -> None:
    opened = run(case("acts of violence"))
    assert opened["stage"] == "case-opened"
    assert steps(opened) == ["investigate"]

    investigating = run(case("acts of violence", ("risk.assessed", "2026-12-29T10:00:00")))
    assert investigating["stage"] == "investigation"
    assert steps(investigating) == ["commence-legal-action", "progress-to-medium"]

    legal = run(
        case(
            "acts of violence",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("intervention.started", "2027-01-06T10:00:00", {"intervention": "legal-action"}),
        )
    )
    assert legal["stage"] == "legal-action"
    close = step(legal, "review-and-close")
    assert close["allowed"] is False
    assert "Review the case before closing it" in close["reason"]
    assert step(legal, "manage-breaches")["allowed"] is True

    closed = run(
        case(
            "acts of violence",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("intervention.started", "2027-01-06T10:00:00", {"intervention": "legal-action"}),
            ("review.held", "2027-01-20T10:00:00"),
            ("case.closed", "2027-01-21T10:00:00"),
        )
    )
    assert closed["stage"] == "closed"


def test_high_path_asb_continues_review_and_manage_breaches() -> None:
    result = run(
        case(
            "threats of violence",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("intervention.started", "2027-01-06T10:00:00", {"intervention": "legal-action"}),
            ("incident.reported", "2027-01-15T10:00:00"),
        )
    )
    assert result["stage"] == "manage-breaches"
    assert step(result, "close-after-review")["allowed"] is False


def test_high_evidence_not_established_progresses_to_medium() -> None:
    result = run(
        case(
            "acts of violence",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("priority.changed", "2027-01-06T10:00:00", {"priority": "medium"}),
        )
    )
    assert result["stage"] == "investigation"
    assert result["triage"]["priority"] == "medium"
    # Now on the Medium path: "Is it ASB?"
    assert steps(result) == ["early-interventions", "signpost-to-organisation"]

    supported = run(
        case(
            "acts of violence",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("priority.changed", "2027-01-06T10:00:00", {"priority": "medium"}),
            ("intervention.started", "2027-01-07T10:00:00", {"intervention": "mediation"}),
        )
    )
    assert supported["stage"] == "early-interventions"


# -- Medium path ----------------------------------------------------------------------------------------


def test_medium_path_early_interventions_then_review_and_close() -> None:
    result = run(
        case(
            "loud music",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("intervention.started", "2027-01-06T10:00:00", {"intervention": "acceptable-behaviour-contract"}),
        )
    )
    assert result["stage"] == "early-interventions"
    assert steps(result) == ["consider-escalation", "review-and-close"]
    assert step(result, "review-and-close")["allowed"] is False

    closed = run(
        case(
            "loud music",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("intervention.started", "2027-01-06T10:00:00", {"intervention": "mediation"}),
            ("review.held", "2027-01-25T10:00:00"),
            ("case.closed", "2027-01-25T11:00:00"),
        )
    )
    assert closed["stage"] == "closed"


def test_medium_path_not_asb_signposts_to_relevant_organisation() -> None:
    result = run(
        case(
            "intimidation",
            ("risk.assessed", "2026-12-29T10:00:00"),
            ("signposted", "2027-01-06T10:00:00"),
        )
    )
    assert result["stage"] == "signposted-to-organisation"
    assert step(result, "close-not-asb")["allowed"] is True


def test_medium_asb_continues_and_is_escalated_to_high() -> None:
    events: list[tuple[str, str] | tuple[str, str, dict[str, Any]]] = [
        ("risk.assessed", "2026-12-29T10:00:00"),
        ("intervention.started", "2027-01-06T10:00:00", {"intervention": "mediation"}),
        ("incident.reported", "2027-01-12T10:00:00"),
    ]
    reviewing = run(case("rowdy behaviour", *events))
    assert reviewing["stage"] == "consider-escalation"
    assert steps(reviewing) == ["escalate-to-high", "close-after-review"]
    assert step(reviewing, "close-after-review")["allowed"] is False

    events.append(("priority.changed", "2027-01-14T10:00:00", {"priority": "high"}))
    escalated = run(case("rowdy behaviour", *events))
    assert escalated["stage"] == "investigation"
    assert escalated["triage"]["priority"] == "high"
    assert steps(escalated) == ["commence-legal-action", "progress-to-medium"]

    events.append(("intervention.started", "2027-01-20T10:00:00", {"intervention": "legal-action"}))
    assert run(case("rowdy behaviour", *events))["stage"] == "legal-action"


# -- Low path -------------------------------------------------------------------------------------------


def test_low_path_signpost_and_close() -> None:
    opened = run(case("ball games", ("risk.assessed", "2026-12-29T10:00:00")))
    # A Low case does not go to investigation.
    assert opened["stage"] == "case-opened"
    assert steps(opened) == ["signpost-and-inform"]

    signposted = run(case("ball games", ("signposted", "2026-12-29T11:00:00")))
    assert signposted["stage"] == "signposting-and-information"
    assert step(signposted, "close-low")["allowed"] is True

    closed = run(
        case(
            "ball games",
            ("signposted", "2026-12-29T11:00:00"),
            ("case.closed", "2026-12-29T12:00:00"),
        )
    )
    assert closed["stage"] == "closed"
    assert closed["obligations"] == []
