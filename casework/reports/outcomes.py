"""Outcomes: how long the cases closed in a period took, why they closed, and what followed our interventions.

Days open are whole London days from the day a case opened to the day it closed. The database counts the
closed cases by priority and days open (Django's date subtraction, the same on SQLite and PostgreSQL), and
Python folds those counts into averages and medians. "Within the target" uses the engine's own deadline
rule (`add_period`: calendar months clamp to the month's end, working days skip bank holidays), which no
SQL expression reproduces, so for the priorities with a target only the cases are also counted by day
opened and day closed (one count per distinct pair of days) and each pair is judged in Python. The rows
fetched are bounded by the days, never by the cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from casework.cases.choices import ClosureReason
from casework.cases.models import Case, Incident, Intervention
from casework.cases.packs import active_pack, calendar_of
from casework.domain.calendar import CalendarError, WorkingDayCalendar
from casework.domain.events import LONDON
from casework.domain.obligations import add_period
from casework.domain.packs import PolicyPack
from casework.domain.packs.schema import Period as TargetPeriod
from casework.reports.labels import humanise, priority_label
from casework.reports.params import ReportParams
from casework.reports.scope import Period, Scope, start_of
from casework.reports.tables import Chart, Column, Report, Table, percent

NO_REASON = "No reason recorded"


def closed_in(scope: Scope, period: Period) -> QuerySet[Case]:
    return scope.cases().filter(closed_at__gte=period.starts_at, closed_at__lt=period.ends_before)


def median(histogram: dict[int, int]) -> float | int | None:
    """The middle value of a list given as {value: how many times}; the mean of the two middles when even."""
    n = sum(histogram.values())
    if not n:
        return None
    wanted = ((n - 1) // 2, n // 2)  # 0-based positions of the middle one or two
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
    both = found[0] + found[1]
    return both // 2 if both % 2 == 0 else both / 2


def _last_day(opened: date, target: TargetPeriod, calendar: WorkingDayCalendar) -> date:
    """The last day a case opened on `opened` is within `target`."""
    deadline = add_period(calendar, start_of(opened), target)
    return deadline.astimezone(LONDON).date() if isinstance(deadline, datetime) else deadline


class _Closed:
    """The closed cases of one priority (or of all), folded from counts by day opened and day closed."""

    def __init__(self) -> None:
        self.days: dict[int, int] = defaultdict(int)
        self.within = 0
        self.targeted = 0

    def add(self, days: int, n: int) -> None:
        self.days[days] += n

    @property
    def cases(self) -> int:
        return sum(self.days.values())

    @property
    def average(self) -> float | None:
        return round(sum(d * n for d, n in self.days.items()) / self.cases, 1) if self.cases else None


def _resolution_time(scope: Scope, period: Period, pack: PolicyPack) -> Table:
    calendar = calendar_of(pack)
    targets = {p.id: p.resolution_target for p in pack.priorities if p.resolution_target is not None}
    days_open = closed_in(scope, period).annotate(
        opened_on=TruncDate("opened_at", tzinfo=LONDON), closed_on=TruncDate("closed_at", tzinfo=LONDON)
    )
    # How long: counts by priority and days open (a few thousand rows however many cases closed).
    lengths = (
        days_open.annotate(days=ExpressionWrapper(F("closed_on") - F("opened_on"), output_field=DurationField()))
        .values("priority", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_priority: dict[str, _Closed] = defaultdict(_Closed)
    overall = _Closed()
    for length in lengths:
        days = length["days"].days
        by_priority[length["priority"]].add(days, length["n"])
        overall.add(days, length["n"])
    # Within the target: by the day opened and the day closed, for the priorities that have a target only.
    pairs = (
        days_open.filter(priority__in=targets)
        .values("priority", "opened_on", "closed_on")
        .annotate(n=Count("pk"))
        .order_by()
        if targets
        else ()
    )
    last_days: dict[tuple[str, date], date | None] = {}  # each day opened is worked out once per priority
    for pair in pairs:
        folded = by_priority[pair["priority"]]
        opened = (pair["priority"], pair["opened_on"])
        if opened not in last_days:
            try:
                last_days[opened] = _last_day(pair["opened_on"], targets[pair["priority"]], calendar)
            except CalendarError:  # a day outside the years the working-day calendar knows: not judged
                last_days[opened] = None
        last_day = last_days[opened]
        if last_day is None:
            continue
        folded.targeted += pair["n"]
        folded.within += pair["n"] if pair["closed_on"] <= last_day else 0
    order = [p.id for p in pack.priorities] + sorted(set(by_priority) - {p.id for p in pack.priorities})
    rows = []
    for priority in order:
        folded = by_priority.get(priority, _Closed())
        target = targets.get(priority)
        rows.append(
            {
                "priority": priority_label(pack, priority),
                "closed": folded.cases,
                "average": folded.average,
                "median": median(folded.days),
                "target": target.describe() if target else "None set",
                "within": folded.within if target else None,
                "pct_within": percent(folded.within, folded.targeted) if target else None,
            }
        )
    within_total = sum(f.within for p, f in by_priority.items() if p in targets)
    targeted = sum(f.targeted for p, f in by_priority.items() if p in targets)
    totals = {
        "priority": "All closed cases",
        "closed": overall.cases,
        "average": overall.average,
        "median": median(overall.days),
        "target": "",
        "within": within_total if targets else None,
        "pct_within": percent(within_total, targeted) if targets else None,
    }
    return Table(
        key="resolution-time",
        title="How long the cases closed took, by priority",
        columns=(
            Column("priority", "Priority"),
            Column("closed", "Cases closed", "count"),
            Column("average", "Average days open", "days"),
            Column("median", "Median days open", "days"),
            Column("target", "Resolution target"),
            Column("within", "Closed within the target", "count"),
            Column("pct_within", "% within the target", "percent", of=("within", "closed")),
        ),
        rows=tuple(rows) if overall.cases else (),
        totals=(totals,) if overall.cases else (),
        caption=f"Cases closed {period.describe()}",
        chart=Chart("bar", "priority", ("average", "median")),
        notes=(
            "Days open: calendar days from the day the case was opened to the day it closed (0 if the same day).",
            "Median: half the cases took this many days or fewer.",
            "Within the target: closed on or before the day the priority's resolution target ran out, counted "
            "as the policy counts it (calendar months, or working days without bank holidays). Targets are the "
            "policy pack's in use now; the total's percentage is of the cases at priorities with a target.",
            "The priority is the case's priority when it closed.",
        ),
        empty="No cases closed in this period.",
    )


def _closure_reasons(scope: Scope, period: Period) -> Table:
    counted = {
        r["closure_reason"]: r["n"]
        for r in closed_in(scope, period).values("closure_reason").annotate(n=Count("pk")).order_by()
    }
    total = sum(counted.values())
    labels = dict(ClosureReason.choices)
    order = [value for value in labels if value in counted] + sorted(set(counted) - set(labels))
    rows = tuple(
        {
            "reason": labels.get(reason) or (humanise(reason) if reason else NO_REASON),
            "cases": counted[reason],
            "share": percent(counted[reason], total),
        }
        for reason in order
    )
    return Table(
        key="closure-reasons",
        title="Why the cases closed",
        columns=(
            Column("reason", "Reason for closing"),
            Column("cases", "Cases closed", "count"),
            Column("share", "Share of cases closed", "percent", of=("cases",)),
        ),
        rows=rows,
        totals=({"reason": "All closed cases", "cases": total, "share": percent(total, total)},) if rows else (),
        caption=f"Cases closed {period.describe()}",
        chart=Chart("bar", "reason", ("cases",)),
        notes=("The reason the officer recorded when closing the case.",),
        empty="No cases closed in this period.",
    )


def _ordered(found: Iterable[str], known: Iterable[str]) -> list[str]:
    found = set(found)
    known = list(known)
    return [k for k in known if k in found] + sorted(found - set(known))


def _interventions(scope: Scope, period: Period, pack: PolicyPack) -> Table:
    end = start_of(scope.as_of + timedelta(days=1))
    closed = Q(case__closed_at__lt=end)
    later_incident = Incident.objects.filter(
        case=OuterRef("case"), occurred_at__gt=OuterRef("started_at"), occurred_at__lt=end
    )
    started = scope.on_cases(
        Intervention.objects.filter(started_at__gte=period.starts_at, started_at__lt=period.ends_before)
    )
    counted = {
        r["kind"]: r
        for r in started.annotate(followed=Exists(later_incident))
        .values("kind")
        .annotate(
            started=Count("pk"),
            resolved=Count("pk", filter=closed & Q(case__closure_reason=ClosureReason.RESOLVED)),
            other=Count("pk", filter=closed & ~Q(case__closure_reason=ClosureReason.RESOLVED)),
            still_open=Count("pk", filter=Q(case__closed_at__isnull=True) | Q(case__closed_at__gte=end)),
            followed=Count("pk", filter=Q(followed=True)),
        )
        .order_by()
    }
    keys = ("started", "resolved", "other", "still_open", "followed")

    def figures(found: dict[str, Any]) -> dict[str, Any]:
        out = {key: found.get(key, 0) for key in keys}
        return out | {"pct_followed": percent(out["followed"], out["started"])}

    rows = []
    for kind in _ordered(counted, (i.id for i in pack.interventions)):
        rule = pack.intervention(kind)
        rows.append({"kind": rule.label if rule else humanise(kind), **figures(counted[kind])})
    totals = figures({key: sum(r[key] for r in rows) for key in keys})
    return Table(
        key="interventions",
        title="Interventions started, and what followed",
        columns=(
            Column("kind", "Intervention"),
            Column("started", "Started", "count"),
            Column("resolved", "Case since closed as resolved", "count"),
            Column("other", "Case since closed for another reason", "count"),
            Column("still_open", "Case still open", "count"),
            Column("followed", "Further incidents after it started", "count"),
            Column("pct_followed", "% with further incidents", "percent", of=("followed", "started")),
        ),
        rows=tuple(rows),
        totals=({"kind": "All interventions", **totals},) if rows else (),
        caption=f"Interventions started {period.describe()}",
        chart=Chart("stacked-bar", "kind", ("resolved", "other", "still_open")),
        notes=(
            f"What became of the case is as it stood on {scope.as_of:%-d %B %Y}.",
            "Further incidents after it started: at least one incident on the same case happened after the "
            "intervention started. An intervention counts once however many incidents followed it.",
            "A case with two interventions counts under each.",
        ),
        empty="No interventions started in this period.",
    )


def build(scope: Scope, params: ReportParams) -> Report:
    period = params.period
    pack = active_pack()
    resolution = _resolution_time(scope, period, pack)
    reasons = _closure_reasons(scope, period)
    interventions = _interventions(scope, period, pack)
    closed = resolution.totals[0] if resolution.totals else {"closed": 0, "median": None}
    resolved = next((r["cases"] for r in reasons.rows if r["reason"] == ClosureReason.RESOLVED.label), 0)
    median_days = closed["median"]
    summary = (
        f"{closed['closed']} cases closed, {resolved} of them resolved"
        + (f"; half took {median_days:g} days or fewer" if median_days is not None else "")
        + f"; {interventions.totals[0]['started'] if interventions.totals else 0} interventions started."
    )
    return Report(
        slug="outcomes",
        title="Outcomes",
        summary=summary,
        tables=(resolution, reasons, interventions),
        described=(("Period", period.describe()), ("Cases", scope.describe())),
    )
