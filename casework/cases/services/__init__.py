"""Writes: one function per step a user takes on a case (STYLE.md, "Services and selectors").

Each is keyword-only, takes the acting user, runs in one transaction, appends its CaseEvent and
re-derives the case's stage and obligations before it commits. A step the pack's path forbids raises
`StepBlocked` naming every unmet condition, and nothing is written.
"""

from casework.cases.services.changes import case_priority_change, case_reassign, case_types_change
from casework.cases.services.closure import case_close, case_closure_agree, case_closure_propose, case_reopen
from casework.cases.services.feedback import case_review_decide, case_review_request, survey_record
from casework.cases.services.intake import ReportInput, case_add_report, case_link, case_open, enquiry_record
from casework.cases.services.interventions import intervention_decide, intervention_propose, intervention_start
from casework.cases.services.letters import letter_send
from casework.cases.services.police import police_disclosure_record, police_disclosures_read
from casework.cases.services.records import (
    action_plan_item_add,
    action_plan_item_complete,
    action_plan_send,
    advocate_nominate,
    case_acknowledge,
    case_conference_hold,
    case_step_record,
    contact_record,
    evidence_add,
    incident_record,
    party_add,
    review_hold,
)
from casework.cases.services.risk import risk_assessment_record

__all__ = [
    "ReportInput",
    "action_plan_item_add",
    "action_plan_item_complete",
    "action_plan_send",
    "advocate_nominate",
    "case_acknowledge",
    "case_add_report",
    "case_close",
    "case_closure_agree",
    "case_closure_propose",
    "case_conference_hold",
    "case_link",
    "case_open",
    "case_priority_change",
    "case_reassign",
    "case_reopen",
    "case_review_decide",
    "case_review_request",
    "case_step_record",
    "case_types_change",
    "contact_record",
    "enquiry_record",
    "evidence_add",
    "incident_record",
    "intervention_decide",
    "intervention_propose",
    "intervention_start",
    "letter_send",
    "party_add",
    "police_disclosure_record",
    "police_disclosures_read",
    "review_hold",
    "risk_assessment_record",
    "survey_record",
]
