"""What complainants tell us about the service: a closure survey answer (TP12), a request for an ASB Case
Review (with whether the pack's threshold is met, shown before it is saved) and, for managers, its outcome.

Each page is a form over one service (casework/cases/services/feedback.py), which decides what may be
recorded; its refusal is shown beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from casework.cases import services
from casework.cases.choices import CaseReviewOutcome, PartyRole
from casework.cases.engine import today
from casework.cases.models import CaseReviewRequest, Party
from casework.cases.services.feedback import REQUESTED_BY, case_review_check, threshold_in_words
from casework.errors import NotFound
from casework.web.forms import feedback as forms
from casework.web.forms.steps_records import CaseStepForm
from casework.web.views.records_common import CaseStepView
from casework.web.views.steps_records import page

TEMPLATES = "web/feedback/"


class SurveyRecord(CaseStepView):
    """A complainant's answer to the closure survey. On an open case the page says why there is no form."""

    form_class = forms.SurveyForm
    template_name = TEMPLATES + "survey.html"
    heading = "Record a survey response"
    section = "survey"
    doing = "record a survey response"

    def complainants(self) -> list[Party]:
        return list(
            Party.objects.filter(case=self.case, role=PartyRole.COMPLAINANT).select_related("person").order_by("id")
        )

    def form_kwargs(self) -> dict[str, Any]:
        return {"complainants": self.complainants()}

    def initial(self) -> dict[str, Any]:
        complainants = self.complainants()
        return {"party": str(complainants[0].pk)} if len(complainants) == 1 else {}

    def record(self, form: forms.SurveyForm) -> str:
        response = services.survey_record(
            actor=self.request.user,
            case=self.case.reference,
            version=form.cleaned_data["version"],
            **form.service_values(),
        )
        return f"Survey response recorded: {response.get_satisfaction_display().lower()}"


class CaseReviewRequestRecord(CaseStepView):
    """A request for an ASB Case Review: whether the pack's threshold is met now is shown before saving."""

    form_class = forms.CaseReviewRequestForm
    template_name = TEMPLATES + "case_review.html"
    heading = "Record an ASB Case Review request"
    section = "case-review"
    doing = "record an ASB Case Review request"

    def form_kwargs(self) -> dict[str, Any]:
        requesters = Party.objects.filter(case=self.case, role__in=REQUESTED_BY).select_related("person")
        threshold = self.pack.case_review
        return {
            "requesters": requesters.order_by("id"),
            "high_risk_counts": threshold is not None and threshold.high_risk_override,
        }

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {
            "threshold": threshold_in_words(self.pack),
            "has_threshold": self.pack.case_review is not None,
            # As of today, high risk only by the risk matrix: the officer's own judgement is asked on the form.
            "now": case_review_check(self.case, as_of=today()),
            "asks_high_risk": "high_risk" in form.fields,
        }

    def record(self, form: forms.CaseReviewRequestForm) -> str:
        request = services.case_review_request(
            actor=self.request.user,
            case=self.case.reference,
            version=form.cleaned_data["version"],
            **form.service_values(),
        )
        met = "the threshold is met" if request.threshold_met else "the threshold is not met"
        return f"ASB Case Review request recorded: {met}"


class CaseReviewDecide(CaseStepView):
    """A manager records what came of a request, once."""

    form_class = forms.CaseReviewDecideForm
    template_name = TEMPLATES + "case_review_decide.html"
    heading = "Record the outcome of an ASB Case Review request"
    section = "case-review"
    capability = "case-review.decide"
    doing = "record the outcome of an ASB Case Review request"

    review: CaseReviewRequest

    def load(self, **kwargs: Any) -> None:
        found = (
            CaseReviewRequest.objects.filter(case=self.case, pk=kwargs["request_id"])
            .select_related("party__person", "recorded_by")
            .first()
        )
        if found is None:
            raise NotFound(f"no ASB Case Review request {kwargs['request_id']} on case {self.case.reference}")
        self.review = found

    def context(self, form: CaseStepForm) -> dict[str, Any]:
        return {"review": self.review, "decided": self.review.outcome != CaseReviewOutcome.RECEIVED}

    def record(self, form: forms.CaseReviewDecideForm) -> str:
        data = form.cleaned_data
        decided = services.case_review_decide(
            actor=self.request.user,
            case=self.case.reference,
            request_id=self.review.pk,
            outcome=data["outcome"],
            notes=data["notes"],
            decided_at=data["decided_at"],
            version=data["version"],
        )
        return f"ASB Case Review outcome recorded: {decided.get_outcome_display().lower()}"


urlpatterns = [
    path("survey", page(SurveyRecord), name="survey"),
    path("case-review", page(CaseReviewRequestRecord), name="case-review"),
    path("case-review/<int:request_id>/outcome", page(CaseReviewDecide), name="case-review-decide"),
]
