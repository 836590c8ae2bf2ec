"""Walking a demo case along its pack's path, so its stage, history and duties are real ones.

At each stage the walk asks the engine which steps lead on (`Replay(case).next_steps()`), picks one,
records the events its guards need, then the step itself. A step the pack blocks ends that case's walk
where it stands: that is the pack working, not a failure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from casework.cases import services
from casework.cases.choices import ContactOutcome, ContactPurpose, Decision
from casework.cases.choices import InterventionStatus as Status
from casework.cases.engine import Replay
from casework.demo.reports import advocate, witness
from casework.demo.steps import CannotRecord, StepRecorder
from casework.domain.packs.schema import Transition
from casework.domain.path import NextStep, unmet_guards
from casework.errors import Conflict, InvalidInput, NotAllowed, NotFound, StepBlocked


@dataclass
class WalkStats:
    """How the walks went: blocked walks are expected; an error is a generator bug to fix."""

    stopped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WalkPlan:
    """How far to take a case: steps along the path, whether to close it, how promptly duties are done."""

    moves: int
    close: bool
    diligence: float


class CaseWalk(StepRecorder):
    """One case taken along its path by a plan: opening duties, steps with work between, maybe closure."""

    def run(self, plan: WalkPlan, stats: WalkStats) -> None:
        try:
            self._opening_duties(plan.diligence)
            for _ in range(plan.moves):
                self._some_work()
                if not self._move(closing=False):
                    break
            self._interventions_in_hand()
            if plan.close and self._move(closing=True):
                self._after_closure()
        except (StepBlocked, CannotRecord) as blocked:
            stats.stopped[f"{type(blocked).__name__}: {blocked}"] += 1
        except (InvalidInput, NotAllowed, NotFound, Conflict) as error:
            # Kept, not raised, so `make run` still starts; the tests insist there are none.
            stats.errors.append(f"{self.reference}: {type(error).__name__}: {error}")

    def _move(self, *, closing: bool) -> bool:
        """Take one step out of the current stage (a closing one or not), meeting its guards first."""
        replay = Replay(self.case)
        stage = replay.stage
        happened = {e.kind for e in replay.events}
        closed = {s.id for s in self.pack.path.stages if s.closed}
        steps = [
            s
            for s in replay.next_steps()
            if (s.to in closed) == closing and self._can_take(s, happened, replay.priority)
        ]
        if not steps:
            return False
        # Prefer steps that move the case on over steps that leave it where it is.
        step = self.rng.choices(steps, weights=[1 if s.to == stage else 3 for s in steps])[0]
        self._meet_guards(self._transition(step), happened)
        self.record(step.event, step)
        self.case.refresh_from_db()
        return True

    def _meet_guards(self, transition: Transition, happened: set[str], depth: int = 0) -> None:
        """Record the events a step's guards wait for, first meeting the guards of those in turn."""
        for guard in transition.guards:
            if guard.event is None or guard.event in happened:
                continue
            if depth < 3:
                self._prepare(guard.event, happened, depth + 1)
            self.record(guard.event)
            happened.add(guard.event)

    def _prepare(self, event: str, happened: set[str] | None = None, depth: int = 0) -> None:
        """Where every step the pack has for `event` at this stage is blocked, meet the first one's guards."""
        replay = Replay(self.case)
        steps = [
            t
            for t in self.pack.path.transitions
            if t.event == event
            and replay.stage in t.from_stages
            and (not t.priorities or replay.priority in t.priorities)
        ]
        if steps and all(unmet_guards(t, replay.events, replay.priority) for t in steps):
            self._meet_guards(steps[0], happened if happened is not None else {e.kind for e in replay.events}, depth)

    def _transition(self, step: NextStep) -> Transition:
        return next(t for t in self.pack.path.transitions if t.step == step.step and t.to == step.to)

    def _can_take(self, step: NextStep, happened: set[str], priority: str | None) -> bool:
        for guard in self._transition(step).guards:
            if guard.no_event is not None and guard.no_event in happened:
                return False
            if guard.priority and priority not in guard.priority:
                return False
            if guard.event is not None and guard.event not in happened and not self.can_record(guard.event):
                return False
        return self.can_record(step.event)

    def _opening_duties(self, diligence: float) -> None:
        """Acknowledge and contact the complainant: promptly, late, or (for overdue cases) not yet."""
        hours = (2.0, 30.0) if self.rng.random() < diligence else (60.0, 300.0)
        if self.rng.random() < diligence + 0.1:
            self.acknowledge(hours=hours)
        if self.rng.random() < diligence and self.complainant is not None:
            if self.rng.random() < 0.3:
                self.contact(ContactOutcome.NO_ANSWER, ContactPurpose.CONTACT, hours=hours)
            self.contact(ContactOutcome.MADE, ContactPurpose.CONTACT, hours=hours)

    def _some_work(self) -> None:
        """What fills a case file between steps: updates, repeat reports, reviews, more people."""
        roll = self.rng.random
        if roll() < 0.3 and self.complainant is not None:
            self.contact(ContactOutcome.MADE, ContactPurpose.UPDATE)
        if roll() < 0.25:
            self.add_repeat_report()
        if roll() < 0.2:
            self.hold_review()
        if roll() < 0.08:
            self.hold_manager_review()
        if roll() < 0.1:
            services.party_add(actor=self.worker, case=self.reference, party=witness(self.person))
        if self.person.extra.random() < 0.02 and self.complainant is not None:
            self.request_case_review()
        if roll() < 0.06 and self.complainant is not None:
            added = services.party_add(actor=self.worker, case=self.reference, party=advocate(self.rng, self.person))
            services.advocate_nominate(
                actor=self.worker,
                case=self.reference,
                resident_id=self.complainant.pk,
                advocate_id=added.pk,
                resident_asked=True,
            )

    def _interventions_in_hand(self) -> None:
        """Leave some cases with an intervention waiting for approval, approved, started or turned down."""
        self.case.refresh_from_db()
        if not self.case.is_open or self.case.stage == self.pack.path.initial or not self.pack.interventions:
            return
        roll = self.rng.random()
        needs_approval = any(rule.approvals for rule in self.pack.interventions)
        if roll < 0.3:
            self._prepare("intervention.proposed")
        if roll < 0.12 and needs_approval:
            self.propose(approvals=True)
        elif roll < 0.17 and needs_approval:
            self._prepare("intervention.rejected")
            self.decide(self.propose(approvals=True), Decision.REJECTED)
        elif roll < 0.3:
            proposed = self.propose(approvals=None)
            if proposed.status == Status.PROPOSED:
                self._prepare("intervention.approved")
            approved = self.approve(proposed)
            if self.rng.random() < 0.5:
                self._prepare("intervention.started")
                self.start(approved)

    def _after_closure(self) -> None:
        happened = {e.kind for e in Replay(self.case).events}
        if self.pack.closure.letters and "closure.letter-sent" not in happened and self.rng.random() < 0.7:
            self.record("closure.letter-sent")
        if self.complainant is not None and self.person.extra.random() < 0.45:
            self.survey()
        reopening = [t for t in self.pack.path.transitions if t.event == "case.reopened"]
        stage = Replay(self.case).stage
        # Where the pack has a reopening step, only the stages it names can be reopened.
        if self.rng.random() < 0.06 and (not reopening or any(stage in t.from_stages for t in reopening)):
            self.reopen()
