"""The engine stores when a case first had a risk assessment and an action plan, for the open-cases report."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseEvent
from tests.cases.helpers import open_case, ram_answers, reload


def test_the_first_risk_assessment_and_action_plan_are_stored_from_the_events(people):
    case = open_case(people.contact_centre, owner=people.officer, received_at=timezone.now() - timedelta(hours=2))
    assert case.first_risk_assessment_at is None
    assert case.first_action_plan_at is None

    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers())
    services.risk_assessment_record(actor=people.officer, case=case.reference, answers=ram_answers("lowest"))
    services.action_plan_item_add(actor=people.officer, case=case.reference, for_whom="landlord", action="Visit")

    case = reload(case)
    first_risk = CaseEvent.objects.filter(case=case, verb="risk.assessed").order_by("at").first()
    plan = CaseEvent.objects.get(case=case, verb="action-plan.item-added")
    assert case.first_risk_assessment_at == first_risk.at
    assert case.first_action_plan_at == plan.at
