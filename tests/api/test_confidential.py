"""Police disclosures (read by the named role only, every read logged) and the perpetrator summary."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.cases import services
from casework.cases.models import CaseEvent
from tests.api.client import Api
from tests.factories import report


def test_police_disclosures_are_recorded_by_caseworkers_and_read_only_by_operations_managers(people):
    case = services.case_open(actor=people.contact_centre, report=report())
    officer, operations, manager = Api(people.officer), Api(people.operations), Api(people.manager)
    path = f"/cases/{case.reference}/police-disclosures"

    recorded = officer.ok(
        officer.post(path, {"force": "Example Police", "content": "Known for violence", "received_at": timezone.now()}),
        201,
    )
    assert "content" not in recorded["police_disclosure"]
    assert recorded["case"]["version"] == case.version + 1

    assert Api.error(manager.get(path), 403)["code"] == "forbidden"
    assert Api.error(officer.get(path), 403)["code"] == "forbidden"
    read = operations.ok(operations.get(path))
    assert [d["content"] for d in read] == ["Known for violence"]
    assert read[0]["recorded_by"]["id"] == people.officer.pk
    operations.ok(operations.get(path))
    reads = CaseEvent.objects.filter(case=case, verb="police-disclosure.read")
    assert [event.actor for event in reads] == [people.operations, people.operations]

    timeline = operations.ok(operations.get(f"/cases/{case.reference}/timeline", page_size=100))["items"]
    assert "Known for violence" not in str(timeline)


def test_the_perpetrator_summary_never_names_the_complainant(people):
    pytest.importorskip("casework.cases.disclosure")
    case = services.case_open(
        actor=people.contact_centre, report=report(summary="Alex Example says Sam Sample plays music at 3am")
    )
    complainant, perpetrator = case.parties.order_by("id")
    officer = Api(people.officer)
    path = f"/cases/{case.reference}/parties/{perpetrator.pk}/perpetrator-summary"

    summary = officer.ok(officer.get(path))
    assert summary["reference"] == case.reference
    assert "Alex" not in str(summary)
    assert "07700 900001" not in str(summary)
    not_a_perpetrator = Api.error(
        officer.get(f"/cases/{case.reference}/parties/{complainant.pk}/perpetrator-summary"), 422
    )
    assert not_a_perpetrator["code"] == "invalid"
    Api.error(Api(people.contact_centre).get(path), 403)
    Api.error(Api(people.outsider).get(path), 404)
