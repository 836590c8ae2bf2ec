"""The pack's duties as the obligations engine replays them, so stored duties agree with the events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from bench.large_org.base import DAY, HOUR, copy_text, cumulative


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    label: str
    starts_on: frozenset[str]
    discharged_by: tuple[str, ...]
    until: frozenset[str]
    repeats: bool
    each_start: bool
    types: frozenset[str]
    owner_role: str | None
    #: Every verb the rule reads: a case's other events never change its duties.
    verbs: frozenset[str]
    source: Any


class Plan:
    """What the generator needs from the pack: duties, periods, types, stages, interventions."""

    def __init__(self, pack: Any) -> None:
        from casework.cases.packs import calendar_of
        from casework.domain.calendar import add_months
        from casework.domain.triage import owner_role

        self.pack = pack
        self.calendar = calendar_of(pack)
        self._add_months = add_months
        self.rules = [
            Rule(
                r.id, r.kind, copy_text(r.label), frozenset(r.starts_on), tuple(r.discharged_by), frozenset(r.until),
                r.repeats, r.each_start, frozenset(r.types), r.owner_role,
                frozenset(r.starts_on) | frozenset(r.discharged_by) | frozenset(r.until), r,
            )
            for r in pack.obligations
        ]  # fmt: skip
        self.priorities = [p.id for p in pack.priorities]
        share = [0.15, 0.45, 0.40][: len(self.priorities)] or [1.0]
        self.priority_cum = cumulative(share + [share[-1]] * (len(self.priorities) - len(share)))
        self.types_by_priority = {
            p: [t.id for t in pack.types if t.priority == p or (t.priority is None and p in t.priority_choices)]
            or [t.id for t in pack.types]
            for p in self.priorities
        }
        self.hate_types = [t.id for t in pack.types if "hate" in t.id]
        self.priority_of_type = {t.id: t.priority for t in pack.types}
        self.owner_role = cache(lambda type_id, priority: owner_role(pack, [type_id], priority))
        stages = pack.path.stages
        self.open_stages = [s.id for s in stages if not s.closed]
        self.initial = pack.path.initial
        self.closed_stage = next(s.id for s in stages if s.closed)
        self.interventions = [(i.id, (i.approvals or [""])[0]) for i in pack.interventions]
        self.intervention_cum = cumulative([1 / (n + 1) for n in range(len(self.interventions))])
        bands = list(getattr(pack.risk_matrix, "bands", None) or [])
        self.band_for = {
            p: (next((b.id for b in bands if b.priority == p), p) if bands else p) for p in self.priorities
        }
        self.agreed_by = pack.closure.agreed_by
        self.survey = pack.closure.survey
        kinds = pack.event_kinds
        discharges = {v for r in self.rules for v in r.discharged_by}
        #: Verbs that only start a duty later in a case (a diary sent, a perpetrator interviewed).
        self.starters = sorted(
            v
            for r in self.rules
            for v in r.starts_on
            if v in kinds and v not in discharges and not v.startswith(("case.", "intervention."))
        )
        #: Routine events, so a case's history has the length asked for.
        self.fillers = [
            v
            for v in ("complainant.updated", "complainant.contact-attempted", "review.held", "diary.sent",
                      "diary.returned", "perpetrator.interviewed", "manager-review.held", "case-conference.held")
            if v in kinds
        ]  # fmt: skip
        self._periods: dict[tuple[str, str, str], tuple[str, int] | None] = {}

    @cache  # noqa: B019 - one plan per run; the cache is the point
    def add_working_days(self, day: int, n: int) -> int:
        return self.calendar.add_working_days(date.fromordinal(day), n).toordinal()

    def period(self, rule: Rule, priority: str, role: str) -> tuple[str, int] | None:
        """The rule's period for a priority and owner role, as the engine's _period: (unit, amount)."""
        key = (rule.id, priority, role)
        if key not in self._periods:
            source = rule.source
            found = None
            if not (source.priorities and priority not in source.priorities):
                if role in source.period_by_role:
                    found = source.period_by_role[role]
                elif priority in source.period_by_priority:
                    found = source.period_by_priority[priority]
                else:
                    found = source.period
            self._periods[key] = (found.unit, found.amount) if found is not None else None
        return self._periods[key]

    def due(self, rule: Rule, priority: str, role: str, start: int) -> tuple[int | None, int | None]:
        """(due day, due moment or None) of an occurrence starting at `start`, as the engine's add_period."""
        period = self.period(rule, priority, role)
        if period is None:
            return None, None
        unit, amount = period
        day = start // DAY
        if unit == "working_days":
            return self.add_working_days(day, amount), None
        if unit == "calendar_days":
            return day + amount, None
        if unit == "months":
            return self._add_months(date.fromordinal(day), amount).toordinal(), None
        moment = start + amount * HOUR
        return moment // DAY, moment


def replay(rule: Rule, events: list[tuple[int, str]]) -> list[list[int | None]]:
    """The rule's occurrences [start, met, lapsed] over a case's (time, verb) events, as obligations._replay."""
    occurrences: list[list[int | None]] = []
    stopped = started = False
    for t, verb in events:
        if not stopped and verb in rule.discharged_by:
            waiting = next((o for o in occurrences if o[1] is None and o[2] is None and o[0] <= t), None)  # type: ignore[operator]
            if waiting is not None:
                waiting[1] = t
                if rule.repeats and verb not in rule.until:
                    occurrences.append([t, None, None])
        if verb in rule.until:
            stopped = True
            for o in occurrences:
                if o[1] is None and o[2] is None:
                    o[2] = t
            continue
        if verb in rule.starts_on:
            has_open = any(o[1] is None and o[2] is None for o in occurrences)
            if rule.each_start or (not started and not (rule.repeats and has_open)):
                occurrences.append([t, None, None])
                started = True
    return occurrences


def obligation_state(due_day: int | None, due_at: int | None, met: int | None, lapsed: int | None) -> str:
    """The stored state the engine gives an occurrence (engine._state over obligations._status)."""
    if due_day is None:
        return "not-applicable"
    if met is not None:
        on_time = met <= due_at if due_at is not None else met // DAY <= due_day
        return "met" if on_time else "met-late"
    if lapsed is not None:
        return "missed" if lapsed // DAY > due_day else "not-applicable"
    return "pending"
