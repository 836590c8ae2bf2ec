"""Risk matrix scoring: answers in, score, band and a per-question breakdown out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casework.domain.packs.schema import RiskBand, RiskMatrix, RiskQuestion

Answer = str | Sequence[str]


class RiskError(ValueError):
    """Answers that do not fit the matrix: an unknown question or option, or several for a single choice."""


@dataclass(frozen=True)
class QuestionScore:
    question: str
    number: int
    answers: tuple[str, ...]
    score: int


@dataclass(frozen=True)
class RiskResult:
    score: int
    band: str
    band_label: str
    priority: str | None
    breakdown: tuple[QuestionScore, ...]
    unanswered: tuple[int, ...]


def _question(matrix: RiskMatrix, key: str | int) -> RiskQuestion:
    wanted = str(key).strip().casefold()
    for question in matrix.questions:
        if wanted in {question.id.casefold(), str(question.number)}:
            return question
    known = ", ".join(f"{q.number} ({q.id})" for q in matrix.questions)
    raise RiskError(f"unknown risk question {key!r} (questions: {known})")


def _option_score(question: RiskQuestion, label: str) -> tuple[str, int]:
    wanted = label.strip().casefold()
    for option in question.options:
        if option.label.casefold() == wanted:
            return option.label, option.score
    choices = "; ".join(o.label for o in question.options)
    raise RiskError(f"question {question.number} ({question.id}): unknown option {label!r} (options: {choices})")


def band_for(matrix: RiskMatrix, score: int) -> RiskBand:
    for band in matrix.bands:
        if score >= band.min_score and (band.max_score is None or score <= band.max_score):
            return band
    raise RiskError(f"score {score} falls in no band")  # bands are checked to cover every score


def score_risk(matrix: RiskMatrix, answers: Mapping[str | int, Answer]) -> RiskResult:
    """Score answers keyed by question number or id. Unanswered questions score nothing and are listed."""
    breakdown: list[QuestionScore] = []
    answered: set[str] = set()
    for key, given in answers.items():
        question = _question(matrix, key)
        if question.id in answered:
            raise RiskError(f"question {question.number} ({question.id}) is answered twice")
        answered.add(question.id)
        labels = [given] if isinstance(given, str) else list(given)
        if not question.multiple and len(labels) != 1:
            raise RiskError(f"question {question.number} ({question.id}) takes one answer, got {len(labels)}")
        scored = [_option_score(question, label) for label in labels]
        breakdown.append(
            QuestionScore(
                question.id,
                question.number,
                tuple(label for label, _ in scored),
                sum(s for _, s in scored),
            )
        )
    breakdown.sort(key=lambda item: item.number)
    total = sum(item.score for item in breakdown)
    band = band_for(matrix, total)
    unanswered = tuple(q.number for q in matrix.questions if q.id not in answered)
    return RiskResult(total, band.id, band.label, band.priority, tuple(breakdown), unanswered)
