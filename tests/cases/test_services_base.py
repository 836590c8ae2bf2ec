"""What every case step shares (casework/cases/services/base.py): the pack's path guards, checked before
anything is written, and the version check that refuses a stale write."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.packs import pack_named
from casework.cases.services.base import append, finish
from casework.errors import Conflict, InvalidInput, StepBlocked
from tests.cases.helpers import footprint, open_case, reload
from tests.factories import another_report


def guard_reason(pack_id: str, step: str) -> str:
    transition = next(t for t in pack_named(pack_id).path.transitions if t.step == step)
    (guard,) = transition.guards
    return guard.reason


def assert_blocked_by(case, reason, action):
    before = footprint(case)
    events, version = case.events.count(), reload(case).version

    with pytest.raises(StepBlocked) as blocked:
        action()

    assert reason in blocked.value.message
    assert reason in blocked.value.reasons
    assert (case.events.count(), reload(case).version) == (events, version)
    assert footprint(case) == before


# -- path guards, one or more per built-in pack ---------------------------------------------------------------


def test_places_for_people_sends_the_action_plan_only_after_the_ram(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")

    assert_blocked_by(
        case,
        guard_reason("places-for-people", "send-action-plan"),
        lambda: services.action_plan_send(actor=people.officer, case=case.reference, method="letter"),
    )


def test_places_for_people_closes_only_after_the_action_plan(people):
    case = open_case(people.contact_centre, owner=people.officer)

    assert_blocked_by(
        case,
        guard_reason("places-for-people", "close-case"),
        lambda: services.case_close(actor=people.officer, case=case.reference, reason="resolved"),
    )


def test_places_for_people_legal_action_needs_a_case_conference(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers={"1": "Daily"})
    rule = next(i for i in pack_named("places-for-people").interventions if i.id == "civil-injunction")
    injunction = services.intervention_propose(
        actor=people.officer,
        case=case.reference,
        kind="civil-injunction",
        reason="Persistent",
        proportionality="Necessary",
        preconditions_confirmed=[p.id for p in rule.preconditions],
    )

    assert_blocked_by(
        case,
        guard_reason("places-for-people", "start-legal-action"),
        lambda: services.intervention_decide(
            actor=people.manager, case=case.reference, intervention_id=injunction.pk, decision="approved", reason="ok"
        ),
    )
    assert reload(case).stage == "case-management"
    assert not injunction.approvals.exists()


def test_co_op_homes_closes_only_once_closure_is_confirmed_in_writing(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    services.case_closure_agree(actor=people.manager, case=case.reference)

    assert_blocked_by(
        case,
        guard_reason("co-op-homes", "close"),
        lambda: services.case_close(actor=people.officer, case=case.reference, reason="resolved"),
    )


def test_co_op_homes_takes_action_only_once_agreed_with_the_housing_manager(people):
    # A professional witness needs no approval in the pack's interventions, but §5.1's path guard still
    # wants an agreed action before the case moves into Taking action.
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    witness = services.intervention_propose(
        actor=people.officer,
        case=case.reference,
        kind="professional-witness",
        reason="Witnesses are frightened",
        preconditions_confirmed=["witnesses-afraid"],
    )

    assert_blocked_by(
        case,
        guard_reason("co-op-homes", "take-action"),
        lambda: services.intervention_start(actor=people.officer, case=case.reference, intervention_id=witness.pk),
    )
    witness.refresh_from_db()
    assert (witness.status, witness.started_at) == ("approved", None)


def test_believe_housing_considers_formal_action_only_after_speaking_to_the_customer(people):
    case = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)

    assert_blocked_by(
        case,
        guard_reason("believe-housing", "consider-formal-action"),
        lambda: services.intervention_propose(
            actor=people.officer, case=case.reference, kind="written-warning", reason="Persistent noise"
        ),
    )


def test_medway_closes_a_report_as_not_asb_only_after_explaining_why(people):
    case = open_case(people.contact_centre, pack_id="medway-council", owner=people.officer)

    assert_blocked_by(
        case,
        guard_reason("medway-council", "not-asb"),
        lambda: services.case_close(actor=people.officer, case=case.reference, reason="not-asb"),
    )


def test_medway_considers_action_only_after_agreeing_an_action_plan(people):
    case = open_case(people.contact_centre, pack_id="medway-council", owner=people.officer)
    services.contact_record(
        actor=people.officer, case=case.reference, method="phone", outcome="made", purpose="interview"
    )
    assert reload(case).stage == "investigation"

    assert_blocked_by(
        case,
        guard_reason("medway-council", "consider-action"),
        lambda: services.intervention_propose(actor=people.officer, case=case.reference, kind="referral", reason="x"),
    )


def newcastle_in_investigation(people):
    """A Newcastle-under-Lyme medium case in Investigation.

    The pack's step into Investigation is `risk.assessed`, which no service records for a pack without a
    risk matrix (see test_newcastle_cases_reach_investigation_through_a_service), so the event is appended
    here directly.
    """
    case = open_case(people.contact_centre, pack_id="newcastle-under-lyme", owner=people.officer)
    append(case, actor=people.officer, verb="risk.assessed", at=timezone.now())
    finish(case)
    assert reload(case).stage == "investigation"
    return case


def test_newcastle_under_lyme_reviews_a_case_before_closing_it(people):
    case = newcastle_in_investigation(people)
    support = services.intervention_propose(
        actor=people.officer, case=case.reference, kind="support-and-early-interventions", reason="Medium path"
    )
    services.intervention_start(actor=people.officer, case=case.reference, intervention_id=support.pk)
    assert reload(case).stage == "early-interventions"

    assert_blocked_by(
        case,
        guard_reason("newcastle-under-lyme", "review-and-close"),
        lambda: services.case_close(actor=people.officer, case=case.reference, reason="resolved"),
    )

    services.review_hold(actor=people.officer, case=case.reference, kind="review", notes="The ASB has stopped")
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    assert reload(case).stage == "closed"


def test_newcastle_cases_reach_investigation_through_a_service(people):
    case = open_case(people.contact_centre, pack_id="newcastle-under-lyme", owner=people.officer)

    services.case_step_record(
        actor=people.officer, case=case.reference, kind="risk.assessed", note="Assessed with the council's tool"
    )

    assert reload(case).stage == "investigation"


def test_newcastle_high_and_medium_cases_cannot_close_from_the_start(people):
    case = open_case(people.contact_centre, pack_id="newcastle-under-lyme", owner=people.officer)

    with pytest.raises(StepBlocked, match="you cannot close the case at the stage"):
        services.case_close(actor=people.officer, case=case.reference, reason="resolved")


def test_newcastle_low_cases_close_after_signposting(people):
    case = open_case(
        people.contact_centre, pack_id="newcastle-under-lyme", owner=people.officer, types=["ball-games"], priority=None
    )
    assert case.priority == "low"

    services.case_step_record(actor=people.officer, case=case.reference, kind="signposted")
    services.case_close(actor=people.officer, case=case.reference, reason="referred")

    assert reload(case).stage == "closed"


def test_a_blocked_step_names_every_unmet_condition(people):
    case = open_case(people.contact_centre, owner=people.officer)

    with pytest.raises(StepBlocked) as blocked:
        services.case_close(actor=people.officer, case=case.reference, reason="resolved")

    assert blocked.value.message.startswith("Close the case: not allowed yet — ")
    assert blocked.value.status == 409


# -- versions: a stale write is refused, a current one raises the version ------------------------------------

VERSIONED = {
    "repeat-report": lambda p, ref, v: services.case_add_report(
        actor=p.officer, reference=ref, report=another_report(), version=v
    ),
    "acknowledge": lambda p, ref, v: services.case_acknowledge(actor=p.officer, case=ref, method="letter", version=v),
    "contact": lambda p, ref, v: services.contact_record(
        actor=p.officer, case=ref, method="phone", outcome="made", version=v
    ),
    "incident": lambda p, ref, v: services.incident_record(
        actor=p.officer, case=ref, occurred_at=timezone.now(), description="x", source="phone", version=v
    ),
    "action": lambda p, ref, v: services.action_plan_item_add(
        actor=p.officer, case=ref, for_whom="landlord", action="Visit", version=v
    ),
    "risk": lambda p, ref, v: services.risk_assessment_record(
        actor=p.officer, case=ref, answers={"1": "Daily"}, version=v
    ),
    "priority": lambda p, ref, v: services.case_priority_change(
        actor=p.officer, case=ref, priority="low", reason="x", version=v
    ),
    "reassign": lambda p, ref, v: services.case_reassign(
        actor=p.manager, case=ref, owner_id=p.colleague.pk, reason="x", version=v
    ),
    "propose-closure": lambda p, ref, v: services.case_closure_propose(
        actor=p.officer, case=ref, reason="resolved", version=v
    ),
    "intervention": lambda p, ref, v: services.intervention_propose(
        actor=p.officer, case=ref, kind="written-warning", reason="x", version=v
    ),
    "police": lambda p, ref, v: services.police_disclosure_record(
        actor=p.officer, case=ref, force="Police", content="x", received_at=timezone.now(), version=v
    ),
}


@pytest.mark.parametrize("write", VERSIONED.values(), ids=VERSIONED.keys())
def test_a_write_with_a_stale_version_is_a_conflict_and_writes_nothing(people, write):
    case = open_case(people.contact_centre, owner=people.officer)
    stale = reload(case).version
    services.case_acknowledge(actor=people.officer, case=case.reference, method="phone")  # someone else's change
    before = footprint(case)

    with pytest.raises(Conflict) as refused:
        write(people, case.reference, stale)

    assert refused.value.fields == {"version": "out of date"}
    assert "changed by someone else since you loaded it" in refused.value.message
    assert footprint(case) == before


@pytest.mark.parametrize("write", VERSIONED.values(), ids=VERSIONED.keys())
def test_a_write_with_the_current_version_succeeds_and_raises_it(people, write):
    case = open_case(people.contact_centre, owner=people.officer)
    current = reload(case).version
    events = case.events.count()

    write(people, case.reference, current)

    assert reload(case).version == current + 1
    assert case.events.count() > events


def test_a_write_without_a_version_is_not_checked(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.case_acknowledge(actor=people.officer, case=case.reference, method="phone")

    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")

    assert reload(case).version == case.version + 2


def test_a_refused_step_does_not_raise_the_version(people):
    case = open_case(people.contact_centre, owner=people.officer)
    version = reload(case).version

    with pytest.raises(InvalidInput):
        services.contact_record(
            actor=people.officer, case=case.reference, method="pigeon", outcome="made", version=version
        )
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made", version=version)

    assert reload(case).version == version + 1
