"""The scenario simulator: "what happens to this case under this pack?", answered without a database.

A scenario is plain JSON (docs/policy-packs.md, "Simulating a scenario"); the answer is the triage,
risk score, every obligation with its due date and status, the stage, the next steps and ASB Case
Review eligibility, as of a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from casework.domain.calendar import CalendarError, WorkingDayCalendar, calendar_for
from casework.domain.case_review import case_review_eligibility
from casework.domain.events import CaseEvent, as_london, end_of_day
from casework.domain.obligations import CaseFacts, CaseTimeline, ObligationStatus, obligations_for
from casework.domain.packs.schema import PolicyPack
from casework.domain.path import NextStep, current_stage, next_steps
from casework.domain.risk import RiskError, RiskResult, score_risk
from casework.domain.triage import Report, TriageError, TriageResult, triage


class ScenarioError(ValueError):
    """A scenario that cannot be run; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioReport(_Strict):
    types: list[str] = Field(min_length=1)
    hate_related: bool = False
    channel: str | None = None


class ScenarioRisk(_Strict):
    answers: dict[str | int, str | list[str]]


class ScenarioEvent(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    kind: str
    at: datetime

    @field_validator("at")
    @classmethod
    def _london(cls, value: datetime) -> datetime:
        return as_london(value)


class Scenario(_Strict):
    received: datetime
    report: ScenarioReport
    priority: str | None = None
    risk: ScenarioRisk | None = None
    high_risk: bool = False
    events: list[ScenarioEvent] = Field(default_factory=list)

    @field_validator("received")
    @classmethod
    def _london(cls, value: datetime) -> datetime:
        return as_london(value)


def parse_scenario(data: Any) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "scenario"
        raise ScenarioError(f"{where}: {first['msg']}") from None


@dataclass(frozen=True)
class Simulation:
    pack: PolicyPack
    as_of: date
    triage: TriageResult
    risk: RiskResult | None
    priority: str | None
    obligations: list[ObligationStatus]
    stage: str
    next_steps: list[NextStep]
    case_review_eligible: bool
    case_review_reason: str
    events: list[CaseEvent]


def simulate(pack: PolicyPack, scenario: Scenario, as_of: date | None = None) -> Simulation:
    """Run a scenario. `as_of` defaults to the day of the last event (or the report)."""
    events = _events(pack, scenario)
    as_of = as_of or max(e.local_date for e in events)
    try:
        triaged = triage(
            Report(scenario.report.types, scenario.report.hate_related, scenario.report.channel),
            pack,
            officer_priority=scenario.priority,
        )
    except TriageError as error:
        field = "priority" if error.field == "priority" else "report.types"
        raise ScenarioError(f"{field}: {error}") from None
    risk = _risk(pack, scenario)
    priority = triaged.priority
    if risk is not None and risk.priority and pack.risk_matrix and pack.risk_matrix.effect == "sets-priority":
        # The matrix sets the priority, except that hate-related reports are always the most urgent.
        priority = pack.most_urgent_priority if triaged.hate_related else risk.priority
    calendar = calendar_for(pack.pack.nation, tuple(pack.pack.closure_days))
    _check_covered(calendar, events, as_of)
    owner = triaged.owner_role or pack.default_owner_role
    facts = CaseFacts(types=triaged.types, priority=priority, owner_role=owner)
    obligations = obligations_for(pack, calendar, facts, events, as_of) if triaged.is_asb else []
    known = [e for e in events if e.local_date <= as_of]
    timeline = CaseTimeline(facts, known)
    priority_now = timeline.at(end_of_day(as_of))[0]
    stage = current_stage(pack, known, lambda event: timeline.at(event.at)[0])
    # High risk is the officer's judgement, or the top band of the pack's risk matrix: never merely the
    # most urgent response priority, which answers "how fast", not "how much harm".
    high_risk = scenario.high_risk or (
        risk is not None
        and pack.risk_matrix is not None
        and risk.band == max(pack.risk_matrix.bands, key=lambda b: b.min_score).id
    )
    review = case_review_eligibility(pack, calendar, known, as_of, high_risk=high_risk)
    return Simulation(
        pack=pack,
        as_of=as_of,
        triage=triaged,
        risk=risk,
        priority=priority_now,
        obligations=obligations,
        stage=stage,
        next_steps=next_steps(pack, stage, known, priority_now) if triaged.is_asb else [],
        case_review_eligible=review.eligible,
        case_review_reason=review.reason,
        events=known,
    )


def _events(pack: PolicyPack, scenario: Scenario) -> list[CaseEvent]:
    events = [CaseEvent("case.opened", scenario.received)]
    known = pack.event_kinds  # a property that builds its set: once per scenario, not once per event
    for index, given in enumerate(scenario.events):
        if given.kind not in known:
            raise ScenarioError(f"events.{index}.kind: unknown event kind {given.kind!r} for pack {pack.id!r}")
        if given.at < scenario.received:
            raise ScenarioError(f"events.{index}.at: {given.at.isoformat()} is before the report was received")
        details = dict((given.model_extra or {}).items())
        if given.kind == "priority.changed" and details.get("priority") not in {p.id for p in pack.priorities}:
            raise ScenarioError(f"events.{index}.priority: priority.changed needs one of the pack's priorities")
        if given.kind == "owner.changed" and details.get("role") not in {r.id for r in pack.roles}:
            raise ScenarioError(f"events.{index}.role: owner.changed needs one of the pack's roles")
        events.append(CaseEvent(given.kind, given.at, details))
    return sorted(events, key=lambda e: e.at)


def _risk(pack: PolicyPack, scenario: Scenario) -> RiskResult | None:
    if scenario.risk is None:
        return None
    if pack.risk_matrix is None:
        raise ScenarioError(f"risk: the pack {pack.id!r} has no risk matrix")
    try:
        return score_risk(pack.risk_matrix, scenario.risk.answers)
    except RiskError as error:
        raise ScenarioError(f"risk.answers: {error}") from None


def _check_covered(calendar: WorkingDayCalendar, events: list[CaseEvent], as_of: date) -> None:
    try:
        for day in (*(e.local_date for e in events), as_of):
            calendar.is_working_day(day)
    except CalendarError as error:
        raise ScenarioError(f"received: {error}") from None


# -- output ----------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_json(result: Simulation) -> dict[str, Any]:
    """The `casework simulate --json` document."""
    triaged = result.triage
    return {
        "pack": {"id": result.pack.id, "version": result.pack.version},
        "as_of": result.as_of.isoformat(),
        "triage": {
            "is_asb": triaged.is_asb,
            "reason": triaged.reason,
            "advice": triaged.advice,
            "types": list(triaged.types),
            "priority": result.priority,
            "priority_choices": list(triaged.priority_choices),
            "owner_role": triaged.owner_role,
            "hate_related": triaged.hate_related,
            "routes": [{"route": r.route, "process": r.process} for r in triaged.routes],
        },
        "risk": None
        if result.risk is None
        else {
            "score": result.risk.score,
            "band": result.risk.band,
            "band_label": result.risk.band_label,
            "priority": result.risk.priority,
            "breakdown": [
                {
                    "question": q.question,
                    "number": q.number,
                    "answers": list(q.answers),
                    "score": q.score,
                }
                for q in result.risk.breakdown
            ],
            "unanswered": list(result.risk.unanswered),
        },
        "obligations": [
            {
                "id": o.id,
                "kind": o.kind,
                "label": o.label,
                "occurrence": o.occurrence,
                "owner_role": o.owner_role,
                "started": o.started.isoformat(),
                "due": _iso(o.due),
                "status": o.status,
                "met_at": _iso(o.met_at),
            }
            for o in result.obligations
        ],
        "stage": result.stage,
        "next_steps": [
            {"step": s.step, "label": s.label, "to": s.to, "allowed": s.allowed, "reason": s.reason}
            for s in result.next_steps
        ],
        "case_review": {
            "eligible": result.case_review_eligible,
            "reason": result.case_review_reason,
        },
    }


def run_scenario(pack: PolicyPack, scenario: Any, as_of: date | None = None) -> dict[str, Any]:
    """Parse and run a scenario given as plain data; the answer as the `--json` document."""
    parsed = scenario if isinstance(scenario, Scenario) else parse_scenario(scenario)
    return to_json(simulate(pack, parsed, as_of))
