"""The obligations engine: from a case's events, its pack and the calendar, every deadline and its status.

The rules are written out in docs/policy-packs.md ("How obligations are worked out"); in short:
events are replayed in order; for each pack obligation a discharge is applied first, then an `until`
event, then a start, so an event that both meets and ends a duty (closing the case meets the
resolution target) meets it. Due dates take the priority and owner role in force when the occurrence
was met or lapsed (or at the as-of date while it is still open), never earlier than the change itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from casework.domain.calendar import WorkingDayCalendar, add_months
from casework.domain.events import LONDON, CaseEvent, end_of_day
from casework.domain.packs.schema import Obligation as ObligationRule
from casework.domain.packs.schema import Period, PolicyPack

Status = Literal["open", "due-today", "overdue", "met", "met-late", "not-applicable"]


@dataclass(frozen=True)
class CaseFacts:
    """What the engine needs to know about a case besides its events."""

    types: tuple[str, ...]
    priority: str | None
    owner_role: str


@dataclass(frozen=True)
class ObligationStatus:
    id: str
    kind: str
    label: str
    occurrence: int
    owner_role: str
    started: date
    due: date | datetime | None
    status: Status
    met_at: datetime | None
    notify_when_overdue: tuple[str, ...] = ()
    #: Ended by an `until` event (normally closure) without being met: an overdue one was missed.
    lapsed: bool = False

    @property
    def due_date(self) -> date | None:
        """The due day in Europe/London (an `hours` deadline falls on a day too)."""
        if isinstance(self.due, datetime):
            return self.due.astimezone(LONDON).date()
        return self.due


@dataclass
class _Occurrence:
    start: CaseEvent
    met_by: CaseEvent | None = None
    lapsed_by: CaseEvent | None = None

    @property
    def settled_at(self) -> CaseEvent | None:
        return self.met_by or self.lapsed_by


def add_period(calendar: WorkingDayCalendar, start: datetime, period: Period) -> date | datetime:
    """When a period that starts at `start` ends: a date, or a moment for `hours`."""
    local = start.astimezone(LONDON)
    if period.unit == "working_days":
        return calendar.add_working_days(local.date(), period.amount)
    if period.unit == "calendar_days":
        return local.date() + timedelta(days=period.amount)
    if period.unit == "months":
        return add_months(local.date(), period.amount)
    return start + timedelta(hours=period.amount)


class CaseTimeline:
    """The case's priority and owner role as they changed over time."""

    def __init__(self, facts: CaseFacts, events: Sequence[CaseEvent]) -> None:
        self.facts = facts
        self.changes = [e for e in events if e.kind in {"priority.changed", "owner.changed"}]

    def at(self, moment: datetime) -> tuple[str | None, str]:
        priority, role = self.facts.priority, self.facts.owner_role
        for change in self.changes:
            if change.at > moment:
                break
            if change.kind == "priority.changed" and change.details.get("priority"):
                priority = str(change.details["priority"])
            elif change.kind == "owner.changed" and change.details.get("role"):
                role = str(change.details["role"])
        return priority, role

    def changes_between(self, after: datetime, until: datetime) -> list[CaseEvent]:
        return [change for change in self.changes if after < change.at <= until]


def _period(rule: ObligationRule, priority: str | None, role: str) -> Period | None:
    if rule.priorities and priority not in rule.priorities:
        return None
    if role in rule.period_by_role:
        return rule.period_by_role[role]
    if priority is not None and priority in rule.period_by_priority:
        return rule.period_by_priority[priority]
    return rule.period


def _replay(rule: ObligationRule, events: Sequence[CaseEvent]) -> list[_Occurrence]:
    """Every occurrence of the rule in `events` (in time order), each met, lapsed or still owed."""
    occurrences: list[_Occurrence] = []
    # The occurrences still owed, oldest first: a repeating duty on a long case has hundreds of settled
    # ones, and only these can be met or lapse.
    owed: list[_Occurrence] = []
    stopped = False
    started_since_stop = False
    for event in events:
        if not stopped and event.kind in rule.discharged_by and owed and owed[0].start.at <= event.at:
            waiting = owed.pop(0)
            waiting.met_by = event
            if rule.repeats and event.kind not in rule.until:
                occurrences.append(_Occurrence(start=event))
                owed.append(occurrences[-1])
        if event.kind in rule.until:
            stopped = True
            for occurrence in owed:
                occurrence.lapsed_by = event
            owed.clear()
            continue
        # A reopened case owes again every duty that starts when a case is opened.
        if event.kind in rule.starts_on or (event.kind == "case.reopened" and "case.opened" in rule.starts_on):
            if stopped:
                stopped, started_since_stop = False, False
            if rule.each_start or (not started_since_stop and not (rule.repeats and owed)):
                occurrences.append(_Occurrence(start=event))
                owed.append(occurrences[-1])
                started_since_stop = True
    return occurrences


def _local_date(value: date | datetime) -> date:
    return value.astimezone(LONDON).date() if isinstance(value, datetime) else value


def _on_time(met: CaseEvent, due: date | datetime) -> bool:
    if isinstance(due, datetime):
        return met.at <= due
    return met.local_date <= due


def _status(occurrence: _Occurrence, due: date | datetime | None, as_of: date) -> Status:
    if due is None:
        return "not-applicable"
    if occurrence.met_by is not None:
        return "met" if _on_time(occurrence.met_by, due) else "met-late"
    due_day = _local_date(due)
    if occurrence.lapsed_by is not None:
        # A duty already missed when the case closed stays missed; one not yet due simply lapses.
        return "overdue" if occurrence.lapsed_by.local_date > due_day else "not-applicable"
    if as_of < due_day:
        return "open"
    return "due-today" if as_of == due_day else "overdue"


def _due(
    calendar: WorkingDayCalendar,
    rule: ObligationRule,
    timeline: CaseTimeline,
    occurrence: _Occurrence,
    moment: datetime,
) -> tuple[date | datetime | None, str]:
    priority, role = timeline.at(moment)
    period = _period(rule, priority, role)
    owner = rule.owner_role or role
    if period is None:
        return None, owner
    due = add_period(calendar, occurrence.start.at, period)
    # A change of priority or owner never makes a duty due before the day of the change: floor the
    # due date at the latest change that altered this obligation's period.
    for change in reversed(timeline.changes_between(occurrence.start.at, moment)):
        before = _period(rule, *timeline.at(change.at - timedelta(microseconds=1)))
        after = _period(rule, *timeline.at(change.at))
        if before != after:
            floor: date | datetime = change.at if isinstance(due, datetime) else change.local_date
            due = max(due, floor)
            break
    return due, owner


def obligations_for(
    pack: PolicyPack,
    calendar: WorkingDayCalendar,
    facts: CaseFacts,
    events: Sequence[CaseEvent],
    as_of: date,
) -> list[ObligationStatus]:
    """Every obligation occurrence of a case as of a date, soonest due first.

    `events` must include the `case.opened` event; events after `as_of` are ignored.
    """
    known = sorted((e for e in events if e.local_date <= as_of), key=lambda e: e.at)
    end_of_as_of = end_of_day(as_of)
    timeline = CaseTimeline(facts, known)
    results: list[ObligationStatus] = []
    for rule in pack.obligations:
        if rule.types and not set(rule.types) & set(facts.types):
            continue
        for number, occurrence in enumerate(_replay(rule, known), start=1):
            settled = occurrence.settled_at
            moment = settled.at if settled is not None else end_of_as_of
            due, owner = _due(calendar, rule, timeline, occurrence, moment)
            results.append(
                ObligationStatus(
                    id=rule.id,
                    kind=rule.kind,
                    label=rule.label,
                    occurrence=number,
                    owner_role=owner,
                    started=occurrence.start.local_date,
                    due=due,
                    status=_status(occurrence, due, as_of),
                    met_at=occurrence.met_by.at if occurrence.met_by else None,
                    notify_when_overdue=tuple(rule.notify_when_overdue),
                    lapsed=occurrence.lapsed_by is not None,
                )
            )
    far_future = date.max
    results.sort(key=lambda o: (o.due_date or far_future, o.kind, o.occurrence))
    return results
