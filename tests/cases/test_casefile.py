"""The case file read for the case page (casework/cases/casefile.py): everything, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.cases import services
from casework.cases.casefile import case_file
from casework.cases.models import Case
from casework.cases.packs import pack_named
from casework.cases.services.intake import PartyInput, PersonInput
from casework.errors import NotFound
from tests.cases.helpers import open_case, ram_answers, reload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
POLICE_SECRET = "Intelligence: the neighbour is known to the police (canary 51c9)"


def preconditions(kind: str, pack_id: str = "places-for-people") -> list[str]:
    rule = next(i for i in pack_named(pack_id).interventions if i.id == kind)
    return [p.id for p in rule.preconditions]


def planned_case(people: Any) -> Case:
    """A Places for People case in Case management: assessed, with an action plan sent."""
    officer = people.officer
    case = open_case(people.contact_centre, owner=officer)
    services.risk_assessment_record(actor=officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(
        actor=officer,
        case=case.reference,
        for_whom="complainant",
        action="Keep diary sheets for two weeks",
        due=timezone.localdate() + timedelta(days=14),
    )
    services.action_plan_send(actor=officer, case=case.reference, method="letter")
    return reload(case)


def grow(people: Any, case: Case, n: int) -> Case:
    """Add `n` of every kind of record to a planned case, each through its service."""
    officer, ref = people.officer, case.reference
    services.case_conference_hold(
        actor=officer, case=ref, held_at=timezone.now(), attendees="Police, officer", summary="Next steps planned"
    )
    for i in range(n):
        party = services.party_add(
            actor=officer,
            case=ref,
            party=PartyInput(person=PersonInput(name=f"Witness {ref} {i}", phone="07700 900123"), role="witness"),
        )
        services.incident_record(
            actor=officer,
            case=ref,
            occurred_at=timezone.now() - timedelta(hours=i + 1),
            description=f"Shouting on the stairs, night {i}",
            source="diary",
            reported_by_id=party.pk,
        )
        services.contact_record(
            actor=officer, case=ref, method="phone", outcome="made", party_id=party.pk, notes=f"Call {i}"
        )
        services.action_plan_item_add(actor=officer, case=ref, for_whom="landlord", action=f"Visit the block ({i})")
        services.evidence_add(
            actor=officer, case=ref, name=f"photo {i}.png", content=PNG + bytes([i]), content_type="image/png"
        )
        services.review_hold(actor=officer, case=ref, kind="review", notes=f"Review {i}")
        linked = open_case(people.contact_centre, owner=officer)
        services.case_link(actor=officer, case=ref, other=linked.reference, kind="related", reason=f"Same block {i}")
        injunction = services.intervention_propose(
            actor=officer,
            case=ref,
            kind="civil-injunction",
            reason=f"Persistent noise ({i})",
            proportionality="Necessary and proportionate",
            preconditions_confirmed=preconditions("civil-injunction"),
        )
        services.intervention_decide(
            actor=people.manager, case=ref, intervention_id=injunction.pk, decision="approved", reason="Agreed"
        )
        services.police_disclosure_record(
            actor=officer,
            case=ref,
            force="Northumbria Police",
            content=POLICE_SECRET,
            received_at=timezone.now() - timedelta(days=1),
        )
    return reload(case)


def fresh(user: Any) -> Any:
    """The user as a new request would have them: nothing cached on the object."""
    return get_user_model().objects.get(pk=user.pk)


def queries_for(user: Any, reference: str) -> list[str]:
    user = fresh(user)
    with CaptureQueriesContext(connection) as captured:
        case_file(user, reference)
    return [q["sql"] for q in captured.captured_queries]


# -- what it holds ------------------------------------------------------------------------------------------


def test_the_case_file_holds_every_record_on_the_case(people):
    case = grow(people, planned_case(people), 2)

    file = case_file(people.officer, case.reference)

    assert file.case == case
    assert file.stage == "legal-action"
    assert len(file.parties) == 4  # the report's complainant and alleged perpetrator, and two witnesses
    assert len(file.incidents) == 3  # the report, and one each
    assert [e.original_name for e in file.evidence] == ["photo 1.png", "photo 0.png"]
    assert len(file.risk_assessments) == 1
    assert file.latest_risk == file.risk_assessments[0]
    assert len(file.action_plan) == 3
    assert len(file.interventions) == 2
    assert len(file.conferences) == 1
    assert len(file.reviews) == 2
    assert len(file.contacts) == 2
    assert len(file.links) == 2
    assert {link.direction for link in file.links} == {"to"}
    assert [e.verb for e in file.timeline][:2] == ["case.opened", "incident.reported"]
    assert file.timeline == sorted(file.timeline, key=lambda e: (e.at, e.pk))
    assert {o.rule_id for o in file.obligations} >= {"acknowledge", "risk-assessment", "action-plan"}
    assert all(hasattr(o, "status") for o in file.obligations)


def test_the_record_an_event_was_done_to_is_found_without_a_query(people):
    case = grow(people, planned_case(people), 1)
    file = case_file(people.officer, case.reference)
    event = next(e for e in file.timeline if e.verb == "evidence.added")

    with CaptureQueriesContext(connection) as captured:
        record = file.record_for(event)

    assert record == file.evidence[0]
    assert len(captured) == 0


def test_a_link_made_from_another_case_shows_from_this_one(people):
    case = open_case(people.contact_centre, owner=people.officer)
    other = open_case(people.contact_centre, owner=people.officer)
    services.case_link(actor=people.officer, case=other.reference, other=case.reference, kind="duplicate")

    [link] = case_file(people.officer, case.reference).links

    assert (link.reference, link.kind, link.direction) == (other.reference, "duplicate", "from")


def test_the_next_steps_are_the_packs_with_the_reasons_a_blocked_one_waits(people):
    case = open_case(people.contact_centre, owner=people.officer)

    steps = {s.event: s for s in case_file(people.officer, case.reference).next_steps}

    assert steps["risk.assessed"].allowed
    assert not steps["action-plan.sent"].allowed
    assert any("complete the RAM first" in reason for reason in steps["action-plan.sent"].reasons)


def test_what_is_due_next_is_the_soonest_duty_still_to_be_met(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")

    file = case_file(people.officer, case.reference)

    assert file.due_next is not None
    assert file.due_next.state == "pending"
    assert file.due_next.rule_id not in {"acknowledge", "first-contact"}  # both met by the contact
    pending = [o.due_date for o in file.obligations if o.state == "pending"]
    assert file.due_next.due_date == min(pending)


def test_an_approval_chain_shows_who_approved_and_who_is_awaited(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    injunction = services.intervention_propose(
        actor=people.officer,
        case=case.reference,
        kind="injunction",
        reason="Threats continue",
        proportionality="Necessary to protect the complainant",
        preconditions_confirmed=preconditions("injunction", "co-op-homes"),
    )
    services.intervention_decide(
        actor=people.manager, case=case.reference, intervention_id=injunction.pk, decision="approved", reason="Yes"
    )

    [entry] = case_file(people.officer, case.reference).interventions

    assert entry.legal
    assert [(a.role, a.state) for a in entry.approvals] == [
        ("housing-manager", "approved"),
        ("operations-manager", "waiting"),
    ]
    assert entry.approvals[0].decision is not None
    assert entry.approvals[0].decision.approver == people.manager
    assert entry.approvals[1].role_label == "Operations Manager"


def test_a_refused_intervention_awaits_no_one_after_the_refusal(people):
    case = open_case(people.contact_centre, pack_id="co-op-homes", owner=people.officer)
    services.contact_record(actor=people.officer, case=case.reference, method="phone", outcome="made")
    injunction = services.intervention_propose(
        actor=people.officer,
        case=case.reference,
        kind="injunction",
        reason="Threats continue",
        proportionality="Necessary",
        preconditions_confirmed=preconditions("injunction", "co-op-homes"),
    )
    services.intervention_decide(
        actor=people.manager, case=case.reference, intervention_id=injunction.pk, decision="rejected", reason="No"
    )

    [entry] = case_file(people.officer, case.reference).interventions

    assert [a.state for a in entry.approvals] == ["rejected", "not-reached"]


def test_letters_are_contacts_by_letter_and_letter_steps(people):
    case = planned_case(people)
    services.contact_record(
        actor=people.officer, case=case.reference, method="letter", outcome="made", purpose="update", notes="Update"
    )
    services.case_step_record(actor=people.officer, case=case.reference, kind="perpetrator.letter-sent", note="First")

    letters = case_file(people.officer, case.reference).letters

    assert [letter.verb for letter in letters] == ["perpetrator.letter-sent", "", "action-plan.sent"]
    assert letters[1].what == "Letter to the complainant: update on the case"
    assert letters[0].note == "First"
    assert letters[2].method == "Letter"


# -- who sees what --------------------------------------------------------------------------------------------


def test_police_disclosures_are_counted_only_for_the_role_that_reads_them(people):
    case = open_case(people.contact_centre, owner=people.officer)
    services.police_disclosure_record(
        actor=people.officer,
        case=case.reference,
        force="Northumbria Police",
        content=POLICE_SECRET,
        received_at=timezone.now() - timedelta(days=1),
    )

    assert case_file(people.operations, case.reference).police_disclosures == 1
    assert case_file(people.officer, case.reference).police_disclosures is None
    assert case_file(people.manager, case.reference).police_disclosures is None


@pytest.mark.parametrize("who", ["outsider", "contact_centre"])
def test_a_case_the_user_may_not_see_is_not_found(people, who):
    case = open_case(people.officer, owner=people.officer)  # logged by the officer, not the contact centre

    with pytest.raises(NotFound):
        case_file(getattr(people, who), case.reference)


def test_the_contact_centre_sees_a_case_it_logged(people):
    case = open_case(people.contact_centre, owner=people.officer)

    assert case_file(people.contact_centre, case.reference).case == case


# -- queries --------------------------------------------------------------------------------------------------


def test_the_case_file_takes_the_same_queries_for_one_record_of_each_kind_as_for_twenty(people):
    small = grow(people, planned_case(people), 1)
    big = grow(people, planned_case(people), 20)

    for_small = queries_for(people.operations, small.reference)
    for_big = queries_for(people.operations, big.reference)

    assert len(case_file(people.operations, big.reference).incidents) == 21
    assert len(for_small) == len(for_big), "\n".join(for_big)
    # The user's roles and teams, the case and its types, one per kind of record, the history.
    assert len(for_big) <= 18
