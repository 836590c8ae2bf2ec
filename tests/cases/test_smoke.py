import pytest

from casework.cases import services
from casework.errors import StepBlocked
from tests.factories import report


def test_a_report_becomes_a_case_with_its_first_duties(people):
    case = services.case_open(actor=people.contact_centre, report=report())
    assert case.reference.startswith("ASB-")
    assert case.owner == people.officer
    assert case.obligations.count() > 0


def test_places_for_people_journey(people):
    officer = people.officer
    case = services.case_open(actor=people.contact_centre, report=report())
    services.case_acknowledge(actor=officer, case=case.reference, method="letter")
    services.contact_record(actor=officer, case=case.reference, method="phone", outcome="made")
    with pytest.raises(StepBlocked, match="complete the RAM first"):
        services.action_plan_send(actor=officer, case=case.reference, method="letter")
    from casework.cases.packs import pack_named

    matrix = pack_named("places-for-people").risk_matrix
    answers = {q.id: q.options[-1].label for q in matrix.questions if not q.multiple}
    services.risk_assessment_record(actor=officer, case=case.reference, answers=answers)
    services.action_plan_item_add(
        actor=officer, case=case.reference, for_whom="complainant", action="Keep diary sheets"
    )
    services.action_plan_send(actor=officer, case=case.reference, method="letter")
    intervention = services.intervention_propose(
        actor=officer,
        case=case.reference,
        kind="civil-injunction",
        reason="Repeated",
        proportionality="Necessary",
        preconditions_confirmed=[p.id for p in pack_named("places-for-people").interventions[6].preconditions],
    )
    with pytest.raises(StepBlocked, match="conference"):
        services.intervention_decide(
            actor=people.manager, case=case.reference, intervention_id=intervention.pk, decision="approved", reason="ok"
        )
    from django.utils import timezone

    services.case_conference_hold(
        actor=officer, case=case.reference, held_at=timezone.now(), attendees="Police, officer", summary="Agreed"
    )
    services.intervention_decide(
        actor=people.manager, case=case.reference, intervention_id=intervention.pk, decision="approved", reason="ok"
    )
    case.refresh_from_db()
    assert case.stage == "legal-action"
    services.case_close(actor=officer, case=case.reference, reason="resolved")
    case.refresh_from_db()
    assert case.stage == "closed"
    assert not case.is_open
