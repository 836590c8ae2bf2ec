"""The case path: which stage a case is in, and each step out of it, allowed or blocked and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casework.domain.events import CaseEvent
from casework.domain.packs.schema import PolicyPack, Transition

PriorityAt = Callable[[CaseEvent], str | None]


@dataclass(frozen=True)
class NextStep:
    step: str
    label: str
    to: str
    event: str
    allowed: bool
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str | None:
        return "; ".join(self.reasons) if self.reasons else None


def _applies(transition: Transition, priority: str | None) -> bool:
    return not transition.priorities or priority in transition.priorities


def current_stage(pack: PolicyPack, events: Sequence[CaseEvent], priority_at: PriorityAt) -> str:
    """Replay the events through the pack's transitions. Events that move nothing leave the stage as it is,
    except that reopening a closed case without a pack step for it returns the case to the initial stage."""
    stage = pack.path.initial
    closed = {s.id for s in pack.path.stages if s.closed}
    for event in sorted(events, key=lambda e: e.at):
        priority = priority_at(event)
        for transition in pack.path.transitions:
            if transition.event == event.kind and stage in transition.from_stages and _applies(transition, priority):
                stage = transition.to
                break
        else:
            if event.kind == "case.reopened" and stage in closed:
                # A pack with no reopening step of its own starts a reopened case on its path again.
                stage = pack.path.initial
    return stage


def unmet_guards(transition: Transition, events: Sequence[CaseEvent], priority: str | None) -> tuple[str, ...]:
    """The reasons of every guard the step fails, in the order the pack lists them."""
    happened = {e.kind for e in events}
    reasons = []
    for guard in transition.guards:
        if (
            (guard.event is not None and guard.event not in happened)
            or (guard.no_event is not None and guard.no_event in happened)
            or (guard.priority and priority not in guard.priority)
        ):
            reasons.append(guard.reason)
    return tuple(reasons)


def next_steps(pack: PolicyPack, stage: str, events: Sequence[CaseEvent], priority: str | None) -> list[NextStep]:
    """Every step out of `stage` this case's priority has, each allowed or blocked with its reasons."""
    steps = []
    for transition in pack.path.transitions:
        if stage in transition.from_stages and _applies(transition, priority):
            reasons = unmet_guards(transition, events, priority)
            steps.append(
                NextStep(
                    transition.step,
                    transition.label,
                    transition.to,
                    transition.event,
                    not reasons,
                    reasons,
                )
            )
    return steps
