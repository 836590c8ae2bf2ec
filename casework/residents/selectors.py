"""What a resident sees through their link: their case in plain words, and nothing about anyone else.

`resident_case` reads a case page for a complainant's (or their advocate's) link; `resident_diary` reads only
the diary entries of whoever a diary link is for. Both read in the same number of queries however much the
case holds. Everything staff wrote that is shown (the summary, the actions in the plan, a review's outcome)
goes through privacy.Privacy, so no other party's name, phone, email or address reaches the page; records
that are about other people (their contacts, their diary entries, their files) are not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Q

from casework.cases.choices import (
    ActionOwner,
    CaseReviewOutcome,
    ClosureReason,
    ContactMethod,
    ContactOutcome,
    ObligationState,
    PartyRole,
)
from casework.cases.engine import today
from casework.cases.models import ActionPlanItem, CaseReviewRequest, Contact, Incident, Obligation, SurveyResponse
from casework.cases.packs import pack_named
from casework.cases.services.feedback import REQUESTED_BY
from casework.domain.packs import PolicyPack
from casework.residents.models import LinkPurpose, ResidentLink, SentEvidence
from casework.residents.privacy import Privacy

#: The pack duties that mean we will be in touch with the complainant, with what we will be in touch about.
#: Duties to others (a letter to the other party) or with nobody (updating our own records, a manager's
#: review) are left out: a resident should not wait for those. The earliest one still pending is shown.
CONTACT_DUTIES = {
    "acknowledge": "to confirm we have your report",
    "first-contact": "to talk to you about what you reported",
    "risk-assessment": "to ask you some questions about how the problem affects you and how safe you feel",
    "appointment": "to offer you an appointment to talk about your case",
    "interview": "to meet you, at your home or at our office",
    "action-plan": "to send you your action plan",
    "keep-informed": "with an update on your case",
    "review": "to tell you what we found when we reviewed your case",
    "closure-letter": "to write to you about the outcome of your case",
}

#: What a stage means, in a resident's words, by the stage ids the built-in packs use. A stage a pack names
#: otherwise gets the general sentence for where it comes in the case (the first stage, or a later one).
STAGE_MEANINGS = {
    "report-received": "We have your report. Your officer will contact you to understand what is happening and "
    "how it affects you.",
    "reported": "We have your report. Your officer will contact you to understand what is happening and how it "
    "affects you.",
    "report": "We have your report and are deciding what to do next. We may ask you for more details.",
    "case-opened": "We have your report. Your officer will contact you to understand what is happening and how it "
    "affects you.",
    "open": "We are looking into what you reported and working to stop it.",
    "case-management": "Your officer is working on your case: finding out more, gathering evidence and doing what "
    "your action plan says.",
    "investigation": "We are finding out more: gathering evidence and talking to you and to others.",
    "early-interventions": "We are trying early steps to stop the problem, such as support, warnings or mediation.",
    "action": "We are doing what was agreed in your action plan and checking whether things improve.",
    "monitor": "We are checking whether what we have done has helped, and whether more is needed.",
    "consider-escalation": "The problem has not stopped, so we are deciding whether stronger action is needed.",
    "formal-action": "We are considering formal action. This can take some time: your officer will keep you informed.",
    "legal-action": "We are taking, or preparing to take, legal action. This can take some time: your officer will "
    "keep you informed.",
    "manage-breaches": "Legal action has been taken. We are checking it is followed and acting if it is not.",
    "closing": "We are getting ready to close your case. Your officer will talk to you about it first.",
    "case-closure": "We are getting ready to close your case. Your officer will talk to you about it first.",
    "signposted-to-organisation": "Another organisation is better placed to help with this problem. We will tell "
    "you who to contact.",
    "signposting-and-information": "We will give you information and advice on what you can do.",
    "not-asb": "What you reported is not something we can deal with as anti-social behaviour. We will explain why "
    "and offer advice.",
}
FIRST_STAGE = "We have your report. Your officer will contact you about it."
LATER_STAGE = "Your officer is working on your case."

#: Why a case closed, as the resident is told it (ClosureReason, in plain words).
CLOSED_BECAUSE: dict[str, str] = {
    ClosureReason.RESOLVED: "the problem was resolved",
    ClosureReason.NO_FURTHER_ACTION: "we had done everything we reasonably could and there was nothing more we "
    "could do",
    ClosureReason.COMPLAINANT_WITHDREW: "you asked us to close it",
    ClosureReason.NO_CONTACT: "we could not get in touch with you",
    ClosureReason.NOT_ASB: "what was reported was not anti-social behaviour that we deal with",
    ClosureReason.REFERRED: "another organisation is dealing with it",
    ClosureReason.PARTY_MOVED: "someone involved moved away",
    ClosureReason.LEGAL_ACTION_CONCLUDED: "the legal action has finished",
    ClosureReason.DUPLICATE: "it was joined with another case about the same problem",
}

#: Where a request for an ASB Case Review has got to, as the resident is told it.
REVIEW_OUTCOMES = {
    CaseReviewOutcome.RECEIVED: "We have your request. A manager will decide what happens next and tell you.",
    CaseReviewOutcome.THRESHOLD_NOT_MET: "Your case did not meet the threshold for an ASB Case Review.",
    CaseReviewOutcome.REVIEW_HELD: "A review was held and it made recommendations.",
    CaseReviewOutcome.REVIEW_HELD_NO_CHANGE: "A review was held and it recommended no further action.",
    CaseReviewOutcome.WITHDRAWN: "The request was withdrawn.",
}

#: Kinds of file in plain words, by the start of the content type we worked out from the file itself.
FILE_WORDS = (
    ("image/", "Photo or picture"),
    ("audio/", "Sound recording"),
    ("video/", "Video"),
    ("application/pdf", "PDF document"),
    ("text/", "Text file"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml", "Word document"),
)


@dataclass(frozen=True)
class PlanAction:
    action: str
    #: Who will do it, for an agency's action only, and only when it names an organisation, not a person.
    who: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class NextContact:
    due: date
    about: str
    overdue: bool


@dataclass(frozen=True)
class ContactMade:
    at: datetime
    method: str
    about: str
    outcome: str


@dataclass(frozen=True)
class DiaryEntry:
    occurred_at: datetime
    where: str
    what_happened: str
    how_it_affected_you: str
    from_diary: bool


@dataclass(frozen=True)
class FileSent:
    name: str
    kind: str
    size: int
    sent_at: datetime
    description: str


@dataclass(frozen=True)
class ReviewAsked:
    asked_at: datetime
    threshold_met: bool
    outcome: str
    waiting: bool
    decided_at: datetime | None
    notes: str


@dataclass
class ResidentCase:
    """One case as its complainant (or their advocate) sees it through their link."""

    reference: str
    is_open: bool
    stage: str
    stage_meaning: str
    opened_at: datetime
    closed_at: datetime | None
    closed_because: str
    officer: str
    about: list[str]
    #: What the case is about as first reported (other parties withheld); blank when it is listed among the
    #: viewer's own incidents already (the report that opened the case is the first of them).
    summary: str
    viewer_role: str
    next_contact: NextContact | None
    your_actions: list[PlanAction] = field(default_factory=list)
    our_actions: list[PlanAction] = field(default_factory=list)
    others_actions: list[PlanAction] = field(default_factory=list)
    contacts: list[ContactMade] = field(default_factory=list)
    diary: list[DiaryEntry] = field(default_factory=list)
    files: list[FileSent] = field(default_factory=list)
    reviews: list[ReviewAsked] = field(default_factory=list)
    survey_answered: bool = False
    complaints_route: str = ""

    @property
    def has_plan(self) -> bool:
        return bool(self.your_actions or self.our_actions or self.others_actions)

    @property
    def may_ask_case_review(self) -> bool:
        return self.viewer_role in REQUESTED_BY

    @property
    def review_waiting(self) -> ReviewAsked | None:
        return next((r for r in self.reviews if r.waiting), None)

    @property
    def survey_open(self) -> bool:
        """The closure survey is the complainant's to answer, once per closure."""
        return not self.is_open and self.viewer_role == PartyRole.COMPLAINANT and not self.survey_answered


@dataclass
class ResidentDiary:
    """A diary link's page: whether entries can be added, and the entries its party made. Nothing else."""

    is_open: bool
    entries: list[DiaryEntry]


def file_kind(content_type: str) -> str:
    return next((words for prefix, words in FILE_WORDS if content_type.startswith(prefix)), "File")


def stage_words(pack: PolicyPack, stage_id: str) -> tuple[str, str]:
    """The stage's name in the pack and what it means for the resident."""
    label = next((str(s.label) for s in pack.path.stages if s.id == stage_id), "")
    meaning = STAGE_MEANINGS.get(stage_id) or (FIRST_STAGE if stage_id == pack.path.initial else LATER_STAGE)
    return label or stage_id, meaning


def _plan(items: list[ActionPlanItem], shown: Privacy) -> dict[str, list[PlanAction]]:
    plan: dict[str, list[PlanAction]] = {owner: [] for owner in ActionOwner.values}
    for item in items:
        who = ""
        if item.for_whom == ActionOwner.AGENCY and item.owner_name.strip():
            # An agency's name ("the police") is useful; a person's name, or anything naming a party, is not.
            who = shown(item.owner_name.strip())
            if who != item.owner_name.strip():
                who = ""
        plan.setdefault(item.for_whom, []).append(
            PlanAction(action=shown(item.action), who=who, due=item.due, done=item.done_at is not None)
        )
    return plan


def _contact_outcome(contact: Contact) -> str:
    if contact.outcome == ContactOutcome.MADE:
        written = {ContactMethod.LETTER, ContactMethod.EMAIL, ContactMethod.TEXT}
        return "Sent to you" if contact.method in written else "We spoke to you"
    return {
        ContactOutcome.NO_ANSWER: "We tried but there was no answer",
        ContactOutcome.LEFT_MESSAGE: "We left you a message",
        ContactOutcome.WRONG_DETAILS: "We could not reach you: the contact details we had did not work",
    }.get(ContactOutcome(contact.outcome), contact.get_outcome_display())


def _diary(incident: Incident, shown: Privacy) -> DiaryEntry:
    # Their own words, but the first report may have been written down by staff from a phone call, and its
    # place may be someone else's address: withheld like any other text.
    return DiaryEntry(
        occurred_at=incident.occurred_at,
        where=shown(incident.location),
        what_happened=shown(incident.description),
        how_it_affected_you=shown(incident.impact),
        from_diary=incident.source == "diary",
    )


def _next_contact(case_id: int, as_of: date) -> NextContact | None:
    duty = (
        Obligation.objects.filter(
            case_id=case_id, state=ObligationState.PENDING, kind__in=CONTACT_DUTIES, due_date__isnull=False
        )
        .order_by(F("due_date").asc(), "id")
        .only("kind", "due_date")
        .first()
    )
    if duty is None or duty.due_date is None:
        return None
    return NextContact(due=duty.due_date, about=CONTACT_DUTIES[duty.kind], overdue=duty.due_date < as_of)


def resident_case(link: ResidentLink) -> ResidentCase:
    """The case page for a case link (a complainant, or their advocate), in a fixed number of queries."""
    if link.purpose != LinkPurpose.CASE:
        raise ValueError("a case page is shown only for a case link")
    case = link.case
    viewer = link.party
    pack = pack_named(case.pack_id)
    shown = Privacy(viewer)
    stage, meaning = stage_words(pack, case.stage)
    owner = case.owner if case.owner_id else None
    officer = "Not yet assigned"
    if owner is not None:
        officer = f"{owner.first_name} {owner.last_name}".strip() or "A member of our team"
    type_labels = {t.id: str(t.label) for t in pack.types} | {t.id: str(t.label) for t in pack.not_asb}
    plan = _plan(list(ActionPlanItem.objects.filter(case=case).order_by("id")), shown)
    contacts = [
        ContactMade(at=c.at, method=c.get_method_display(), about=c.get_purpose_display(), outcome=_contact_outcome(c))
        for c in Contact.objects.filter(case=case)
        .filter(Q(party=viewer) | Q(party__isnull=True))
        .only("at", "method", "outcome", "purpose")  # never the notes: they are the officer's
        .order_by("-at", "-id")
    ]
    incidents = Incident.objects.filter(case=case, reported_by=viewer).order_by("-occurred_at", "-id")
    diary = [_diary(i, shown) for i in incidents]
    summary = shown(case.summary)
    if any(entry.what_happened == summary for entry in diary):
        summary = ""  # the report is listed with their incidents already, as the first of them
    files = [
        FileSent(
            name=sent.evidence.original_name,
            kind=file_kind(sent.evidence.content_type),
            size=sent.evidence.size,
            sent_at=sent.evidence.uploaded_at,
            description=sent.evidence.description,
        )
        for sent in SentEvidence.objects.filter(party=viewer, evidence__case=case)
        .select_related("evidence")
        .order_by("-evidence__uploaded_at", "-id")
    ]
    reviews = [
        ReviewAsked(
            asked_at=r.requested_at,
            threshold_met=r.threshold_met,
            outcome=REVIEW_OUTCOMES.get(CaseReviewOutcome(r.outcome), r.get_outcome_display()),
            waiting=r.outcome == CaseReviewOutcome.RECEIVED,
            decided_at=r.decided_at,
            notes=shown(r.outcome_notes),
        )
        for r in CaseReviewRequest.objects.filter(case=case, party=viewer).order_by("-requested_at", "-id")
    ]
    answered = (
        case.closed_at is not None
        and SurveyResponse.objects.filter(case=case, party=viewer, received_at__gte=case.closed_at).exists()
    )
    return ResidentCase(
        reference=case.reference,
        is_open=case.is_open,
        stage=stage if case.is_open else "Closed",
        stage_meaning=meaning if case.is_open else "",
        opened_at=case.opened_at,
        closed_at=case.closed_at if not case.is_open else None,
        closed_because=CLOSED_BECAUSE.get(ClosureReason(case.closure_reason), "") if case.closure_reason else "",
        officer=officer,
        about=[type_labels.get(t, t) for t in case.types.order_by("id").values_list("type_id", flat=True)],
        summary=summary,
        viewer_role=viewer.role,
        next_contact=_next_contact(case.pk, today()) if case.is_open else None,
        your_actions=plan[ActionOwner.COMPLAINANT],
        our_actions=plan[ActionOwner.LANDLORD],
        others_actions=plan[ActionOwner.AGENCY],
        contacts=contacts,
        diary=diary,
        files=files,
        reviews=reviews,
        survey_answered=answered,
        complaints_route=str(pack.closure.complaints_route),
    )


def resident_diary(link: ResidentLink) -> ResidentDiary:
    """A diary link's page: only the entries its own party made, and whether the case still takes entries."""
    entries = Incident.objects.filter(case_id=link.case_id, reported_by_id=link.party_id).order_by(
        "-occurred_at", "-id"
    )
    shown = Privacy(link.party)
    return ResidentDiary(is_open=link.case.is_open, entries=[_diary(i, shown) for i in entries])
