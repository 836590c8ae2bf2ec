"""Everything on one case, read at once for the staff case page, in the same number of queries however
long the case's history is (ARCHITECTURE.md, "Scale").

Each kind of record is one query (its people joined in), the history is one more, and the pack's stage and
next steps are replayed from the history already read rather than read again. Police disclosures are not
read at all: the history says how many were recorded (and from which force), which is all the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import F, Prefetch, Q

from casework.cases.choices import ContactMethod, Decision, InterventionStatus, ObligationState
from casework.cases.engine import Replay, today
from casework.cases.models import (
    ActionPlanItem,
    Case,
    CaseConference,
    CaseEvent,
    CaseLink,
    CaseReviewRequest,
    Contact,
    Evidence,
    Incident,
    Intervention,
    InterventionApproval,
    Letter,
    Obligation,
    Party,
    Review,
    RiskAssessment,
    SurveyResponse,
)
from casework.cases.permissions import has_capability
from casework.cases.selectors import case_for, case_timeline, with_status
from casework.cases.services.feedback import threshold_in_words
from casework.domain.events import CaseEvent as DomainEvent
from casework.domain.packs import PolicyPack
from casework.domain.path import NextStep

#: Events that are a letter (or a written document) going out, whatever their method.
LETTER_VERBS = frozenset({"action-plan.sent"})


@dataclass(frozen=True)
class ApprovalStep:
    """One approval an intervention needs, from a pack role: given, refused, or still to come."""

    role: str
    role_label: str
    decision: InterventionApproval | None
    #: Whether the chain is still waiting for this one (it stops at a refusal).
    waiting: bool

    @property
    def state(self) -> str:
        if self.decision is not None:
            return str(self.decision.decision)
        return "waiting" if self.waiting else "not-reached"


@dataclass(frozen=True)
class InterventionFile:
    intervention: Intervention
    label: str
    legal: bool
    approvals: list[ApprovalStep]


@dataclass(frozen=True)
class LinkedCase:
    reference: str
    kind: str
    kind_label: str
    #: "to": this case points at the other (a duplicate points at the case that carries on); "from": back.
    direction: str
    reason: str


@dataclass(frozen=True)
class LetterSent:
    """Something written that went out: a letter written here (kept, with its files), a contact by letter,
    or a letter step recorded on the history."""

    #: The history's verb for a letter step; empty for a contact by letter, which `what` describes.
    verb: str
    what: str
    at: datetime
    by: Any
    method: str
    note: str
    #: The letter as sent, when it was written here: its PDF and Word files can be downloaded again.
    letter: Letter | None = None
    #: Who it was addressed to, when that is known apart from `what`.
    to: str = ""


@dataclass
class CaseFile:
    """One case and everything recorded on it, with what its pack derives from the history."""

    case: Case
    pack: PolicyPack
    replay: Replay
    stage: str
    next_steps: list[NextStep]
    parties: list[Party]
    incidents: list[Incident]
    evidence: list[Evidence]
    #: Latest first: the first is the case's current assessment.
    risk_assessments: list[RiskAssessment]
    action_plan: list[ActionPlanItem]
    interventions: list[InterventionFile]
    conferences: list[CaseConference]
    reviews: list[Review]
    contacts: list[Contact]
    links: list[LinkedCase]
    #: Each annotated with `status` (overdue, due-today, open, met, met-late, not-applicable); soonest first.
    obligations: list[Obligation]
    #: Oldest first, each with its actor.
    timeline: list[CaseEvent]
    #: How many police disclosures the case holds, for a reader who may open them; None for everyone else.
    police_disclosures: int | None
    records: dict[tuple[str, int], Any] = field(default_factory=dict)
    #: The letters written and sent from the case (PDF and Word kept), newest first.
    sent_letters: list[Letter] = field(default_factory=list)
    #: Complainants' answers to the closure survey, newest first.
    survey_responses: list[SurveyResponse] = field(default_factory=list)
    #: Requests for an ASB Case Review with their outcome, newest first.
    case_review_requests: list[CaseReviewRequest] = field(default_factory=list)
    #: Whether the reader may record the outcome of an ASB Case Review request.
    may_decide_case_reviews: bool = False

    @property
    def case_review_threshold(self) -> str:
        """The pack's ASB Case Review threshold in words."""
        return threshold_in_words(self.pack)

    @property
    def latest_risk(self) -> RiskAssessment | None:
        return self.risk_assessments[0] if self.risk_assessments else None

    @property
    def due_next(self) -> Obligation | None:
        """The soonest duty still to be met."""
        return next((o for o in self.obligations if o.state == ObligationState.PENDING), None)

    @property
    def is_closed(self) -> bool:
        return self.replay.is_closed_stage(self.stage)

    def band_label(self, band: str) -> str:
        matrix = self.pack.risk_matrix
        bands = matrix.bands if matrix is not None else []
        return next((b.label for b in bands if b.id == band), band)

    def record_for(self, event: CaseEvent) -> Any:
        """The record an event was done to (an incident, a contact…), when it is on this case; else None."""
        if not event.target_type or event.target_id is None:
            return None
        return self.records.get((event.target_type, event.target_id))

    @property
    def letters(self) -> list[LetterSent]:
        """What was sent in writing, newest first: the letters written here, and letters recorded as sent
        (a contact by letter, a letter step) that were written elsewhere."""
        sent = [
            LetterSent(
                verb="",
                what=letter.title,
                at=letter.sent_at,
                by=letter.sent_by,
                method=letter.get_method_display(),
                note="",
                letter=letter,
                to=letter.recipient_name,
            )
            for letter in self.sent_letters
        ]
        sent += [
            LetterSent(
                verb="",
                what=f"Letter to {c.party.person.name if c.party else 'the complainant'}: "
                f"{c.get_purpose_display().lower()}",
                at=c.at,
                by=c.by,
                method=c.get_method_display(),
                note=c.notes,
            )
            for c in self.contacts
            if c.method == ContactMethod.LETTER
        ]
        for event in self.timeline:
            payload = event.payload or {}
            method = str(payload.get("method", ""))
            by_letter = "letter" in event.verb or event.verb in LETTER_VERBS
            if event.verb == "acknowledged" and method == ContactMethod.LETTER:
                by_letter = True
            # A contact is listed from its own record, and a letter written here from the letter itself.
            if by_letter and event.target_type not in {"contact", "letter"}:
                sent.append(
                    LetterSent(
                        verb=event.verb,
                        what="",
                        at=event.at,
                        by=event.actor,
                        method=ContactMethod(method).label if method in ContactMethod.values else "",
                        note=str(payload.get("note", "")),
                    )
                )
        return sorted(sent, key=lambda letter: letter.at, reverse=True)


def case_file(user: Any, reference: str) -> CaseFile:
    """The case `reference` as `user` may see it (NotFound otherwise), in a fixed number of queries."""
    case = case_for(user, reference)
    parties = list(
        Party.objects.filter(case=case).select_related("person__address", "guardian", "advocate__person").order_by("id")
    )
    incidents = list(
        Incident.objects.filter(case=case)
        .select_related("recorded_by", "reported_by__person")
        .order_by("-occurred_at", "-id")
    )
    evidence = list(Evidence.objects.filter(case=case).select_related("uploaded_by").order_by("-uploaded_at", "-id"))
    risk = list(RiskAssessment.objects.filter(case=case).select_related("assessed_by").order_by("-assessed_at", "-id"))
    action_plan = list(ActionPlanItem.objects.filter(case=case).select_related("added_by").order_by("id"))
    interventions = list(
        Intervention.objects.filter(case=case)
        .select_related("proposed_by", "against__person")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=InterventionApproval.objects.select_related("approver").order_by("decided_at", "id"),
            )
        )
        .order_by("proposed_at", "id")
    )
    conferences = list(
        CaseConference.objects.filter(case=case).select_related("recorded_by").order_by("-held_at", "-id")
    )
    reviews = list(Review.objects.filter(case=case).select_related("held_by").order_by("-held_at", "-id"))
    contacts = list(Contact.objects.filter(case=case).select_related("by", "party__person").order_by("-at", "-id"))
    links = list(
        CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case))
        .select_related("from_case", "to_case")
        .order_by("linked_at", "id")
    )
    obligations = list(
        with_status(Obligation.objects.filter(case=case).select_related("owner"), today()).order_by(
            F("due_date").asc(nulls_last=True), "id"
        )
    )
    timeline = list(case_timeline(case))
    # Every letter sent from here is on the history (its event names it as the target), so a case with
    # none takes no query for them.
    sent_letters = (
        list(
            Letter.objects.filter(case=case).select_related("sent_by", "recipient__person").order_by("-sent_at", "-id")
        )
        if any(e.target_type == "letter" for e in timeline)
        else []
    )
    # Survey answers and ASB Case Review requests are on the history too (each event names its record):
    # a case with none takes no query for them.
    targets = {e.target_type for e in timeline}
    surveys = (
        list(
            SurveyResponse.objects.filter(case=case)
            .select_related("party__person", "recorded_by")
            .order_by("-received_at", "-id")
        )
        if SurveyResponse._meta.model_name in targets
        else []
    )
    review_requests = (
        list(
            CaseReviewRequest.objects.filter(case=case)
            .select_related("party__person", "recorded_by")
            .order_by("-requested_at", "-id")
        )
        if CaseReviewRequest._meta.model_name in targets
        else []
    )
    # The history just read is the whole history in time order: the replay needs no query of its own.
    replay = Replay(case, events=[DomainEvent(e.verb, e.at, e.payload) for e in timeline])
    pack = replay.pack
    records: dict[tuple[str, int], Any] = {}
    kinds = (parties, incidents, evidence, risk, action_plan, interventions, conferences, reviews, contacts)
    for rows in (*kinds, sent_letters, surveys, review_requests):
        for row in rows:
            records[(row._meta.model_name or "", row.pk)] = row
    return CaseFile(
        case=case,
        pack=pack,
        replay=replay,
        stage=replay.stage,
        next_steps=replay.next_steps(),
        parties=parties,
        incidents=incidents,
        evidence=evidence,
        risk_assessments=risk,
        action_plan=action_plan,
        interventions=[_intervention_file(pack, i) for i in interventions],
        conferences=conferences,
        reviews=reviews,
        contacts=contacts,
        links=[_linked(case, link) for link in links],
        obligations=obligations,
        timeline=timeline,
        police_disclosures=(
            sum(1 for e in timeline if e.verb == "police-disclosure.recorded")
            if has_capability(user, "police-disclosure.read")
            else None
        ),
        records=records,
        sent_letters=sent_letters,
        survey_responses=surveys,
        case_review_requests=review_requests,
        may_decide_case_reviews=has_capability(user, "case-review.decide"),
    )


def _intervention_file(pack: PolicyPack, intervention: Intervention) -> InterventionFile:
    rule = pack.intervention(intervention.kind)
    return InterventionFile(
        intervention=intervention,
        label=rule.label if rule is not None else intervention.kind,
        legal=rule.legal if rule is not None else False,
        approvals=approval_chain(pack, intervention),
    )


def approval_chain(pack: PolicyPack, intervention: Intervention) -> list[ApprovalStep]:
    """The approvals an intervention needs, in the pack's order: given, refused, awaited or not reached.
    Reads `intervention.approvals.all()`, so prefetch them (with their approvers) for a list."""
    rule = pack.intervention(intervention.kind)
    decisions = list(intervention.approvals.all())
    # The pack's chain, in its order; an approval recorded for a role the pack no longer names still shows.
    roles = list(rule.approvals) if rule is not None else []
    roles += [d.approver_role for d in decisions if d.approver_role not in roles]
    steps = []
    # Approvals come in the pack's order and stop at a refusal: only the next one is awaited.
    awaiting = intervention.status == InterventionStatus.PROPOSED
    for role in roles:
        decision = next((d for d in decisions if d.approver_role == role), None)
        waiting = decision is None and awaiting
        if waiting or (decision is not None and decision.decision == Decision.REJECTED):
            awaiting = False
        steps.append(ApprovalStep(role=role, role_label=_role_label(pack, role), decision=decision, waiting=waiting))
    return steps


def _role_label(pack: PolicyPack, role: str) -> str:
    return next((r.label for r in pack.roles if r.id == role), role)


def _linked(case: Case, link: CaseLink) -> LinkedCase:
    outward = link.from_case_id == case.pk
    other = link.to_case if outward else link.from_case
    return LinkedCase(
        reference=other.reference,
        kind=link.kind,
        kind_label=link.get_kind_display(),
        direction="to" if outward else "from",
        reason=link.reason,
    )
