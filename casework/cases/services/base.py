"""What every case step shares: find and lock the case, check the path, append the event, re-derive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from casework.cases.engine import Replay, refresh
from casework.cases.models import Case, CaseEvent
from casework.cases.permissions import require, scope_to_visible
from casework.domain.events import LONDON
from casework.domain.events import CaseEvent as DomainEvent
from casework.domain.path import unmet_guards
from casework.errors import Conflict, InvalidInput, NotFound, StepBlocked

#: Steps that change a case's life: refused outright at a stage the pack has no such step from.
LIFECYCLE_STEPS = {
    "closure.proposed": "propose closure",
    "closure.agreed": "agree closure",
    "case.closed": "close the case",
    "case.reopened": "reopen the case",
}

#: What may still be recorded on a closed case: the closing letters, the survey and its answers, contacts,
#: and a request for an ASB Case Review and its outcome. Anything else needs the case reopened first.
#: (`letter.sent` is a letter with no pack event of its own, such as the survey: services/letters.py
#: allows only the closing ones then.)
ALLOWED_WHEN_CLOSED = {
    "case.reopened",
    "closure.letter-sent",
    "closure.perpetrator-letter-sent",
    "letter.sent",
    "survey.sent",
    "survey.returned",
    "case-review.requested",
    "case-review.decided",
    "complainant.contacted",
    "complainant.contact-attempted",
    "complainant.updated",
    "police-disclosure.read",
    # A resident's link is sent after closure too (the survey is on their case page), and may be revoked.
    "resident-link.sent",
    "resident-link.revoked",
}


def now() -> datetime:
    return timezone.now()


def locked_case(case: Case | str, *, actor: Any, capability: str, doing: str, version: int | None) -> Case:
    """The case, locked for this transaction, if the actor may see it and take the step; else an error.

    An invisible case is NotFound (never a hint that it exists); a stale `version` is a Conflict.
    """
    found = visible_case(case, actor=actor, capability=capability, doing=doing, lock=True)
    check_version(found, version)
    return found


def check_version(case: Case, version: int | None) -> None:
    """Refuse a write made against a version of the case other than the one now stored."""
    if version is not None and version != case.version:
        raise Conflict(
            f"case {case.reference} was changed by someone else since you loaded it "
            f"(you had version {version}, it is now {case.version}): reload it and try again",
            fields={"version": "out of date"},
        )


def visible_case(case: Case | str, *, actor: Any, capability: str, doing: str, lock: bool = False) -> Case:
    """The case if the actor may see it (else NotFound) and holds `capability` (else NotAllowed)."""
    reference = case.reference if isinstance(case, Case) else str(case)
    cases = Case.objects.select_for_update() if lock else Case.objects.all()
    found: Case | None = scope_to_visible(cases, actor).filter(reference=reference).first()
    if found is None:
        raise NotFound(f"no case {reference}")
    require(actor, capability, doing)
    return found


def when(at: datetime | None, case: Case, *, field: str = "at") -> datetime:
    """When a step happened: now unless given; never in the future, never before the case was opened."""
    moment = not_future(now() if at is None else at, field)
    if case.opened_at is not None and moment < case.opened_at:
        raise InvalidInput(
            f"{field} is before the case was opened ({case.opened_at.astimezone(LONDON):%d %B %Y %H:%M})",
            fields={field: "before the case was opened"},
        )
    return moment


def not_future(moment: datetime, field: str) -> datetime:
    """A time something happened, which may be before the case was opened but not after now."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    if moment > now() + timedelta(minutes=5):
        raise InvalidInput(f"{field.replace('_', ' ')} is in the future", fields={field: "cannot be in the future"})
    return moment


def check_step(case: Case, replay: Replay, verb: str) -> None:
    """Refuse an event the pack's path does not allow now, naming why; other events pass."""
    pack = replay.pack
    stage = replay.stage
    if (
        replay.is_closed_stage(stage)
        and verb not in ALLOWED_WHEN_CLOSED
        and not any(t.event == verb and stage in t.from_stages for t in pack.path.transitions)
    ):
        raise StepBlocked(f"case {case.reference} is closed: reopen it first", reasons=("the case is closed",))
    priority = replay.priority
    steps = [
        t
        for t in pack.path.transitions
        if t.event == verb and stage in t.from_stages and (not t.priorities or priority in t.priorities)
    ]
    if steps:
        blocked = [(t, unmet_guards(t, replay.events, priority)) for t in steps]
        if all(reasons for _, reasons in blocked):
            reasons = tuple(dict.fromkeys(r for _, rs in blocked for r in rs))
            label = blocked[0][0].label
            raise StepBlocked(f"{label}: not allowed yet — " + "; ".join(reasons), reasons=reasons)
        return
    if verb in LIFECYCLE_STEPS and any(t.event == verb for t in pack.path.transitions):
        stage_label = _stage_label(replay, stage)
        from_stages = sorted({s for t in pack.path.transitions if t.event == verb for s in t.from_stages})
        reason = f"you cannot {LIFECYCLE_STEPS[verb]} at the stage {stage_label!r} under {pack.pack.name}"
        raise StepBlocked(
            f"{reason}; it can be done from: " + ", ".join(_stage_label(replay, s) for s in from_stages),
            reasons=(reason,),
        )


def _stage_label(replay: Replay, stage_id: str) -> str:
    return next((s.label for s in replay.pack.path.stages if s.id == stage_id), stage_id)


def append(
    case: Case,
    *,
    actor: Any,
    verb: str,
    at: datetime,
    target: models.Model | None = None,
    payload: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        target_type=(target._meta.model_name or "") if target is not None else "",
        target_id=target.pk if target is not None else None,
        payload=payload or {},
        at=at,
        recorded_at=now(),
    )


def finish(case: Case, events: list[DomainEvent] | None = None) -> Replay:
    """Re-derive the case from its events, raise its version and save it: the last line of every step."""
    replay = refresh(case, events)
    case.version += 1
    case.save()
    return replay


def step(
    case: Case,
    *,
    actor: Any,
    verb: str,
    at: datetime,
    target: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    extra: Iterable[tuple[str, dict[str, Any]]] = (),
    replay: Replay | None = None,
) -> CaseEvent:
    """Check the path allows `verb` now, append it (and any `extra` events after it) and re-derive.

    `replay` is the caller's replay of the case as it stands, if it has one; the history is then read once
    for the whole step, and each event appended is added to it in memory.
    """
    replay = replay or Replay(case)
    check_step(case, replay, verb)
    event = append(case, actor=actor, verb=verb, at=at, target=target, payload=payload)
    events = _with(replay.events, event)
    for extra_verb, extra_payload in extra:
        # What a step brings with it (an interview with a contact, a priority from a risk band) is held
        # to the path like any other event: a closed case takes no new work this way either.
        check_step(case, Replay(case, events), extra_verb)
        events = _with(events, append(case, actor=actor, verb=extra_verb, at=at, target=target, payload=extra_payload))
    finish(case, events)
    return event


def _with(events: list[DomainEvent], added: CaseEvent) -> list[DomainEvent]:
    # In time order, as the database gives them (by time, then by id: the event just added comes last).
    return sorted([*events, DomainEvent(added.verb, added.at, added.payload)], key=lambda e: e.at)


def text(value: str | None, field: str, *, required: bool = True, max_length: int | None = None) -> str:
    """A trimmed text field, or a clear error naming it."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput(f"{field.replace('_', ' ')} is required", fields={field: "required"})
    if max_length is not None and len(cleaned) > max_length:
        raise InvalidInput(
            f"{field.replace('_', ' ')} is longer than {max_length} characters",
            fields={field: f"at most {max_length} characters"},
        )
    return cleaned


def choice(value: str, field: str, allowed: Iterable[str]) -> str:
    options = list(allowed)
    if value not in options:
        raise InvalidInput(
            f"{field.replace('_', ' ')} must be one of: {', '.join(options)} (got {value!r})",
            fields={field: "not one of the choices"},
        )
    return value
