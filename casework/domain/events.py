"""What can happen on a case: the standard event and obligation kinds, and the event value itself.

A case is a list of events; every deadline, stage and figure is derived from them (ARCHITECTURE.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

#: Event kinds every pack may use. Packs may declare more in `custom_event_kinds`.
STANDARD_EVENT_KINDS: tuple[str, ...] = (
    "case.opened",
    "acknowledged",
    "complainant.contacted",
    "complainant.contact-attempted",
    "complainant.updated",
    "risk.assessed",
    "action-plan.sent",
    "appointment.offered",
    "interview.held",
    "diary.sent",
    "diary.returned",
    "perpetrator.interviewed",
    "perpetrator.letter-sent",
    "review.held",
    "manager-review.held",
    "priority.changed",
    "owner.changed",
    "incident.reported",
    "case-conference.held",
    "intervention.proposed",
    "intervention.approved",
    "intervention.rejected",
    "intervention.started",
    "closure.proposed",
    "closure.agreed",
    "closure.letter-sent",
    "closure.perpetrator-letter-sent",
    "case.closed",
    "case.reopened",
    "survey.sent",
    "case-review.requested",
)

#: Obligation kinds every pack may use. Packs may declare more in `custom_obligation_kinds`.
STANDARD_OBLIGATION_KINDS: tuple[str, ...] = (
    "acknowledge",
    "first-contact",
    "risk-assessment",
    "action-plan",
    "appointment",
    "interview",
    "diary-return",
    "perpetrator-letter",
    "review",
    "manager-review",
    "resolution-target",
    "closure-letter",
    "closure-perpetrator-letter",
    "closure-response-window",
    "inactivity-closure",
    "survey",
    "keep-informed",
    "case-log-update",
)


@dataclass(frozen=True)
class CaseEvent:
    """One thing that happened on a case: a kind, an aware moment, and what else was recorded."""

    kind: str
    at: datetime
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError(f"event {self.kind!r}: time must be timezone-aware")

    @cached_property
    def local_date(self) -> date:
        """The date in Europe/London: working days are counted from here. Kept once worked out: the
        obligations engine asks it of every event for every rule (cached_property writes to the instance's
        __dict__, which a frozen dataclass allows, and it takes no part in equality or hashing)."""
        return self.at.astimezone(LONDON).date()


def end_of_day(day: date) -> datetime:
    """The last moment of a Europe/London day: everything recorded "as of" that day is at or before it."""
    return datetime.combine(day, datetime.max.time(), tzinfo=LONDON)


def as_london(moment: datetime) -> datetime:
    """A naive time is read as Europe/London wall-clock time; an aware one is kept."""
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment
