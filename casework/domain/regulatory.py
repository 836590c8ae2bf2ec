"""The regulator's counting rule for NM01, "anti-social behaviour cases opened per 1,000 homes".

From the Tenant Satisfaction Measures technical requirements: a case is counted when it is opened; further
reports about the same party while a case about them is open are part of that case, not new cases; a
report after that case has closed is a new case. A case recorded as a duplicate of another is never a new
case. This module is the rule itself, on plain values, so it can be read, tested and audited; the report
(`casework/reports/tsm.py`) asks the database the same question and is tested against this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CaseToCount:
    reference: str
    opened_at: datetime
    closed_at: datetime | None
    #: Who the case is about: the alleged perpetrators, each as a key that recognises the same person.
    about: frozenset[str]
    hate_related: bool = False
    #: The case this one was recorded as a duplicate of, if any.
    duplicate_of: str | None = None


@dataclass(frozen=True)
class CountingDecision:
    reference: str
    counted: bool
    reason: str
    #: The case it was counted with, when it was not counted on its own.
    counted_with: str | None = None
    hate_related: bool = False


def nm01_decisions(cases: Iterable[CaseToCount], start: datetime, end: datetime) -> list[CountingDecision]:
    """For each case opened from `start` up to (not including) `end`: is it a new case, and why.

    `cases` must include every case that could still have been open at `start` (earlier cases matter: a
    report in April about someone whose case opened in March and is still open is not a new case).
    """
    ordered = sorted(cases, key=lambda c: (c.opened_at, c.reference))
    decisions: list[CountingDecision] = []
    for index, case in enumerate(ordered):
        if not start <= case.opened_at < end:
            continue
        if case.duplicate_of is not None:
            decisions.append(
                CountingDecision(
                    case.reference,
                    False,
                    f"recorded as a duplicate of {case.duplicate_of}",
                    case.duplicate_of,
                    case.hate_related,
                )
            )
            continue
        earlier = next(
            (
                other
                for other in ordered[:index]
                if other.about & case.about and (other.closed_at is None or other.closed_at > case.opened_at)
            ),
            None,
        )
        if earlier is not None:
            decisions.append(
                CountingDecision(
                    case.reference,
                    False,
                    f"a further report about the same person while {earlier.reference} was open",
                    earlier.reference,
                    case.hate_related,
                )
            )
            continue
        decisions.append(CountingDecision(case.reference, True, "a new case", None, case.hate_related))
    return decisions


def per_thousand_homes(count: int, homes: int) -> float | None:
    """NM01's figure: `count` per 1,000 homes, to two decimal places; None when homes is not set."""
    if homes <= 0:
        return None
    return round(count * 1000 / homes, 2)
