"""Recording one step of a demo case through the service staff would use, at a believable time.

Steps are backdated where the service takes a time, so older cases have on-time, late and missed
duties. Once a service that can only record "now" has written one of the pack's events, later steps
are recorded now too: the order of the history stays the order the steps were taken in.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from casework.accounts.roles import can_act_as
from casework.cases import services
from casework.cases.choices import (
    ActionOwner,
    CaseReviewOutcome,
    ClosureReason,
    ContactOutcome,
    ContactPurpose,
    Decision,
    PartyRole,
    ReviewKind,
    Satisfaction,
    SurveySource,
)
from casework.cases.choices import InterventionStatus as Status
from casework.cases.engine import Replay
from casework.cases.models import Case, Intervention, Party
from casework.cases.packs import pack_named
from casework.cases.services.intake import ReportInput
from casework.cases.services.interventions import outstanding_approvals
from casework.cases.services.records import recordable_kinds
from casework.demo.reports import PersonMaker
from casework.demo.staff import DemoStaff
from casework.domain.packs.schema import Intervention as InterventionRule
from casework.domain.path import NextStep


class CannotRecord(Exception):  # noqa: N818 - named for what happened, as in casework.errors
    """The pack gives the generator no way to record this step (a RAM in a pack with no risk matrix)."""


ACTION_PLAN = (
    (ActionOwner.COMPLAINANT, "Keep diary sheets of every incident for four weeks"),
    (ActionOwner.COMPLAINANT, "Call the police on 101 (999 in an emergency) when it happens"),
    (ActionOwner.LANDLORD, "Visit the alleged perpetrator and discuss the reports"),
    (ActionOwner.LANDLORD, "Check the communal CCTV for the dates reported"),
    (ActionOwner.AGENCY, "Police neighbourhood team to add the address to patrols"),
    (ActionOwner.AGENCY, "Environmental health to install noise monitoring equipment"),
)
CLOSING_REASONS = [ClosureReason.RESOLVED] * 4 + [
    ClosureReason.NO_FURTHER_ACTION,
    ClosureReason.COMPLAINANT_WITHDREW,
    ClosureReason.NO_CONTACT,
    ClosureReason.REFERRED,
    ClosureReason.PARTY_MOVED,
]
CONTACT_METHODS = ("phone", "letter", "email", "home-visit", "text")

#: Events recorded as a contact with the complainant: the outcome and purpose that record each.
CONTACTS = {
    "complainant.contacted": (ContactOutcome.MADE, ContactPurpose.CONTACT),
    "complainant.contact-attempted": (ContactOutcome.NO_ANSWER, ContactPurpose.CONTACT),
    "complainant.updated": (ContactOutcome.MADE, ContactPurpose.UPDATE),
    "interview.held": (ContactOutcome.MADE, ContactPurpose.INTERVIEW),
    "appointment.offered": (ContactOutcome.MADE, ContactPurpose.APPOINTMENT),
}

#: Other events with a service of their own: the method of `StepRecorder` that records each.
RECORDERS = {
    "acknowledged": "acknowledge",
    "risk.assessed": "assess_risk",
    "action-plan.sent": "send_action_plan",
    "case-conference.held": "hold_conference",
    "review.held": "hold_review",
    "manager-review.held": "hold_manager_review",
    "incident.reported": "add_repeat_report",
    "intervention.proposed": "propose_any",
    "intervention.approved": "approve_one",
    "intervention.rejected": "reject_one",
    "intervention.started": "start_one",
    "priority.changed": "change_priority",
    "owner.changed": "reassign",
    "closure.proposed": "propose_closure",
    "closure.agreed": "agree_closure",
    "case.closed": "close",
    "case.reopened": "reopen",
}


class StepRecorder:
    """One demo case, its people and its clock; `record(kind)` writes any event of the pack's vocabulary."""

    def __init__(self, case: Case, *, staff: DemoStaff, rng: random.Random, person: PersonMaker) -> None:
        self.case = case
        self.reference = case.reference
        self.pack = pack_named(case.pack_id)
        self.staff = staff
        self.rng = rng
        self.person = person
        # The owner works the case; a case no one could be allocated falls to the manager.
        self.worker = case.owner or staff.manager
        self.clock = case.opened_at
        self.backdating = True
        self.complainant = Party.objects.filter(case=case, role=PartyRole.COMPLAINANT).first()

    def can_record(self, kind: str) -> bool:
        if kind == "risk.assessed":
            return True
        if kind in {"intervention.approved", "intervention.rejected"}:
            return any(rule.approvals for rule in self.pack.interventions)
        if kind in {"intervention.proposed", "intervention.started"}:
            return bool(self.pack.interventions)
        if kind == "priority.changed":
            return len(self.pack.priorities) > 1 and not self.case.hate_related
        return kind in CONTACTS or kind in RECORDERS or kind in recordable_kinds(self.pack)

    def record(self, kind: str, step: NextStep | None = None) -> None:
        """Record one event through the service staff would use for it, or CannotRecord."""
        if not self.can_record(kind):
            raise CannotRecord(kind)
        if kind in CONTACTS:
            self.contact(*CONTACTS[kind])
        elif kind in RECORDERS:
            getattr(self, RECORDERS[kind])(step)
        else:
            services.case_step_record(actor=self.worker, case=self.reference, kind=kind, at=self.at())

    # --- time --------------------------------------------------------------------------------

    def at(self, hours: tuple[float, float] = (4, 72), rng: random.Random | None = None) -> datetime | None:
        """When the next step happens: a while after the last and never in the future; None is now."""
        if not self.backdating:
            return None
        moment = self.clock + timedelta(hours=(rng or self.rng).uniform(*hours))
        if moment >= timezone.now() - timedelta(minutes=1):
            self.backdating = False
            return None
        self.clock = moment
        return moment

    def recorded_now(self) -> None:
        """A service stamped a step of the pack with the time now: later steps cannot go before it."""
        self.backdating = False

    # --- contact, records, meetings -----------------------------------------------------------

    def contact(self, outcome: str, purpose: str, *, method: str | None = None, hours: Any = (4, 72)) -> None:
        services.contact_record(
            actor=self.worker,
            case=self.reference,
            method=method or self.rng.choice(CONTACT_METHODS),
            outcome=outcome,
            purpose=purpose,
            party_id=self.complainant.pk if self.complainant else None,
            notes="Spoke about the latest incidents and the next steps." if outcome == ContactOutcome.MADE else "",
            at=self.at(hours),
        )

    def acknowledge(self, step: NextStep | None = None, *, hours: Any = (4, 72)) -> None:
        method = self.rng.choice(["letter", "email"])
        services.case_acknowledge(actor=self.worker, case=self.reference, method=method, at=self.at(hours))

    def assess_risk(self, step: NextStep | None = None) -> None:
        matrix = self.pack.risk_matrix
        if matrix is None:
            # Packs without a scored matrix (Newcastle-under-Lyme) record the assessment as a step.
            note = "Risk assessed on the organisation's own form"
            services.case_step_record(
                actor=self.worker, case=self.reference, kind="risk.assessed", note=note, at=self.at()
            )
            return
        answers: dict[str | int, Any] = {}
        for question in matrix.questions:
            labels = [option.label for option in question.options]
            if question.multiple:
                answers[question.id] = self.rng.sample(labels, self.rng.randint(0, min(2, len(labels))))
            else:
                answers[question.id] = self.rng.choice(labels)
        services.risk_assessment_record(actor=self.worker, case=self.reference, answers=answers, at=self.at())

    def send_action_plan(self, step: NextStep | None = None) -> None:
        for for_whom, action in self.rng.sample(ACTION_PLAN, self.rng.randint(1, 2)):
            item = services.action_plan_item_add(
                actor=self.worker, case=self.reference, for_whom=for_whom, action=action
            )
            if self.rng.random() < 0.25:
                services.action_plan_item_complete(
                    actor=self.worker, case=self.reference, item_id=item.pk, at=self.at()
                )
        services.action_plan_send(actor=self.worker, case=self.reference, method="letter", at=self.at())

    def hold_conference(self, step: NextStep | None = None) -> None:
        services.case_conference_hold(
            actor=self.worker,
            case=self.reference,
            held_at=self.at() or timezone.now(),
            attendees="Housing officer, police neighbourhood team, anti-social behaviour coordinator",
            summary="Reviewed the incidents and the evidence so far; agreed the next steps.",
            decisions="Gather further evidence; consider formal action if it continues.",
        )

    def hold_review(self, step: NextStep | None = None, *, manager: bool = False) -> None:
        services.review_hold(
            actor=self.staff.manager if manager else self.worker,
            case=self.reference,
            kind=ReviewKind.MANAGER_REVIEW if manager else ReviewKind.REVIEW,
            notes="Reviewed the action plan and the incidents since the last review.",
            outcome=self.rng.choice(["Keep the case open", "Continue the action plan", "Consider closure"]),
            held_at=self.at(),
        )

    def hold_manager_review(self, step: NextStep | None = None) -> None:
        self.hold_review(step, manager=True)

    def add_repeat_report(self, step: NextStep | None = None) -> None:
        """A further report: backdated through intake while we can, else a diary sheet recorded now."""
        moment = self.at()
        if moment is None:
            services.incident_record(
                actor=self.worker,
                case=self.reference,
                occurred_at=timezone.now() - timedelta(days=self.rng.randint(1, 6)),
                description="Another incident, written up on the diary sheet the complainant returned.",
                source="diary",
            )
            self.recorded_now()
            return
        report = ReportInput(
            types=self.case.type_ids,
            channel=self.rng.choice(["phone", "email", "web"]),
            summary="It happened again last night, the same as before, and it went on for hours.",
            received_at=moment,
            occurred_at=moment - timedelta(hours=self.rng.randint(2, 30)),
        )
        services.case_add_report(actor=self.worker, reference=self.reference, report=report)

    # --- interventions -----------------------------------------------------------------------

    def rule(self, kind: str) -> InterventionRule:
        rule = self.pack.intervention(kind)
        if rule is None:  # a fault in the demo generator, never in the data
            raise LookupError(f"the demo proposed {kind!r}, which {self.pack.id} does not have")
        return rule

    def propose(self, *, approvals: bool | None) -> Intervention:
        """Propose an intervention (needing approval, not needing it, or either), preconditions confirmed."""
        rules = [r for r in self.pack.interventions if approvals is None or bool(r.approvals) == approvals]
        if not rules:
            raise CannotRecord("intervention.proposed")
        rule = self.rng.choice(rules)
        against = Party.objects.filter(case=self.case, role=PartyRole.ALLEGED_PERPETRATOR).first()
        intervention = services.intervention_propose(
            actor=self.worker,
            case=self.reference,
            kind=rule.id,
            reason="The behaviour has carried on despite the action plan.",
            proportionality="Necessary and proportionate: earlier steps have not stopped it." if rule.legal else "",
            preconditions_confirmed=[p.id for p in rule.preconditions],
            against_id=against.pk if against else None,
        )
        self.recorded_now()
        return intervention

    def decide(self, intervention: Intervention, decision: str) -> Intervention:
        """One decision at the next step of the approval chain, by a manager who may give it."""
        role = outstanding_approvals(intervention, self.rule(intervention.kind))[0]
        staff_role = self.pack.staff_role(role)
        given = {a.approver_id for a in intervention.approvals.all()}
        approver = next(
            (
                u
                for u in self.staff.approvers
                if can_act_as(u, staff_role) and u.pk != intervention.proposed_by_id and u.pk not in given
            ),
            None,
        )
        if approver is None:
            raise CannotRecord(f"approval by {role}")
        approved = decision == Decision.APPROVED
        decided = services.intervention_decide(
            actor=approver,
            case=self.reference,
            intervention_id=intervention.pk,
            decision=decision,
            reason="Proportionate on the evidence." if approved else "Not yet: try mediation first.",
        )
        self.recorded_now()
        return decided

    def approve(self, intervention: Intervention) -> Intervention:
        while intervention.status == Status.PROPOSED:
            intervention = self.decide(intervention, Decision.APPROVED)
        return intervention

    def start(self, intervention: Intervention) -> Intervention:
        # Starting legal action is a manager's step.
        actor = self.staff.manager if self.rule(intervention.kind).legal else self.worker
        started = services.intervention_start(actor=actor, case=self.reference, intervention_id=intervention.pk)
        self.recorded_now()
        return started

    def propose_any(self, step: NextStep | None = None) -> None:
        self.propose(approvals=None)

    def approve_one(self, step: NextStep | None = None) -> None:
        waiting = Intervention.objects.filter(case=self.case, status=Status.PROPOSED).first()
        self.approve(waiting or self.propose(approvals=True))

    def reject_one(self, step: NextStep | None = None) -> None:
        self.decide(self.propose(approvals=True), Decision.REJECTED)

    def start_one(self, step: NextStep | None = None) -> None:
        approved = Intervention.objects.filter(case=self.case, status=Status.APPROVED).first()
        if approved is None:
            needs_none = any(not rule.approvals for rule in self.pack.interventions)
            approved = self.approve(self.propose(approvals=not needs_none))
        self.start(approved)

    # --- who has the case, and closing it ------------------------------------------------------

    def change_priority(self, step: NextStep | None = None) -> None:
        current = Replay(self.case).priority
        services.case_priority_change(
            actor=self.worker,
            case=self.reference,
            priority=self.rng.choice([p.id for p in self.pack.priorities if p.id != current]),
            reason="Reassessed after the latest incidents.",
        )
        self.recorded_now()

    def reassign(self, step: NextStep | None = None) -> None:
        owner = self.rng.choice([u for u in self.staff.officers if u.pk != self.case.owner_id])
        services.case_reassign(actor=self.staff.manager, case=self.reference, owner_id=owner.pk, reason="Workload")
        self.recorded_now()
        self.worker = owner

    def propose_closure(self, step: NextStep | None = None) -> None:
        services.case_closure_propose(
            actor=self.worker, case=self.reference, reason=ClosureReason.RESOLVED, note="No incidents for a month."
        )
        self.recorded_now()

    def agree_closure(self, step: NextStep | None = None) -> None:
        actor = self.worker
        if self.pack.closure.agreed_by is not None:
            staff_role = self.pack.staff_role(self.pack.closure.agreed_by)
            actor = next(u for u in [self.worker, *self.staff.approvers] if can_act_as(u, staff_role))
        services.case_closure_agree(actor=actor, case=self.reference, note="Agreed: the complainant is content.")
        self.recorded_now()

    def close(self, step: NextStep | None = None) -> None:
        reason = self.rng.choice(CLOSING_REASONS)
        if step is not None and "not-asb" in (step.to, step.step):
            reason = ClosureReason.NOT_ASB
        elif Intervention.objects.filter(case=self.case, status=Status.STARTED).exists() and self.rng.random() < 0.5:
            reason = ClosureReason.LEGAL_ACTION_CONCLUDED
        if reason == ClosureReason.NO_CONTACT:
            if self.complainant is None:
                reason = ClosureReason.NO_FURTHER_ACTION
            else:
                # The pack's attempts to reach the complainant, each by a different method, come first.
                rules = self.pack.closure
                needed = max(rules.contact_attempts_required, rules.contact_methods_required, 1)
                for method in CONTACT_METHODS[:needed]:
                    self.contact(ContactOutcome.NO_ANSWER, ContactPurpose.CONTACT, method=method)
        services.case_close(actor=self.worker, case=self.reference, reason=reason, note="Closed and explained.")
        self.recorded_now()

    # --- what the complainant tells us ------------------------------------------------------------

    def survey(self) -> None:
        """The complainant's closure survey comes back: mostly satisfied, as most landlords' are."""
        extra = self.person.extra
        answer = extra.choices([s.value for s in Satisfaction], weights=[30, 30, 15, 13, 12], k=1)[0]
        services.survey_record(
            actor=self.worker,
            case=self.reference,
            satisfaction=answer,
            source=extra.choice([SurveySource.PAPER, SurveySource.PHONE, SurveySource.EMAIL]),
            party_id=self.complainant.pk if self.complainant is not None else None,
        )

    def request_case_review(self) -> None:
        """The complainant asks for an ASB Case Review; a manager decides most requests."""
        request = services.case_review_request(
            actor=self.worker,
            case=self.reference,
            requested_at=self.at(rng=self.person.extra),
            party_id=self.complainant.pk if self.complainant is not None else None,
        )
        if self.person.extra.random() < 0.6:
            outcome = (
                self.person.extra.choice([CaseReviewOutcome.REVIEW_HELD, CaseReviewOutcome.REVIEW_HELD_NO_CHANGE])
                if request.threshold_met
                else CaseReviewOutcome.THRESHOLD_NOT_MET
            )
            services.case_review_decide(
                actor=self.staff.manager,
                case=self.reference,
                request_id=request.pk,
                outcome=outcome,
                notes="Reviewed with the community safety partnership.",
                decided_at=self.at((24, 240), rng=self.person.extra),
            )

    def reopen(self, step: NextStep | None = None) -> None:
        services.case_reopen(actor=self.staff.manager, case=self.reference, reason="It has started again")
        self.recorded_now()
