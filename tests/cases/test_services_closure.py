"""Proposing, agreeing and closing a case the pack's way, and reopening it (casework/cases/services/closure.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.cases import services
from casework.errors import InvalidInput, NotAllowed, StepBlocked
from tests.cases.helpers import footprint, obligation, open_case, ram_answers, reload


def pfp_ready_to_close(people):
    """A Places for People case whose action plan has been sent, so its path lets it close."""
    case = open_case(people.contact_centre, owner=people.officer)
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="complainant", action="Diary")
    services.action_plan_send(actor=people.officer, case=case.reference, method="letter")
    return case


@pytest.fixture
def coop_case(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    return case


def close_coop(people, case):
    services.case_closure_agree(actor=people.manager, case=case.reference, note="File reviewed")
    services.case_step_record(actor=people.officer, case=case.reference, kind="closure.letter-sent")
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")


# -- Places for People: close once the action plan is sent ---------------------------------------------------


def test_closing_records_the_reason_and_ends_open_duties(people):
    case = pfp_ready_to_close(people)
    assert obligation(case, "first-contact").state == "pending"

    services.case_close(actor=people.officer, case=case.reference, reason="resolved", note=" Quiet for a month ")

    case = reload(case)
    assert (case.stage, case.is_open, case.closure_reason) == ("closed", False, "resolved")
    assert case.closed_at is not None
    event = case.events.get(verb="case.closed")
    assert (event.actor, event.payload) == (people.officer, {"reason": "resolved", "note": "Quiet for a month"})
    assert obligation(case, "first-contact").state == "not-applicable"


def test_closure_is_proposed_with_a_reason(people):
    case = open_case(people.contact_centre, owner=people.officer)

    services.case_closure_propose(actor=people.officer, case=case.reference, reason="no-further-action")

    event = case.events.get(verb="closure.proposed")
    assert event.payload == {"reason": "no-further-action", "note": ""}
    assert reload(case).is_open


@pytest.mark.parametrize("service", [services.case_close, services.case_closure_propose])
def test_a_closure_reason_must_be_one_of_the_choices(people, service):
    case = pfp_ready_to_close(people)
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        service(actor=people.officer, case=case.reference, reason="bored")

    assert refused.value.fields == {"reason": "not one of the choices"}
    assert footprint(case) == before


def test_a_contact_centre_adviser_cannot_close_a_case(people):
    case = pfp_ready_to_close(people)
    before = footprint(case)

    with pytest.raises(NotAllowed):
        services.case_close(actor=people.contact_centre, case=case.reference, reason="resolved")

    assert footprint(case) == before


# -- Co-op Homes: the housing manager agrees closure, and the letter goes before it closes ---------------------


def test_co_op_closure_is_agreed_by_a_housing_manager_and_confirmed_in_writing(people, coop_case):
    services.case_closure_agree(actor=people.manager, case=coop_case.reference, note="File reviewed")
    assert reload(coop_case).stage == "closing"

    before = footprint(coop_case)
    with pytest.raises(StepBlocked) as blocked:
        services.case_close(actor=people.officer, case=coop_case.reference, reason="resolved")
    assert "The closure must be confirmed to the complainant in writing" in blocked.value.message
    assert footprint(coop_case) == before

    services.case_step_record(actor=people.officer, case=coop_case.reference, kind="closure.letter-sent")
    services.case_close(actor=people.officer, case=coop_case.reference, reason="resolved")

    assert reload(coop_case).stage == "closed"


@pytest.mark.parametrize("who", ["officer", "enforcement"])
def test_co_op_closure_cannot_be_agreed_below_housing_manager(people, coop_case, who):
    before = footprint(coop_case)

    with pytest.raises(NotAllowed, match="Housing Manager"):
        services.case_closure_agree(actor=getattr(people, who), case=coop_case.reference)

    assert footprint(coop_case) == before


def test_an_operations_manager_may_agree_co_op_closure(people, coop_case):
    services.case_closure_agree(actor=people.operations, case=coop_case.reference)

    assert reload(coop_case).stage == "closing"


def test_a_co_op_case_cannot_close_before_closure_is_agreed(people, coop_case):
    services.case_step_record(actor=people.officer, case=coop_case.reference, kind="closure.letter-sent")
    before = footprint(coop_case)

    with pytest.raises(StepBlocked) as blocked:
        services.case_close(actor=people.officer, case=coop_case.reference, reason="resolved")

    assert "you cannot close the case at the stage 'Investigation'" in blocked.value.message
    assert "Conclusion of case" in blocked.value.message
    assert footprint(coop_case) == before


def test_a_closed_case_refuses_new_work(people, coop_case):
    close_coop(people, coop_case)
    before = footprint(coop_case)

    refusals = [
        lambda: services.incident_record(
            actor=people.officer,
            case=coop_case.reference,
            occurred_at=timezone.now(),
            description="More noise",
            source="phone",
        ),
        lambda: services.action_plan_item_add(
            actor=people.officer, case=coop_case.reference, for_whom="landlord", action="Visit"
        ),
        lambda: services.case_step_record(actor=people.officer, case=coop_case.reference, kind="diary.sent"),
        lambda: services.review_hold(actor=people.officer, case=coop_case.reference, kind="review", notes="x"),
        lambda: services.intervention_propose(
            actor=people.officer, case=coop_case.reference, kind="written-request", reason="x"
        ),
        lambda: services.case_priority_change(
            actor=people.officer, case=coop_case.reference, priority="high", reason="x"
        ),
        lambda: services.case_close(actor=people.officer, case=coop_case.reference, reason="resolved"),
    ]
    for refused in refusals:
        with pytest.raises(StepBlocked, match="is closed: reopen it first"):
            refused()

    assert footprint(coop_case) == before


def test_a_closed_case_accepts_its_closing_letters_and_survey(people, coop_case):
    close_coop(people, coop_case)

    for kind in ["closure.letter-sent", "closure.perpetrator-letter-sent", "survey.sent"]:
        services.case_step_record(actor=people.officer, case=coop_case.reference, kind=kind)
    services.contact_record(actor=people.officer, case=coop_case.reference, method="phone", outcome="made")

    assert list(coop_case.events.order_by("-id").values_list("verb", flat=True)[:4]) == [
        "complainant.contacted",
        "survey.sent",
        "closure.perpetrator-letter-sent",
        "closure.letter-sent",
    ]
    assert reload(coop_case).stage == "closed"


# -- believe housing: closing for no contact -----------------------------------------------------------------


@pytest.fixture
def believe_case(people):
    return open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)


def attempt(people, case, method, outcome="no-answer"):
    services.contact_record(actor=people.officer, case=case.reference, method=method, outcome=outcome)


def test_believe_closes_for_no_contact_after_two_attempts_by_two_methods(people, believe_case):
    attempt(people, believe_case, "phone")
    attempt(people, believe_case, "letter")

    services.case_close(actor=people.officer, case=believe_case.reference, reason="no-contact")

    assert reload(believe_case).closure_reason == "no-contact"


@pytest.mark.parametrize(
    ("attempts", "so_far"),
    [([], "0 attempts by 0 methods"), (["phone", "phone"], "2 attempts by 1 methods"), (["email"], "1 attempts by 1")],
)
def test_believe_refuses_a_no_contact_closure_without_the_attempts(people, believe_case, attempts, so_far):
    for method in attempts:
        attempt(people, believe_case, method)
    before = footprint(believe_case)

    with pytest.raises(StepBlocked) as blocked:
        services.case_close(actor=people.officer, case=believe_case.reference, reason="no-contact")

    assert "2 attempts by 2 different methods" in blocked.value.message
    assert so_far in blocked.value.message
    assert footprint(believe_case) == before


def test_only_attempts_since_the_last_contact_count(people, believe_case):
    attempt(people, believe_case, "phone")
    attempt(people, believe_case, "letter")
    attempt(people, believe_case, "phone", outcome="made")
    attempt(people, believe_case, "email")

    with pytest.raises(StepBlocked, match="1 attempts by 1 methods"):
        services.case_close(actor=people.officer, case=believe_case.reference, reason="no-contact")


def test_other_closure_reasons_need_no_attempts(people, believe_case):
    services.case_close(actor=people.officer, case=believe_case.reference, reason="resolved")

    assert not reload(believe_case).is_open


# -- reopening ------------------------------------------------------------------------------------------------


def test_reopening_restarts_the_opening_duties(people):
    case = pfp_ready_to_close(people)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")

    services.case_reopen(actor=people.manager, case=case.reference, reason=" New incidents ")

    case = reload(case)
    assert (case.is_open, case.stage, case.closed_at, case.closure_reason) == (True, "report-received", None, "")
    assert case.events.get(verb="case.reopened").payload == {"reason": "New incidents"}
    for duty in ["acknowledge", "first-contact", "risk-assessment", "action-plan"]:
        assert obligation(case, duty, 1).state == "met"
        assert obligation(case, duty, 2).state == "pending"


def test_a_reopened_case_takes_the_packs_reopen_step(people):
    case = open_case(people.contact_centre, pack_id="medway-council", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made", purpose="update")
    services.case_close(actor=people.officer, case=case.reference, reason="not-asb")
    assert reload(case).stage == "not-asb"
    before = footprint(case)

    # Medway reinvestigates only from Stage 5: a report closed as not ASB is not reopened.
    with pytest.raises(StepBlocked, match="you cannot reopen the case"):
        services.case_reopen(actor=people.manager, case=case.reference, reason="More incidents")
    assert footprint(case) == before


def test_co_op_cases_reopen_to_the_start(people, coop_case):
    close_coop(people, coop_case)

    services.case_reopen(actor=people.manager, case=coop_case.reference, reason="More incidents")

    coop_case = reload(coop_case)
    assert (coop_case.stage, coop_case.is_open) == ("reported", True)
    assert obligation(coop_case, "first-contact", 2).state == "pending"


def test_an_open_case_cannot_be_reopened(people):
    case = open_case(people.contact_centre, owner=people.officer)
    before = footprint(case)

    with pytest.raises(StepBlocked, match="is open"):
        services.case_reopen(actor=people.manager, case=case.reference, reason="x")

    assert footprint(case) == before


@pytest.mark.parametrize("who", ["officer", "contact_centre", "admin"])
def test_only_managers_reopen(people, who):
    case = pfp_ready_to_close(people)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    before = footprint(case)

    with pytest.raises(NotAllowed):
        services.case_reopen(actor=getattr(people, who), case=case.reference, reason="x")

    assert footprint(case) == before


def test_reopening_needs_a_reason(people):
    case = pfp_ready_to_close(people)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    before = footprint(case)

    with pytest.raises(InvalidInput) as refused:
        services.case_reopen(actor=people.manager, case=case.reference, reason=" ")

    assert refused.value.fields == {"reason": "required"}
    assert footprint(case) == before
