"""The risk assessment: the pack's risk matrix as a form, with the score and band shown as it is answered.

With JavaScript, htmx posts the answers to `risk_score` on every change and swaps in the score panel;
without it, "Work out the score" re-renders the page with the answers kept and nothing saved. Either
way the score comes from the domain's own scoring (casework.domain.risk), never worked out here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casework.cases import services
from casework.cases.models import Case, CaseEvent
from casework.domain.packs import PolicyPack
from casework.domain.packs.schema import RiskMatrix
from casework.domain.risk import Answer, RiskError, score_risk
from casework.web.decorators import staff_view
from casework.web.forms.steps_plan import RiskAssessmentForm, answers_so_far
from casework.web.views.common import case_and_pack
from casework.web.views.plan_common import attempt, done, page

DOING = "record a risk assessment"


@dataclass(frozen=True)
class ScoreSoFar:
    """What the score panel shows for the answers given so far."""

    score: int
    band: str
    priority: str | None
    sets_priority: bool
    answered: int
    questions: int
    unanswered: tuple[int, ...]


def score_so_far(matrix: RiskMatrix, pack: PolicyPack, answers: dict[str | int, Answer]) -> ScoreSoFar | None:
    try:
        result = score_risk(matrix, answers)
    except RiskError:
        return None  # answers_so_far keeps only real options, so this would be a pack fault; show no score
    return ScoreSoFar(
        score=result.score,
        band=result.band_label,
        priority=pack.priority_label(result.priority) if result.priority else None,
        sets_priority=matrix.effect == "sets-priority",
        answered=len(matrix.questions) - len(result.unanswered),
        questions=len(matrix.questions),
        unanswered=result.unanswered,
    )


def _previous(case: Case, matrix: RiskMatrix) -> list[dict[str, Any]]:
    bands = {band.id: band.label for band in matrix.bands}
    return [
        {"assessment": assessment, "band": bands.get(assessment.band, assessment.band)}
        for assessment in case.risk_assessments.select_related("assessed_by").order_by("-assessed_at", "-id")
    ]


@staff_view()
def risk(request: HttpRequest, reference: str) -> HttpResponse:
    case, pack = case_and_pack(request, reference, "case.work", DOING)
    matrix = pack.risk_matrix
    if matrix is None:
        return _own_form(request, case, pack)
    given: QueryDict = request.POST if request.method == "POST" else QueryDict()
    answers = answers_so_far(matrix, given)
    if request.method == "POST" and request.POST.get("action") == "score":
        # Only working out the score: show it with the answers kept, and no errors for what is unanswered.
        form = RiskAssessmentForm(matrix, initial={**answers, "version": request.POST.get("version")})
    elif request.method == "POST":
        form = RiskAssessmentForm(matrix, request.POST)
        if form.is_valid():
            assessment = attempt(
                form,
                case,
                lambda: services.risk_assessment_record(
                    actor=request.user,
                    case=case.reference,
                    answers=form.answers(),
                    version=form.cleaned_data["version"],
                ),
            )
            if assessment is not None:
                band = next((b.label for b in matrix.bands if b.id == assessment.band), assessment.band)
                return done(request, f"Risk assessment recorded: score {assessment.score}, {band}", case, "risk")
    else:
        form = RiskAssessmentForm(matrix, initial={"version": case.version})
    return page(
        request,
        "web/steps/plan/risk.html",
        case=case,
        pack=pack,
        title="Risk assessment",
        forms=[form],
        form=form,
        matrix=matrix,
        score=score_so_far(matrix, pack, answers),
        previous=_previous(case, matrix),
    )


@require_POST
@staff_view()
def risk_score(request: HttpRequest, reference: str) -> HttpResponse:
    """The score panel alone, for htmx to swap in as the officer answers."""
    case, pack = case_and_pack(request, reference, "case.work", DOING)
    matrix = pack.risk_matrix
    score = score_so_far(matrix, pack, answers_so_far(matrix, request.POST)) if matrix is not None else None
    return render(request, "web/steps/plan/_risk_score.html", {"score": score, "case": case})


def _own_form(request: HttpRequest, case: Case, pack: PolicyPack) -> HttpResponse:
    """Packs with no scored matrix: the organisation assesses risk on its own form, recorded as a step."""
    recorded = CaseEvent.objects.filter(case=case, verb="risk.assessed").select_related("actor").order_by("-at", "-id")
    return page(
        request,
        "web/steps/plan/risk_own_form.html",
        case=case,
        pack=pack,
        title="Risk assessment",
        record_url=reverse("web:step", args=[case.reference, "risk.assessed"]),
        recorded=list(recorded),
    )
