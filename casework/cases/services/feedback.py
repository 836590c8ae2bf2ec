"""What complainants tell us about the service: closure survey answers (the regulator's TP12) and requests
for an ASB Case Review, with whether the pack's threshold was met when each came in and its outcome.

Each answer or request is a row (the reports count rows) and an event on the case's history (whose payload
carries no free text: comments and notes stay on the row).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction

from casework.cases.choices import CaseReviewOutcome, PartyRole, Satisfaction, SurveySource
from casework.cases.engine import Replay
from casework.cases.models import Case, CaseReviewRequest, Party, SurveyResponse
from casework.cases.packs import calendar_of
from casework.cases.services.base import choice, locked_case, not_future, now, step, text
from casework.domain.case_review import CaseReviewEligibility, case_review_eligibility
from casework.domain.events import LONDON
from casework.domain.events import CaseEvent as DomainEvent
from casework.domain.packs import PolicyPack
from casework.errors import InvalidInput, NotFound, StepBlocked

#: Who may ask for an ASB Case Review: the complainant, or their advocate on their behalf.
REQUESTED_BY = (PartyRole.COMPLAINANT, PartyRole.ADVOCATE)

#: The outcomes a decision may record ("received" is where every request starts).
DECISIONS = [value for value in CaseReviewOutcome.values if value != CaseReviewOutcome.RECEIVED]


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%d %B %Y %H:%M}"


def _moment(value: datetime | None, case: Case, field: str, *, not_before: datetime | None, what: str) -> datetime:
    """When something came in: now unless given; never in the future, never before `not_before`."""
    moment = not_future(now() if value is None else value, field)
    # To the minute: a time typed as "10:30" may be of something that came in at 10:30:45.
    floor = not_before.replace(second=0, microsecond=0) if not_before is not None else None
    earliest = max((m for m in (case.opened_at, floor) if m is not None), default=None)
    if earliest is not None and moment < earliest:
        spoken = field.replace("_", " ")
        raise InvalidInput(f"{spoken} is before {what} ({_local(earliest)})", fields={field: f"before {what}"})
    return moment


def _party(case: Case, party_id: int | None, roles: Sequence[str], *, field: str, who: str) -> Party | None:
    if party_id is None:
        return None
    party = Party.objects.filter(case=case, pk=party_id).select_related("person").first()
    if party is None:
        raise InvalidInput(
            f"{field} {party_id} is not a party on case {case.reference}", fields={field: "not on this case"}
        )
    if party.role not in roles:
        raise InvalidInput(
            f"{party.person.name} is the {party.get_role_display().lower()} on case {case.reference}: {who}",
            fields={field: "not " + " or ".join(PartyRole(r).label.lower() for r in roles)},
        )
    return party


# -- the closure survey (TP12) ---------------------------------------------------------------------------------


@transaction.atomic
def survey_record(
    *,
    actor: Any,
    case: Case | str,
    satisfaction: str,
    source: str,
    comments: str = "",
    received_at: datetime | None = None,
    party_id: int | None = None,
    version: int | None = None,
) -> SurveyResponse:
    """Record a complainant's answer to the closure survey. Only on a closed case (TP12 counts closure
    surveys), received after it closed, and once per complainant for each closure."""
    case = locked_case(case, actor=actor, capability="case.work", doing="record a survey response", version=version)
    if case.is_open:
        why = f"case {case.reference} is open: the survey is sent when it closes"
        raise StepBlocked(f"the satisfaction survey is about a closed case: {why}", reasons=(why,))
    choice(satisfaction, "satisfaction", Satisfaction.values)
    choice(source, "source", SurveySource.values)
    party = _party(
        case, party_id, [PartyRole.COMPLAINANT], field="party", who="only a complainant answers the closure survey"
    )
    moment = _moment(received_at, case, "received_at", not_before=case.closed_at, what="the case was closed")
    if (
        party is not None
        and case.closed_at is not None
        and SurveyResponse.objects.filter(case=case, party=party, received_at__gte=case.closed_at).exists()
    ):
        raise InvalidInput(
            f"{party.person.name}'s answer to the survey about this closure is already recorded",
            fields={"party": "already answered"},
        )
    response = SurveyResponse.objects.create(
        case=case,
        party=party,
        satisfaction=satisfaction,
        comments=comments.strip(),
        source=source,
        received_at=moment,
        recorded_at=now(),
        recorded_by=actor,
    )
    step(
        case,
        actor=actor,
        verb="survey.returned",
        at=moment,
        target=response,
        payload={"satisfaction": satisfaction, "source": source},
    )
    return response


# -- ASB Case Review ---------------------------------------------------------------------------------------------


def threshold_in_words(pack: PolicyPack) -> str:
    """The pack's ASB Case Review threshold as a complainant would be told it."""
    review = pack.case_review
    if review is None:
        return f"{pack.pack.name} sets no threshold of its own: the local partnership's threshold applies"
    incidents = f"{review.incidents} incident{'' if review.incidents == 1 else 's'}"
    words = f"{incidents} reported in {review.window.describe()}"
    if review.high_risk_override:
        words += ", or fewer where the case is high risk"
    return words


def is_high_risk(pack: PolicyPack, case: Case) -> bool:
    """Whether the case's current risk band is the top band of the pack's risk matrix (never merely the most
    urgent priority, which says how fast, not how much harm: as the simulator decides it)."""
    matrix = pack.risk_matrix
    if matrix is None or not case.risk_band:
        return False
    return case.risk_band == max(matrix.bands, key=lambda band: band.min_score).id


def case_review_check(
    case: Case, *, as_of: date, high_risk: bool = False, events: Sequence[DomainEvent] | None = None
) -> CaseReviewEligibility:
    """Whether the case meets its pack's ASB Case Review threshold on `as_of`: the incidents reported on it in
    the pack's window, or (where the pack allows) its being high risk — in the officer's judgement
    (`high_risk`) or by the top band of the risk matrix."""
    replay = Replay(case, events)
    pack = replay.pack
    high = high_risk or is_high_risk(pack, case)
    return case_review_eligibility(pack, calendar_of(pack), incidents_reported(replay.events), as_of, high_risk=high)


def incidents_reported(events: Sequence[DomainEvent]) -> list[DomainEvent]:
    """One event per incident recorded on the case, at the time it was reported.

    The case file writes `incident.reported` for every incident, the report that opened the case included
    (beside its `case.opened`) and a diary sheet (beside its `diary.returned`): counting every kind the
    domain calls an incident would count those twice.
    """
    return [event for event in events if event.kind == "incident.reported"]


@transaction.atomic
def case_review_request(
    *,
    actor: Any,
    case: Case | str,
    requested_at: datetime | None = None,
    party_id: int | None = None,
    high_risk: bool = False,
    version: int | None = None,
) -> CaseReviewRequest:
    """Record a request for an ASB Case Review (on an open or closed case), with whether the pack's threshold
    was met when it came in. `high_risk` is the officer's judgement that the case is high risk."""
    case = locked_case(
        case, actor=actor, capability="case.work", doing="record an ASB Case Review request", version=version
    )
    party = _party(
        case,
        party_id,
        REQUESTED_BY,
        field="party",
        who="an ASB Case Review is asked for by a complainant or their advocate",
    )
    moment = _moment(requested_at, case, "requested_at", not_before=None, what="the case was opened")
    waiting = CaseReviewRequest.objects.filter(case=case, party=party, outcome=CaseReviewOutcome.RECEIVED).first()
    if waiting is not None:
        who = f"from {party.person.name} " if party is not None else ""
        why = (
            f"the request {who}of {_local(waiting.requested_at)} is still waiting for its outcome: "
            "a manager records that first"
        )
        raise StepBlocked(f"ASB Case Review request: {why}", reasons=(why,))
    replay = Replay(case)
    result = case_review_check(case, as_of=moment.astimezone(LONDON).date(), high_risk=high_risk, events=replay.events)
    request = CaseReviewRequest.objects.create(
        case=case,
        party=party,
        requested_at=moment,
        threshold_met=result.eligible,
        threshold_reason=result.reason,
        recorded_by=actor,
    )
    step(
        case,
        actor=actor,
        verb="case-review.requested",
        at=moment,
        target=request,
        payload={
            "threshold_met": result.eligible,
            "incidents": result.incidents_in_window,
            "high_risk": bool(high_risk),
        },
        replay=replay,
    )
    return request


@transaction.atomic
def case_review_decide(
    *,
    actor: Any,
    case: Case | str,
    request_id: int,
    outcome: str,
    notes: str,
    decided_at: datetime | None = None,
    version: int | None = None,
) -> CaseReviewRequest:
    """Record the outcome of an ASB Case Review request (managers only), once, with the reasons."""
    case = locked_case(
        case,
        actor=actor,
        capability="case-review.decide",
        doing="record the outcome of an ASB Case Review request",
        version=version,
    )
    request = CaseReviewRequest.objects.select_for_update().filter(case=case, pk=request_id).first()
    if request is None:
        raise NotFound(f"no ASB Case Review request {request_id} on case {case.reference}")
    if request.outcome != CaseReviewOutcome.RECEIVED:
        decided = f" on {_local(request.decided_at)}" if request.decided_at else ""
        why = (
            f"the outcome of the request of {_local(request.requested_at)} is already recorded{decided} "
            f"({request.get_outcome_display().lower()}): it is recorded once"
        )
        raise StepBlocked(f"ASB Case Review outcome: {why}", reasons=(why,))
    choice(outcome, "outcome", DECISIONS)
    why = text(notes, "notes")
    moment = _moment(decided_at, case, "decided_at", not_before=request.requested_at, what="the request came in")
    request.outcome = outcome
    request.outcome_notes = why
    request.decided_at = moment
    request.save(update_fields=["outcome", "outcome_notes", "decided_at"])
    step(case, actor=actor, verb="case-review.decided", at=moment, target=request, payload={"outcome": outcome})
    return request
