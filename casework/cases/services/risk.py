"""Risk assessment: score the pack's risk matrix, keep every assessment, and let the band set priority."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from casework.cases.engine import Replay
from casework.cases.models import Case, RiskAssessment
from casework.cases.services.base import locked_case, step, when
from casework.domain.risk import Answer, RiskError, score_risk
from casework.errors import InvalidInput


@transaction.atomic
def risk_assessment_record(
    *,
    actor: Any,
    case: Case | str,
    answers: Mapping[str | int, Answer],
    at: datetime | None = None,
    version: int | None = None,
) -> RiskAssessment:
    """Score and keep a (re)assessment. Where the pack's matrix sets priority, the band's priority is
    recorded as a priority change, except that a hate-related case stays at the most urgent priority."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record a risk assessment", version=version)
    replay = Replay(case)
    matrix = replay.pack.risk_matrix
    if matrix is None:
        raise InvalidInput(f"{replay.pack.pack.name} has no risk matrix to answer", fields={"answers": "no matrix"})
    if not answers:
        raise InvalidInput("answer the risk assessment questions", fields={"answers": "required"})
    try:
        result = score_risk(matrix, answers)
    except RiskError as error:
        raise InvalidInput(f"risk assessment: {error}", fields={"answers": str(error)}) from None
    moment = when(at, case)
    assessment = RiskAssessment.objects.create(
        case=case,
        answers=answers,
        breakdown=[
            {"question": q.question, "number": q.number, "answers": list(q.answers), "score": q.score}
            for q in result.breakdown
        ],
        score=result.score,
        band=result.band,
        assessed_at=moment,
        assessed_by=actor,
    )
    case.risk_band = result.band
    extra = []
    if (
        matrix.effect == "sets-priority"
        and result.priority
        and not case.hate_related
        and result.priority != replay.priority
    ):
        extra.append(
            (
                "priority.changed",
                {"priority": result.priority, "reason": f"risk assessment: {result.band_label} ({result.score})"},
            )
        )
    step(
        case,
        actor=actor,
        verb="risk.assessed",
        at=moment,
        target=assessment,
        payload={"score": result.score, "band": result.band, "unanswered": list(result.unanswered)},
        extra=extra,
        replay=replay,
    )
    return assessment
