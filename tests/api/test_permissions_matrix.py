"""Role by endpoint: every operation names a capability, and each of the six roles gets what it holds.

For each role, a case in that role's sight (logged by the contact centre, on the North team, so all six
see it) is worked through every endpoint in the OpenAPI schema, in the order of `REQUESTS` (reads, then
writes, then closure and reopening). A role without the endpoint's capability gets 403; a role with it
gets neither 401 nor 403 (a 409 or 422 because of where the case has got to is fine). Nothing is a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.accounts.models import Organisation
from casework.accounts.roles import StaffRole
from casework.api.api import api as casework_api
from casework.api.capabilities import CAPABILITY_KEY
from casework.cases import services
from casework.cases.permissions import CAPABILITIES
from casework.cases.services.intake import PartyInput, PersonInput
from tests.api.client import Api, report_body
from tests.factories import report

ROLES = {
    StaffRole.CONTACT_CENTRE: "contact_centre",
    StaffRole.HOUSING_OFFICER: "officer",
    StaffRole.TENANCY_ENFORCEMENT_MANAGER: "enforcement",
    StaffRole.HOUSING_MANAGER: "manager",
    StaffRole.OPERATIONS_MANAGER: "operations",
    StaffRole.ADMINISTRATOR: "admin",
}

Request = Callable[[SimpleNamespace], tuple[str, str, Any]]

#: One valid request per operation id. A new endpoint fails the test until it has a line here.
REQUESTS: dict[str, Request] = {
    # reads
    "pack": lambda c: ("get", "/pack", None),
    "staff": lambda c: ("get", "/staff", None),
    "my_work": lambda c: ("get", "/my-work", None),
    "cases": lambda c: ("get", "/cases", {"status": "open"}),
    "case": lambda c: ("get", f"/cases/{c.ref}", None),
    "timeline": lambda c: ("get", f"/cases/{c.ref}/timeline", None),
    "obligations": lambda c: ("get", f"/cases/{c.ref}/obligations", None),
    "parties": lambda c: ("get", f"/cases/{c.ref}/parties", None),
    "incidents": lambda c: ("get", f"/cases/{c.ref}/incidents", None),
    "evidence": lambda c: ("get", f"/cases/{c.ref}/evidence", None),
    "evidence_file": lambda c: ("get", f"/cases/{c.ref}/evidence/{c.evidence_id}/file", None),
    "risk_assessments": lambda c: ("get", f"/cases/{c.ref}/risk-assessments", None),
    "contacts": lambda c: ("get", f"/cases/{c.ref}/contacts", None),
    "conferences": lambda c: ("get", f"/cases/{c.ref}/conferences", None),
    "reviews": lambda c: ("get", f"/cases/{c.ref}/reviews", None),
    "action_plan": lambda c: ("get", f"/cases/{c.ref}/action-plan", None),
    "interventions": lambda c: ("get", f"/cases/{c.ref}/interventions", None),
    "police_disclosures_read": lambda c: ("get", f"/cases/{c.ref}/police-disclosures", None),
    "perpetrator_summary": lambda c: ("get", f"/cases/{c.ref}/parties/{c.perpetrator_id}/perpetrator-summary", None),
    "letters": lambda c: ("get", f"/cases/{c.ref}/letters", None),
    "letter_pdf": lambda c: ("get", f"/cases/{c.ref}/letters/{c.letter_id}/pdf", None),
    "letter_docx": lambda c: ("get", f"/cases/{c.ref}/letters/{c.letter_id}/docx", None),
    "letter_preview": lambda c: ("post", f"/cases/{c.ref}/letters/preview", {"kind": "acknowledgement"}),
    "survey_responses": lambda c: ("get", f"/cases/{c.ref}/survey-responses", None),
    "case_review_requests": lambda c: ("get", f"/cases/{c.ref}/case-review-requests", None),
    # intake
    "triage": lambda c: ("post", "/reports/triage", report_body()),
    "duplicates": lambda c: ("post", "/reports/duplicates", {"names": ["Sam Sample"]}),
    "case_open": lambda c: ("post", "/cases", report_body()),
    "case_add_report": lambda c: ("post", f"/cases/{c.ref}/reports", report_body(summary="It happened again")),
    # work on the case
    "case_acknowledge": lambda c: ("post", f"/cases/{c.ref}/acknowledgement", {"method": "letter"}),
    "contact_record": lambda c: ("post", f"/cases/{c.ref}/contacts", {"method": "phone", "outcome": "made"}),
    "case_step_record": lambda c: ("post", f"/cases/{c.ref}/steps", {"kind": "diary.sent"}),
    "letter_send": lambda c: ("post", f"/cases/{c.ref}/letters", {"kind": "diary-sheet", "method": "hand"}),
    "party_add": lambda c: (
        "post",
        f"/cases/{c.ref}/parties",
        {"party": {"person": {"name": "Wendy Witness"}, "role": "witness"}},
    ),
    "advocate_nominate": lambda c: (
        "post",
        f"/cases/{c.ref}/parties/{c.complainant_id}/advocate",
        {"advocate_id": c.advocate_id, "resident_asked": True},
    ),
    "incident_record": lambda c: (
        "post",
        f"/cases/{c.ref}/incidents",
        {"occurred_at": "2026-01-05T22:00:00+00:00", "description": "Music until 2am", "source": "diary"},
    ),
    "evidence_add": lambda c: (
        "upload",
        f"/cases/{c.ref}/evidence",
        {"file": SimpleUploadedFile("diary.txt", b"Music until 2am\n", content_type="text/plain")},
    ),
    "risk_assessment_record": lambda c: (
        "post",
        f"/cases/{c.ref}/risk-assessments",
        {"answers": {"1": "Only occasionally"}},
    ),
    "action_plan_item_add": lambda c: (
        "post",
        f"/cases/{c.ref}/action-plan",
        {"for_whom": "landlord", "action": "Visit the flat above"},
    ),
    "action_plan_item_complete": lambda c: ("post", f"/cases/{c.ref}/action-plan/{c.item_id}/done", {}),
    "action_plan_send": lambda c: ("post", f"/cases/{c.ref}/action-plan/sent", {"method": "letter"}),
    "intervention_propose": lambda c: (
        "post",
        f"/cases/{c.ref}/interventions",
        {"kind": "mediation", "reason": "Both sides willing"},
    ),
    "intervention_decide": lambda c: (
        "post",
        f"/cases/{c.ref}/interventions/{c.intervention_id}/decision",
        {"decision": "approved", "reason": "Proportionate"},
    ),
    "intervention_start": lambda c: ("post", f"/cases/{c.ref}/interventions/{c.intervention_id}/start", {}),
    "case_conference_hold": lambda c: (
        "post",
        f"/cases/{c.ref}/conferences",
        {"held_at": c.now, "attendees": "Police, officer", "summary": "Next steps agreed"},
    ),
    "review_hold": lambda c: ("post", f"/cases/{c.ref}/reviews", {"kind": "review", "notes": "On track"}),
    "police_disclosure_record": lambda c: (
        "post",
        f"/cases/{c.ref}/police-disclosures",
        {"force": "Example Police", "content": "Known to police", "received_at": c.now},
    ),
    "case_priority_change": lambda c: (
        "post",
        f"/cases/{c.ref}/priority",
        {"priority": "high", "reason": "Threats made"},
    ),
    "case_types_change": lambda c: (
        "post",
        f"/cases/{c.ref}/types",
        {"types": ["noise-nuisance", "drug-dealing"], "reason": "Dealing seen"},
    ),
    "case_reassign": lambda c: ("post", f"/cases/{c.ref}/owner", {"owner_id": c.colleague_id, "reason": "Leave"}),
    "case_link": lambda c: ("post", f"/cases/{c.ref}/links", {"other": c.other_ref, "kind": "related"}),
    # the case is open: the survey is refused (409) to those who may record it, and 403 to the rest
    "survey_record": lambda c: (
        "post",
        f"/cases/{c.ref}/survey-responses",
        {"satisfaction": "very-satisfied", "source": "phone"},
    ),
    "case_review_request": lambda c: ("post", f"/cases/{c.ref}/case-review-requests", {}),
    "case_review_decide": lambda c: (
        "post",
        f"/cases/{c.ref}/case-review-requests/{c.review_id}/outcome",
        {"outcome": "review-held", "notes": "Mediation recommended"},
    ),
    # closing and reopening, last
    "case_closure_propose": lambda c: ("post", f"/cases/{c.ref}/closure/proposal", {"reason": "resolved"}),
    "case_closure_agree": lambda c: ("post", f"/cases/{c.ref}/closure/agreement", {}),
    "case_close": lambda c: ("post", f"/cases/{c.ref}/closure", {"reason": "resolved"}),
    "case_reopen": lambda c: ("post", f"/cases/{c.ref}/reopening", {"reason": "It started again"}),
}

#: Adding a repeat report is open to intake staff on any open case (duplicates found at intake are often
#: cases they may not open), so it is the one case-scoped endpoint that does not need the case in sight.
OPEN_TO_INTAKE = {"case_add_report"}


def operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(operation id, method, path, operation) for every operation in the OpenAPI schema."""
    schema = casework_api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (operation["operationId"], method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_operation_names_a_capability_and_has_a_request_in_this_test():
    found = operations()
    assert len(found) >= 45
    undeclared = [op_id for op_id, _, _, operation in found if operation.get(CAPABILITY_KEY) not in CAPABILITIES]
    assert undeclared == [], f"operations without a capability from CAPABILITIES: {undeclared}"
    assert sorted(op_id for op_id, *_ in found) == sorted(REQUESTS), "REQUESTS must cover exactly the operations"


def case_in_sight(people) -> SimpleNamespace:
    """A case logged by the contact centre (so every role sees it) with one of each record to act on."""
    from django.utils import timezone

    mine = people.officer.pk
    case = services.case_open(actor=people.contact_centre, report=report(owner_id=mine), open_anyway=True)
    other = services.case_open(
        actor=people.contact_centre, report=report(summary="Shouting", owner_id=mine), open_anyway=True
    )
    officer = people.officer
    complainant, perpetrator = case.parties.order_by("id")
    advocate = services.party_add(
        actor=officer, case=case, party=PartyInput(person=PersonInput(name="Ada Advocate"), role="advocate")
    )
    item = services.action_plan_item_add(actor=officer, case=case, for_whom="complainant", action="Keep a diary")
    warning = services.intervention_propose(actor=officer, case=case, kind="written-warning", reason="Noise")
    evidence = services.evidence_add(
        actor=officer, case=case, name="note.txt", content=b"A note\n", content_type="text/plain"
    )
    services.police_disclosure_record(
        actor=officer, case=case, force="Example Police", content="Known to police", received_at=timezone.now()
    )
    # Letters print the organisation's phone and email: a sent letter to download.
    Organisation.objects.update(letterhead_phone="0300 123 4567", letterhead_email="asb@example-homes.org")
    letter = services.letter_send(
        actor=officer, case=case, kind="acknowledgement", recipient_id=None, inputs={}, method="hand"
    )
    review = services.case_review_request(actor=officer, case=case, party_id=complainant.pk)
    return SimpleNamespace(
        ref=case.reference,
        other_ref=other.reference,
        complainant_id=complainant.pk,
        perpetrator_id=perpetrator.pk,
        advocate_id=advocate.pk,
        item_id=item.pk,
        intervention_id=warning.pk,
        evidence_id=evidence.pk,
        letter_id=letter.pk,
        review_id=review.pk,
        colleague_id=people.colleague.pk,
        now=timezone.now().isoformat(),
    )


def send(client: Api, method: str, path: str, body: Any) -> Any:
    if method == "get":
        return client.get(path, **(body or {}))
    if method == "upload":
        return client.upload(path, body)
    return client.post(path, body)


@pytest.mark.parametrize("role", list(ROLES), ids=[r.value for r in ROLES])
def test_each_role_gets_exactly_the_endpoints_its_capabilities_allow(people, role):
    user = getattr(people, ROLES[role])
    client = Api(user)
    context = case_in_sight(people)
    capability_of = {op_id: operation[CAPABILITY_KEY] for op_id, _, _, operation in operations()}
    wrong = []
    for op_id, request in REQUESTS.items():
        method, path, body = request(context)
        response = send(client, method, path, body)
        holds = role in CAPABILITIES[capability_of[op_id]]
        status = response.status_code
        if status >= 500 or (holds and status in {401, 403}) or (not holds and status != 403):
            wrong.append(
                f"{op_id} ({capability_of[op_id]}, {'held' if holds else 'not held'}): {status} "
                f"{response.content[:300]!r}"
            )
    assert wrong == [], f"{role.value}:\n" + "\n".join(wrong)


def test_an_officer_in_another_team_finds_no_case_at_all(people):
    outsider = Api(people.outsider)
    context = case_in_sight(people)
    missing = SimpleNamespace(**{**vars(context), "ref": "ASB-1999-999999"})
    case_scoped = [op_id for op_id, _, path, _ in operations() if "{reference}" in path and op_id not in OPEN_TO_INTAKE]
    assert len(case_scoped) >= 40
    for op_id in case_scoped:
        hidden = send(outsider, *REQUESTS[op_id](context))
        absent = send(outsider, *REQUESTS[op_id](missing))
        error = Api.error(hidden, 404)
        assert error == {**Api.error(absent, 404), "message": f"no case {context.ref}"}, op_id
