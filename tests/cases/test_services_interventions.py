"""Interventions: propose, approve or reject in the pack's order, start (casework/cases/services/interventions.py)."""

from __future__ import annotations

import pytest

from casework.accounts.roles import StaffRole
from casework.cases import services
from casework.cases.packs import pack_named
from casework.errors import InvalidInput, NotAllowed, NotFound
from tests.cases.helpers import footprint, open_case, reload
from tests.factories import staff


def preconditions(pack_id: str, kind: str) -> list[str]:
    rule = next(i for i in pack_named(pack_id).interventions if i.id == kind)
    return [p.id for p in rule.preconditions]


@pytest.fixture
def coop_case(people):
    """A Co-op Homes case past initial contact, in Investigation."""
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    assert reload(case).stage == "investigation"
    return case


@pytest.fixture
def injunction(people, coop_case):
    return services.intervention_propose(
        actor=people.officer,
        case=coop_case.reference,
        kind="injunction",
        reason="Threats continue after warnings",
        proportionality="Necessary to protect the complainant",
        preconditions_confirmed=preconditions("co-op-homes", "injunction"),
        against_id=coop_case.parties.get(role="alleged-perpetrator").pk,
    )


def decide(actor, intervention, decision="approved", reason="Agreed"):
    return services.intervention_decide(
        actor=actor,
        case=intervention.case.reference,
        intervention_id=intervention.pk,
        decision=decision,
        reason=reason,
    )


# -- proposing ----------------------------------------------------------------------------------------------


def test_a_proposal_records_the_rule_and_waits_for_approval(people, coop_case, injunction):
    assert injunction.status == "proposed"
    assert injunction.preconditions_confirmed == ["informal-measures-failed"]
    assert injunction.against == coop_case.parties.get(role="alleged-perpetrator")
    event = coop_case.events.get(verb="intervention.proposed")
    assert event.actor == people.officer
    assert event.payload == {
        "intervention": "injunction",
        "legal": True,
        "approvals": ["housing-manager", "operations-manager"],
    }


def test_an_intervention_the_pack_needs_no_approval_for_is_approved_at_once(people):
    case = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")

    warning = services.intervention_propose(
        actor=people.officer, case=case.reference, kind="verbal-warning", reason="x"
    )
    assert warning.status == "approved"

    started = services.intervention_start(actor=people.officer, case=case.reference, intervention_id=warning.pk)
    assert started.status == "started"
    assert started.started_at is not None


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "stern-look", "reason": "x"}, "kind"),
        ({"kind": "written-request", "reason": " "}, "reason"),
        (
            {"kind": "injunction", "reason": "x", "preconditions_confirmed": ["informal-measures-failed"]},
            "proportionality",
        ),
        ({"kind": "injunction", "reason": "x", "proportionality": "Necessary"}, "preconditions_confirmed"),
        ({"kind": "written-request", "reason": "x", "against_id": "complainant"}, "against"),
        ({"kind": "written-request", "reason": "x", "against_id": 987654}, "against"),
    ],
    ids=[
        "unknown-kind",
        "no-reason",
        "legal-without-proportionality",
        "precondition-missing",
        "against-complainant",
        "against-nobody",
    ],
)
def test_a_proposal_that_cannot_be_made_names_the_field_and_writes_nothing(people, coop_case, arguments, field):
    if arguments.get("against_id") == "complainant":
        arguments = {**arguments, "against_id": coop_case.parties.get(role="complainant").pk}
    before = footprint(coop_case)

    with pytest.raises(InvalidInput) as refused:
        services.intervention_propose(actor=people.officer, case=coop_case.reference, **arguments)

    assert field in refused.value.fields
    assert footprint(coop_case) == before


def test_a_missing_precondition_is_named(people):
    case = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")

    with pytest.raises(InvalidInput) as refused:
        services.intervention_propose(
            actor=people.officer,
            case=case.reference,
            kind="mediation",
            reason="Both sides want it settled",
            preconditions_confirmed=["both-parties-agree", "no-serious-criminality"],
        )

    assert "There is not an imbalance of power between the parties" in refused.value.message
    assert "Both parties agree" not in refused.value.message


# -- the approval chain -------------------------------------------------------------------------------------


def test_co_op_legal_action_is_approved_by_the_housing_manager_then_the_operations_manager(people, injunction):
    case = injunction.case

    after_first = decide(people.manager, injunction)
    assert after_first.status == "proposed"
    after_second = decide(people.operations, injunction)
    assert after_second.status == "approved"

    assert [(a.approver_role, a.approver) for a in injunction.approvals.all()] == [
        ("housing-manager", people.manager),
        ("operations-manager", people.operations),
    ]
    decisions = case.events.filter(verb__startswith="intervention.approv").order_by("id")
    assert [(e.verb, e.actor, e.payload["role"]) for e in decisions] == [
        ("intervention.approval-given", people.manager, "housing-manager"),
        ("intervention.approved", people.operations, "operations-manager"),
    ]


def test_a_more_senior_manager_may_give_an_earlier_approval_but_not_two(people, injunction):
    decide(people.operations, injunction)  # stands in for the housing manager
    before = footprint(injunction.case)

    with pytest.raises(NotAllowed, match="already approved"):
        decide(people.operations, injunction)
    assert footprint(injunction.case) == before

    other_operations = staff("ops2", StaffRole.OPERATIONS_MANAGER, manages=[people.team])
    assert decide(other_operations, injunction).status == "approved"
    assert [a.approver_role for a in injunction.approvals.all()] == ["housing-manager", "operations-manager"]


def test_a_housing_manager_cannot_give_the_operations_managers_approval(people, injunction):
    decide(people.manager, injunction)
    other_manager = staff("manager2", StaffRole.HOUSING_MANAGER, team=people.team)
    before = footprint(injunction.case)

    with pytest.raises(NotAllowed, match="Operations Manager"):
        decide(other_manager, injunction)

    assert footprint(injunction.case) == before


def test_the_first_approval_needs_a_housing_manager_or_above(people, injunction):
    before = footprint(injunction.case)

    with pytest.raises(NotAllowed, match="Housing Manager"):
        decide(people.enforcement, injunction)  # a tenancy enforcement manager is below the housing manager

    assert footprint(injunction.case) == before


def test_the_proposer_cannot_approve(people, coop_case):
    proposed = services.intervention_propose(
        actor=people.manager, case=coop_case.reference, kind="written-request", reason="Noise continues"
    )
    before = footprint(coop_case)

    with pytest.raises(NotAllowed, match="you proposed"):
        decide(people.manager, proposed)

    assert footprint(coop_case) == before


def test_an_officer_cannot_approve(people, injunction):
    before = footprint(injunction.case)

    with pytest.raises(NotAllowed):
        decide(people.officer, injunction)

    assert footprint(injunction.case) == before


def test_a_rejection_ends_the_chain(people, injunction):
    rejected = decide(people.manager, injunction, decision="rejected", reason="Not proportionate yet")

    assert rejected.status == "rejected"
    event = injunction.case.events.get(verb="intervention.rejected")
    assert event.payload["reason"] == "Not proportionate yet"
    assert event.actor == people.manager
    with pytest.raises(InvalidInput) as refused:
        decide(people.operations, injunction)
    assert refused.value.fields == {"intervention": "not waiting for approval"}


@pytest.mark.parametrize(("decision", "reason", "field"), [("maybe", "x", "decision"), ("approved", "  ", "reason")])
def test_a_decision_needs_a_known_answer_and_a_reason(people, injunction, decision, reason, field):
    before = footprint(injunction.case)

    with pytest.raises(InvalidInput) as refused:
        decide(people.manager, injunction, decision=decision, reason=reason)

    assert field in refused.value.fields
    assert footprint(injunction.case) == before


def test_deciding_an_intervention_on_another_case_is_not_found(people, injunction):
    other = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)

    with pytest.raises(NotFound):
        services.intervention_decide(
            actor=people.manager, case=other.reference, intervention_id=injunction.pk, decision="approved", reason="x"
        )


# -- starting -----------------------------------------------------------------------------------------------


def test_an_intervention_starts_only_once_approved(people, injunction):
    case = injunction.case
    before = footprint(case)
    with pytest.raises(InvalidInput) as refused:
        services.intervention_start(actor=people.manager, case=case.reference, intervention_id=injunction.pk)
    assert refused.value.fields == {"intervention": "not approved"}
    assert footprint(case) == before

    decide(people.manager, injunction)
    decide(people.operations, injunction)
    started = services.intervention_start(actor=people.manager, case=case.reference, intervention_id=injunction.pk)

    assert started.status == "started"
    event = case.events.get(verb="intervention.started")
    assert (event.actor, event.payload) == (people.manager, {"intervention": "injunction", "legal": True})
    assert reload(case).stage == "action"


def test_a_rejected_intervention_cannot_start(people, injunction):
    decide(people.manager, injunction, decision="rejected")

    with pytest.raises(InvalidInput):
        services.intervention_start(actor=people.manager, case=injunction.case.reference, intervention_id=injunction.pk)


def test_an_officer_cannot_start_legal_action(people, injunction):
    decide(people.manager, injunction)
    decide(people.operations, injunction)
    before = footprint(injunction.case)

    with pytest.raises(NotAllowed):
        services.intervention_start(actor=people.officer, case=injunction.case.reference, intervention_id=injunction.pk)

    assert footprint(injunction.case) == before


def test_an_officer_starts_an_approved_informal_intervention(people, coop_case):
    request = services.intervention_propose(
        actor=people.officer, case=coop_case.reference, kind="written-request", reason="Noise continues"
    )
    decide(people.manager, request)

    started = services.intervention_start(actor=people.officer, case=coop_case.reference, intervention_id=request.pk)

    assert started.status == "started"
    assert reload(coop_case).stage == "action"
