"""ASB Case Review (formerly the Community Trigger): does the complainant meet the pack's threshold?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from casework.domain.calendar import WorkingDayCalendar, add_months
from casework.domain.events import CaseEvent
from casework.domain.packs.schema import Period, PolicyPack

#: What counts as a reported incident: the report that opened the case and each one after it. A diary sheet's
#: incidents are each recorded as `incident.reported`; the `diary.returned` that comes with them is the
#: sheet, not another incident, so counting it too would count each diary incident twice.
INCIDENT_EVENTS = frozenset({"case.opened", "incident.reported"})


@dataclass(frozen=True)
class CaseReviewEligibility:
    eligible: bool
    reason: str
    incidents_in_window: int


def window_start(window: Period, calendar: WorkingDayCalendar, as_of: date) -> date:
    """The first day inside the look-back window that ends on `as_of`."""
    if window.unit == "months":
        return add_months(as_of, -window.amount) + timedelta(days=1)
    if window.unit == "working_days":
        start = as_of
        for _ in range(window.amount):
            start -= timedelta(days=1)
            while not calendar.is_working_day(start):
                start -= timedelta(days=1)
        return start
    days = window.amount if window.unit == "calendar_days" else -(-window.amount // 24)
    return as_of - timedelta(days=days) + timedelta(days=1)


def case_review_eligibility(
    pack: PolicyPack,
    calendar: WorkingDayCalendar,
    events: Sequence[CaseEvent],
    as_of: date,
    high_risk: bool = False,
) -> CaseReviewEligibility:
    """Count reported incidents in the pack's window ending on `as_of` and compare with its threshold."""
    threshold = pack.case_review
    if threshold is None:
        return CaseReviewEligibility(
            False,
            "This pack sets no ASB Case Review threshold: the local partnership's threshold applies.",
            0,
        )
    start = window_start(threshold.window, calendar, as_of)
    count = sum(1 for e in events if e.kind in INCIDENT_EVENTS and start <= e.local_date <= as_of)
    window = threshold.window.describe()
    if count >= threshold.incidents:
        return CaseReviewEligibility(
            True,
            f"{count} incidents reported in the {window} to {as_of.isoformat()} (threshold {threshold.incidents}).",
            count,
        )
    if high_risk and threshold.high_risk_override:
        return CaseReviewEligibility(
            True,
            f"Only {count} of {threshold.incidents} incidents in the {window} to {as_of.isoformat()}, "
            "but the case is high risk, which this pack says may qualify.",
            count,
        )
    return CaseReviewEligibility(
        False,
        f"{count} of {threshold.incidents} incidents reported in the {window} to {as_of.isoformat()}.",
        count,
    )
