"""The bridge between stored events and the pure engine: replay a case, store what it derives.

Every service calls `refresh` in its own transaction after appending its event, so the stage, priority,
owner role and Obligation rows can never disagree with the history (ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import cached_property

from django.utils import timezone

from casework.cases.choices import ObligationState
from casework.cases.models import Case, CaseEvent, Obligation
from casework.cases.models.hotspots import rederive
from casework.cases.packs import calendar_of, pack_named
from casework.domain.events import LONDON, end_of_day
from casework.domain.events import CaseEvent as DomainEvent
from casework.domain.obligations import CaseFacts, CaseTimeline, ObligationStatus, obligations_for
from casework.domain.packs import PolicyPack
from casework.domain.path import NextStep, current_stage, next_steps


def today() -> date:
    return timezone.now().astimezone(LONDON).date()


def domain_events(case: Case) -> list[DomainEvent]:
    rows = CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("verb", "at", "payload")
    return [DomainEvent(verb, at, payload) for verb, at, payload in rows]


def facts_of(case: Case, events: Sequence[DomainEvent]) -> CaseFacts:
    """The priority and owner role the case opened with (later changes are events) and its types now."""
    opened = next(e for e in events if e.kind == "case.opened")
    return CaseFacts(
        types=tuple(case.type_ids),
        priority=opened.details.get("priority"),
        owner_role=str(opened.details["owner_role"]),
    )


class Replay:
    """A case's events replayed under its pack as of a day: stage, priority, owner role, duties, steps."""

    def __init__(self, case: Case, events: Sequence[DomainEvent] | None = None, as_of: date | None = None) -> None:
        """`events`, when the caller already holds them, must be the case's whole history in time order."""
        self.case = case
        self.pack: PolicyPack = pack_named(case.pack_id)
        self.as_of = as_of or today()
        self.events = list(events) if events is not None else domain_events(case)
        self.facts = facts_of(case, self.events)
        self.timeline = CaseTimeline(self.facts, self.events)
        self.priority, self.owner_role = self.timeline.at(end_of_day(self.as_of))

    @cached_property
    def stage(self) -> str:
        return current_stage(self.pack, self.events, lambda event: self.timeline.at(event.at)[0])

    def obligations(self) -> list[ObligationStatus]:
        return obligations_for(self.pack, calendar_of(self.pack), self.facts, self.events, self.as_of)

    def next_steps(self) -> list[NextStep]:
        if self.is_closed_stage(self.stage) and not any(
            self.stage in t.from_stages for t in self.pack.path.transitions
        ):
            return []
        return next_steps(self.pack, self.stage, self.events, self.priority)

    def is_closed_stage(self, stage: str) -> bool:
        return any(s.id == stage and s.closed for s in self.pack.path.stages)


def _state(status: ObligationStatus) -> str:
    if status.status in {"met", "met-late", "not-applicable"}:
        return status.status
    if status.lapsed:
        return ObligationState.MISSED
    return ObligationState.PENDING


#: The events that give a case a risk assessment, and an action plan.
RISK_ASSESSED = frozenset({"risk.assessed"})
ACTION_PLAN = frozenset({"action-plan.item-added", "action-plan.sent"})


def _first(events: Sequence[DomainEvent], kinds: frozenset[str]) -> datetime | None:
    return min((e.at for e in events if e.kind in kinds), default=None)


def _closing(events: Sequence[DomainEvent]) -> DomainEvent | None:
    """The event that closed the case, unless a reopening has undone it since."""
    closing: DomainEvent | None = None
    for event in events:
        if event.kind == "case.closed":
            closing = event
        elif event.kind == "case.reopened":
            closing = None
    return closing


def refresh(case: Case, events: Sequence[DomainEvent] | None = None) -> Replay:
    """Re-derive the case's stage, priority, owner role, when and why it closed, obligations and hot spots
    counts, and store them."""
    replay = Replay(case, events)
    case.stage = replay.stage
    case.is_open = not replay.is_closed_stage(case.stage)
    case.priority = replay.priority or ""
    case.owner_role = replay.owner_role
    closing = _closing(replay.events)
    case.closed_at = closing.at if closing is not None else None
    case.closure_reason = str(closing.details.get("reason", "")) if closing is not None else ""
    case.first_risk_assessment_at = _first(replay.events, RISK_ASSESSED)
    case.first_action_plan_at = _first(replay.events, ACTION_PLAN)
    rows = []
    for status in replay.obligations():
        due_at = status.due if isinstance(status.due, datetime) else None
        rows.append(
            Obligation(
                case=case,
                rule_id=status.id,
                kind=status.kind,
                label=status.label,
                occurrence=status.occurrence,
                owner_role=status.owner_role,
                owner_id=case.owner_id if status.owner_role == case.owner_role else None,
                started_on=status.started,
                due_date=status.due_date,
                due_at=due_at,
                state=_state(status),
                met_at=status.met_at,
            )
        )
    Obligation.objects.filter(case=case).delete()
    Obligation.objects.bulk_create(rows)
    # The hot spots' derived counts, in the same transaction, so they never disagree with the records.
    rederive(case)
    return replay
