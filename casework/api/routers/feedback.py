"""What complainants tell us: closure survey answers (the regulator's TP12) and ASB Case Review requests with
their outcome. The schemas live here: nothing else in the API uses them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from casework.api.auth import actor
from casework.api.capabilities import needs, seen_case
from casework.api.pagination import Page, PageParams, page_of
from casework.api.render import Created, created, record_written
from casework.api.schemas.common import LongText, Moment, Reference, StaffRef, Text30, VersionIn, Written
from casework.cases import services
from casework.cases.models import CaseReviewRequest, SurveyResponse

router = Router(tags=["survey and case review"])

# -- schemas ---------------------------------------------------------------------------------------------------


class SurveyResponseIn(VersionIn):
    satisfaction: Text30 = Field(
        description="very-satisfied, fairly-satisfied, neither, fairly-dissatisfied, very-dissatisfied"
    )
    source: Text30 = Field(description="paper, phone, online, email")
    comments: LongText = ""
    received_at: Moment | None = Field(None, description="When the answer came in; now if left out")
    party_id: int | None = Field(None, description="The complainant who answered, if known")


class SurveyResponseOut(Schema):
    id: int
    party_id: int | None
    satisfaction: str
    source: str
    comments: str
    received_at: datetime
    recorded_at: datetime
    recorded_by: StaffRef | None


class SurveyResponseWritten(Schema):
    case: Written
    survey_response: SurveyResponseOut


class CaseReviewRequestIn(VersionIn):
    requested_at: Moment | None = Field(None, description="When they asked; now if left out")
    party_id: int | None = Field(None, description="The complainant or advocate who asked, if recorded")
    high_risk: bool = Field(False, description="The officer judges the case high risk (where the pack lets that count)")


class CaseReviewDecisionIn(VersionIn):
    outcome: Text30 = Field(description="threshold-not-met, review-held, review-held-no-change, withdrawn")
    notes: LongText = Field(description="Why, and what was recommended")
    decided_at: Moment | None = Field(None, description="When it was decided; now if left out")


class CaseReviewRequestOut(Schema):
    id: int
    party_id: int | None
    requested_at: datetime
    threshold_met: bool = Field(description="Whether the pack's threshold was met when the request came in")
    threshold_reason: str
    outcome: str = Field(description="received (not yet decided), or the decision")
    outcome_notes: str
    decided_at: datetime | None
    recorded_by: StaffRef | None


class CaseReviewRequestWritten(Schema):
    case: Written
    case_review_request: CaseReviewRequestOut


# -- endpoints -------------------------------------------------------------------------------------------------


@router.get("/cases/{reference}/survey-responses", response=Page[SurveyResponseOut])
@needs("case.view", "see cases")
def survey_responses(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    """Answers to the closure survey, newest first."""
    found = SurveyResponse.objects.filter(case=seen_case(request)).select_related("recorded_by")
    return page_of(found.order_by("-received_at", "-id"), paging)


@router.post("/cases/{reference}/survey-responses", response={201: SurveyResponseWritten})
@needs("case.work", "record a survey response")
def survey_record(request: HttpRequest, reference: Reference, given: SurveyResponseIn) -> Created:
    """Record a complainant's answer to the closure survey: only on a closed case, received after it closed."""
    response = services.survey_record(actor=actor(request), case=reference, **given.dict())
    return created(record_written("survey_response", response))


@router.get("/cases/{reference}/case-review-requests", response=Page[CaseReviewRequestOut])
@needs("case.view", "see cases")
def case_review_requests(request: HttpRequest, reference: Reference, paging: Query[PageParams]) -> dict[str, Any]:
    """Requests for an ASB Case Review with their outcome, newest first."""
    found = CaseReviewRequest.objects.filter(case=seen_case(request)).select_related("recorded_by")
    return page_of(found.order_by("-requested_at", "-id"), paging)


@router.post("/cases/{reference}/case-review-requests", response={201: CaseReviewRequestWritten})
@needs("case.work", "record an ASB Case Review request")
def case_review_request(request: HttpRequest, reference: Reference, given: CaseReviewRequestIn) -> Created:
    """Record a request for an ASB Case Review, with whether the pack's threshold is met when it came in."""
    review = services.case_review_request(actor=actor(request), case=reference, **given.dict())
    return created(record_written("case_review_request", review))


@router.post("/cases/{reference}/case-review-requests/{request_id}/outcome", response=CaseReviewRequestWritten)
@needs("case-review.decide", "record the outcome of an ASB Case Review request")
def case_review_decide(
    request: HttpRequest, reference: Reference, request_id: int, given: CaseReviewDecisionIn
) -> dict[str, Any]:
    """Record what came of a request, once."""
    review = services.case_review_decide(actor=actor(request), case=reference, request_id=request_id, **given.dict())
    return record_written("case_review_request", review)
