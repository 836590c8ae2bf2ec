"""Who sees which cases and who may take which step, for every role (casework/cases/permissions.py).

The case most tests use was logged by the contact centre and is owned by the officer in team North. The
outsider is an officer in team South; the operations manager manages both teams; the housing manager
manages North; administrators see everything but work no cases.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.cases import selectors, services
from casework.cases.models import Intervention
from casework.cases.permissions import CAPABILITIES
from casework.cases.services.intake import PartyInput, PersonInput
from casework.errors import NotAllowed, NotFound
from tests.cases.helpers import everything, footprint, open_case
from tests.factories import UserFactory, another_report, report

#: Every member of staff in the `people` fixture: one per staff role, plus a second officer in the same
#: team and an officer in another team.
EVERYONE = ["contact_centre", "officer", "colleague", "enforcement", "manager", "operations", "admin", "outsider"]


@pytest.fixture
def logged_by_contact_centre(people):
    return open_case(people.contact_centre, owner=people.officer)


# -- seeing cases -------------------------------------------------------------------------------------------

SEES = {
    "contact_centre": {"logged-by-cc"},
    "officer": {"logged-by-cc", "logged-by-officer"},
    "colleague": {"logged-by-cc", "logged-by-officer"},
    "enforcement": {"logged-by-cc", "logged-by-officer"},
    "manager": {"logged-by-cc", "logged-by-officer"},
    "operations": {"logged-by-cc", "logged-by-officer", "south"},
    "admin": {"logged-by-cc", "logged-by-officer", "south"},
    "outsider": {"south"},
}


@pytest.fixture
def three_cases(people):
    return {
        "logged-by-cc": open_case(people.contact_centre, owner=people.officer),
        "logged-by-officer": open_case(people.officer, owner=people.officer),
        "south": open_case(people.outsider, owner=people.outsider),
    }


@pytest.mark.parametrize("who", EVERYONE)
def test_each_role_lists_and_finds_only_the_cases_it_may_see(people, three_cases, who):
    user = getattr(people, who)

    assert {c.reference for c in selectors.case_list(user)} == {three_cases[name].reference for name in SEES[who]}
    for name, case in three_cases.items():
        if name in SEES[who]:
            assert selectors.case_for(user, case.reference) == case
        else:
            with pytest.raises(NotFound) as hidden:
                selectors.case_for(user, case.reference)
            with pytest.raises(NotFound) as missing:
                selectors.case_for(user, "ASB-1999-000001")
            # No hint that it exists: the same answer as for a case that does not.
            assert str(hidden.value).replace(case.reference, "REF") == str(missing.value).replace(
                "ASB-1999-000001", "REF"
            )


def test_the_contact_centre_sees_only_the_cases_it_logged_even_in_its_own_team(people, three_cases):
    assert people.contact_centre.staff.team == people.team
    assert three_cases["logged-by-officer"].team == people.team

    assert list(selectors.case_list(people.contact_centre)) == [three_cases["logged-by-cc"]]


def test_staff_without_a_role_see_nothing(people, three_cases):
    nobody = UserFactory(username="nobody")

    assert not selectors.case_list(nobody).exists()
    with pytest.raises(NotAllowed):
        selectors.case_for(nobody, three_cases["logged-by-cc"].reference)


def test_staff_who_have_left_see_nothing(people, three_cases):
    people.admin.is_active = False
    people.admin.save()

    assert not selectors.case_list(people.admin).exists()


def test_the_owner_sees_their_case_in_another_team(people):
    case = open_case(people.contact_centre, owner=people.outsider)
    assert case.team == people.other_team

    assert selectors.case_for(people.outsider, case.reference) == case
    assert case not in selectors.case_list(people.officer)


# -- taking steps: a representative service per capability ----------------------------------------------------


def _closed(people):
    case = open_case(people.contact_centre, pack_id="believe-housing", owner=people.officer)
    services.case_close(actor=people.officer, case=case.reference, reason="resolved")
    return case


def _with_proposal(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.intervention_propose(actor=people.officer, case=case.reference, kind="written-request", reason="Noise")
    return case


def _with_disclosure(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.police_disclosure_record(
        actor=people.officer, case=case.reference, force="Police", content="Restricted", received_at=timezone.now()
    )
    return case


def _open(people):
    return open_case(people.contact_centre, owner=people.officer)


CASEWORKERS = {"officer", "colleague", "enforcement", "manager", "operations"}

#: capability -> (arrange a case, take the step as `actor`, who may take it among those who see the case)
STEPS = {
    "case.work": (
        _open,
        lambda p, actor, case: services.contact_record(actor=actor, case=case, method="phone", outcome="made"),
        CASEWORKERS,
    ),
    "case.reassign": (
        _open,
        lambda p, actor, case: services.case_reassign(actor=actor, case=case, owner_id=p.colleague.pk, reason="x"),
        {"manager", "operations", "admin"},
    ),
    "case.close": (
        _open,
        lambda p, actor, case: services.case_closure_propose(actor=actor, case=case, reason="resolved"),
        CASEWORKERS,
    ),
    "case.reopen": (
        _closed,
        lambda p, actor, case: services.case_reopen(actor=actor, case=case, reason="More incidents"),
        {"enforcement", "manager", "operations"},
    ),
    "intervention.approve": (
        _with_proposal,
        lambda p, actor, case: services.intervention_decide(
            actor=actor,
            case=case,
            intervention_id=Intervention.objects.get(case__reference=case).pk,
            decision="approved",
            reason="Agreed",
        ),
        # A tenancy enforcement manager may approve, but not at the housing manager's step of this chain.
        {"manager", "operations"},
    ),
    "police-disclosure.record": (
        _open,
        lambda p, actor, case: services.police_disclosure_record(
            actor=actor, case=case, force="Police", content="x", received_at=timezone.now()
        ),
        CASEWORKERS,
    ),
    "police-disclosure.read": (
        _with_disclosure,
        lambda p, actor, case: services.police_disclosures_read(actor=actor, case=case),
        {"operations"},
    ),
}


def test_every_capability_for_a_case_is_covered():
    case_capabilities = {c for c in CAPABILITIES if c.startswith(("case.", "intervention.", "police-"))}
    opened_elsewhere = {"case.view", "case.open", "case.add-report", "case.find-duplicates"}

    assert set(STEPS) == case_capabilities - opened_elsewhere


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("capability", STEPS)
def test_who_may_take_each_step(people, capability, who):
    arrange, act, allowed = STEPS[capability]
    case = arrange(people)
    actor = getattr(people, who)
    before = footprint(case)

    if who == "outsider":
        with pytest.raises(NotFound):
            act(people, actor, case.reference)
    elif who in allowed:
        act(people, actor, case.reference)
        assert footprint(case) != before
        return
    else:
        with pytest.raises(NotAllowed):
            act(people, actor, case.reference)
    assert footprint(case) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_open_a_case(people, who):
    before = everything()

    if who == "admin":
        with pytest.raises(NotAllowed):
            services.case_open(actor=people.admin, report=another_report())
        assert everything() == before
    else:
        case = services.case_open(actor=getattr(people, who), report=another_report(owner_id=people.officer.pk))
        assert case.created_by == getattr(people, who)


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_add_a_repeat_report(people, logged_by_contact_centre, who):
    before = footprint(logged_by_contact_centre)

    def add():
        return services.case_add_report(
            actor=getattr(people, who), reference=logged_by_contact_centre.reference, report=another_report()
        )

    if who in {"admin", "outsider"}:
        with pytest.raises(NotAllowed if who == "admin" else NotFound):
            add()
        assert footprint(logged_by_contact_centre) == before
    else:
        assert add().case == logged_by_contact_centre


def test_the_contact_centre_adds_a_report_to_a_duplicate_it_cannot_see(people):
    # Intake's answer to a duplicate: the adviser who took the call adds it to the case already open.
    case = services.case_open(actor=people.officer, report=report(owner_id=people.officer.pk))
    assert case not in selectors.case_list(people.contact_centre)

    incident = services.case_add_report(actor=people.contact_centre, reference=case.reference, report=report())

    assert incident.case == case


def test_a_reference_alone_does_not_let_intake_add_to_a_case_it_cannot_see(people):
    case = open_case(people.officer, owner=people.officer)
    before = footprint(case)

    with pytest.raises(NotFound):
        services.case_add_report(actor=people.contact_centre, reference=case.reference, report=another_report())

    assert footprint(case) == before


# -- the outsider: every service on a case they cannot see is NotFound --------------------------------------

NOW = timezone.now
ON_A_CASE = {
    "case_add_report": lambda a, c: services.case_add_report(actor=a, reference=c, report=another_report()),
    "case_acknowledge": lambda a, c: services.case_acknowledge(actor=a, case=c, method="letter"),
    "contact_record": lambda a, c: services.contact_record(actor=a, case=c, method="phone", outcome="made"),
    "incident_record": lambda a, c: services.incident_record(
        actor=a, case=c, occurred_at=NOW(), description="x", source="phone"
    ),
    "evidence_add": lambda a, c: services.evidence_add(
        actor=a, case=c, name="a.pdf", content=b"%PDF-1.4", content_type="application/pdf"
    ),
    "party_add": lambda a, c: services.party_add(
        actor=a, case=c, party=PartyInput(person=PersonInput(name="W"), role="witness")
    ),
    "advocate_nominate": lambda a, c: services.advocate_nominate(
        actor=a, case=c, resident_id=1, advocate_id=None, resident_asked=True
    ),
    "action_plan_item_add": lambda a, c: services.action_plan_item_add(
        actor=a, case=c, for_whom="landlord", action="x"
    ),
    "action_plan_item_complete": lambda a, c: services.action_plan_item_complete(actor=a, case=c, item_id=1),
    "action_plan_send": lambda a, c: services.action_plan_send(actor=a, case=c, method="letter"),
    "case_conference_hold": lambda a, c: services.case_conference_hold(
        actor=a, case=c, held_at=NOW(), attendees="x", summary="x"
    ),
    "review_hold": lambda a, c: services.review_hold(actor=a, case=c, kind="review", notes="x"),
    "case_step_record": lambda a, c: services.case_step_record(actor=a, case=c, kind="diary.sent"),
    "risk_assessment_record": lambda a, c: services.risk_assessment_record(actor=a, case=c, answers={"1": "Daily"}),
    "intervention_propose": lambda a, c: services.intervention_propose(
        actor=a, case=c, kind="written-warning", reason="x"
    ),
    "intervention_decide": lambda a, c: services.intervention_decide(
        actor=a, case=c, intervention_id=1, decision="approved", reason="x"
    ),
    "intervention_start": lambda a, c: services.intervention_start(actor=a, case=c, intervention_id=1),
    "letter_send": lambda a, c: services.letter_send(
        actor=a, case=c, kind="diary-sheet", recipient_id=None, inputs={}, method="post"
    ),
    "case_priority_change": lambda a, c: services.case_priority_change(actor=a, case=c, priority="high", reason="x"),
    "case_types_change": lambda a, c: services.case_types_change(actor=a, case=c, types=["harassment"], reason="x"),
    "case_reassign": lambda a, c: services.case_reassign(actor=a, case=c, owner_id=1, reason="x"),
    "case_link": lambda a, c: services.case_link(actor=a, case=c, other="ASB-1999-000001", kind="related"),
    "case_closure_propose": lambda a, c: services.case_closure_propose(actor=a, case=c, reason="resolved"),
    "case_closure_agree": lambda a, c: services.case_closure_agree(actor=a, case=c),
    "case_close": lambda a, c: services.case_close(actor=a, case=c, reason="resolved"),
    "case_reopen": lambda a, c: services.case_reopen(actor=a, case=c, reason="x"),
    "police_disclosure_record": lambda a, c: services.police_disclosure_record(
        actor=a, case=c, force="x", content="x", received_at=NOW()
    ),
    "police_disclosures_read": lambda a, c: services.police_disclosures_read(actor=a, case=c),
    "survey_record": lambda a, c: services.survey_record(actor=a, case=c, satisfaction="neither", source="phone"),
    "case_review_request": lambda a, c: services.case_review_request(actor=a, case=c),
    "case_review_decide": lambda a, c: services.case_review_decide(
        actor=a, case=c, request_id=1, outcome="withdrawn", notes="x"
    ),
}


def test_every_case_service_is_checked_for_the_outsider():
    takes_a_case = {name for name in services.__all__ if name not in {"ReportInput", "case_open", "enquiry_record"}}

    assert set(ON_A_CASE) == takes_a_case


def test_an_officer_in_another_team_finds_no_case_whatever_they_try(people, logged_by_contact_centre):
    before = footprint(logged_by_contact_centre)
    answers = {}

    for name, service in ON_A_CASE.items():
        try:
            service(people.outsider, logged_by_contact_centre.reference)
        except Exception as error:  # every answer is collected, so one failure shows them all
            answers[name] = type(error).__name__
        else:
            answers[name] = "done"

    assert answers == dict.fromkeys(ON_A_CASE, "NotFound")
    assert footprint(logged_by_contact_centre) == before
