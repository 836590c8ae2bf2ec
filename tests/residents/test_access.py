"""What the online service may do for a resident: the link's case, through the ordinary services, only."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseEvent, Incident
from casework.errors import NotAllowed, NotFound
from casework.residents import access, links
from casework.residents.models import LinkPurpose
from tests.factories import another_report
from tests.residents.conftest import party


def test_a_resident_records_a_diary_incident_on_their_own_case_through_the_case_service(resident_case):
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)

    incident = services.incident_record(
        actor=access.acting_for(link),
        case=resident_case.reference,
        occurred_at=timezone.now(),
        description="Music again until 2am.",
        source="diary",
        reported_by_id=link.party_id,
    )

    assert incident.source == "diary"
    assert incident.reported_by_id == link.party_id
    verbs = list(CaseEvent.objects.filter(case=resident_case).values_list("verb", flat=True))
    assert verbs[-2:] == ["incident.reported", "diary.returned"]
    assert CaseEvent.objects.filter(case=resident_case).last().actor.username == access.ONLINE_SERVICE_USERNAME


def test_a_link_gives_nothing_on_any_other_case(resident_case, people):
    other = services.case_open(actor=people.contact_centre, report=another_report())
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)

    with pytest.raises(NotFound):
        services.incident_record(
            actor=access.acting_for(link),
            case=other.reference,
            occurred_at=timezone.now(),
            description="Not mine to add to.",
            source="diary",
        )
    assert not Incident.objects.filter(case=other, source="diary").exists()


def test_a_link_grants_no_staff_step(resident_case):
    link = links.issue(party=party(resident_case, "complainant"), purpose=LinkPurpose.CASE)

    for step in (
        lambda actor: services.case_close(actor=actor, case=resident_case.reference, reason="resolved"),
        lambda actor: services.case_reassign(actor=actor, case=resident_case.reference, owner_id=actor.pk, reason="x"),
        lambda actor: services.police_disclosures_read(actor=actor, case=resident_case.reference),
    ):
        with pytest.raises(NotAllowed):
            step(access.acting_for(link))


def test_the_public_form_may_open_a_case_and_see_none(people):
    case = services.case_open(actor=access.reporting(), report=another_report(channel="web"), open_anyway=True)

    assert case.created_by.username == access.ONLINE_SERVICE_USERNAME
    assert case.owner == people.officer
    with pytest.raises(NotFound):
        services.incident_record(
            actor=access.reporting(), case=case.reference, occurred_at=timezone.now(), description="x", source="web"
        )


def test_nobody_can_sign_in_as_the_online_service(db):
    user = access.online_service()

    assert not user.is_active
    assert not user.has_usable_password()
    assert authenticate(username=access.ONLINE_SERVICE_USERNAME, password="") is None
