"""Open cases: how old they are against each priority's resolution target, and what is missing from them.

"Open" means open at the end of the report's day: opened by then and not closed by then. Ages are in calendar
months, counted back from the report's day. Whether a case is past its priority's target is worked out the
way the engine dates a deadline (`add_period`): for each priority, the latest opening day whose target fell
before the report's day is found once in Python, and the database counts the cases opened before it.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from casework.cases.models import Case, Obligation
from casework.cases.packs import active_pack, calendar_of
from casework.domain.calendar import CalendarError, WorkingDayCalendar
from casework.domain.calendar import add_months as add_calendar_months
from casework.domain.obligations import add_period
from casework.domain.packs import PolicyPack
from casework.domain.packs.schema import Period as TargetPeriod
from casework.reports.labels import priority_label, staff_name
from casework.reports.params import ReportParams
from casework.reports.scope import Scope, start_of
from casework.reports.tables import Chart, Column, Link, Report, Table, percent

#: The list of cases with something missing shows at most this many; the counts always count them all.
LISTED = 200

REVIEW_KINDS = ("review", "manager-review")

#: (key, label, months): a case is in the first band whose age it has not yet reached.
BANDS: tuple[tuple[str, str, int | None], ...] = (
    ("under_1", "Under 1 month", 1),
    ("from_1_to_3", "1 to 3 months", 3),
    ("from_3_to_6", "3 to 6 months", 6),
    ("from_6_to_12", "6 to 12 months", 12),
    ("over_12", "12 months or more", None),
)


def open_on(scope: Scope) -> QuerySet[Case]:
    """The scope's cases open at the end of the report's day."""
    end = start_of(scope.as_of + timedelta(days=1))
    return scope.cases().filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end), opened_at__lt=end)


def past_target_before(as_of: date, target: TargetPeriod, calendar: WorkingDayCalendar) -> datetime:
    """The moment such that a case opened before it had passed `target` by `as_of` (its deadline was earlier).

    The deadline of a case opened on day d is `add_period` from d, which never moves earlier as d moves later,
    so the cases past their target are exactly those opened up to some latest day: found by bisection.
    """
    if target.unit == "hours":
        return start_of(as_of) - timedelta(hours=target.amount)

    def past(opened: date) -> bool:
        deadline = add_period(calendar, start_of(opened), target)
        due = deadline.date() if isinstance(deadline, datetime) else deadline
        return due < as_of

    # Far enough back that the target has certainly passed: a working day is never more than a week away.
    days = {"calendar_days": 1, "working_days": 7, "months": 31}[target.unit] * target.amount + 31
    earliest, latest = as_of - timedelta(days=days), as_of  # past(earliest) holds; past(as_of) never does
    while latest - earliest > timedelta(days=1):
        middle = earliest + (latest - earliest) // 2
        if past(middle):
            earliest = middle
        else:
            latest = middle
    return start_of(earliest + timedelta(days=1))


def _targets(pack: PolicyPack, as_of: date) -> dict[str, tuple[TargetPeriod, datetime | None]]:
    """Each priority with a resolution target: the target, and before when a case must open to be past it."""
    calendar = calendar_of(pack)
    targets: dict[str, tuple[TargetPeriod, datetime | None]] = {}
    for priority in pack.priorities:
        if priority.resolution_target is not None:
            try:
                cutoff: datetime | None = past_target_before(as_of, priority.resolution_target, calendar)
            except CalendarError:  # a day outside the years the working-day calendar knows
                cutoff = None
            targets[priority.id] = (priority.resolution_target, cutoff)
    return targets


def _ageing(scope: Scope, pack: PolicyPack) -> tuple[Table, dict[str, Any]]:
    as_of = scope.as_of
    bounds = {
        key: start_of(add_calendar_months(as_of, -months) + timedelta(days=1)) for key, _, months in BANDS if months
    }
    counts: dict[str, Any] = {"total": Count("pk")}
    younger_band_from = None  # when the band before (younger cases) starts: this band's cases opened before it
    for key, _, months in BANDS:
        condition = Q() if months is None else Q(opened_at__gte=bounds[key])
        if younger_band_from is not None:
            condition &= Q(opened_at__lt=younger_band_from)
        counts[key] = Count("pk", filter=condition)
        younger_band_from = bounds.get(key)
    targets = _targets(pack, as_of)
    past = [Q(priority=priority, opened_at__lt=cutoff) for priority, (_, cutoff) in targets.items() if cutoff]
    if past:
        counts["past"] = Count("pk", filter=reduce(operator.or_, past))
    grouped: dict[str, Mapping[str, Any]] = {
        r["priority"]: r for r in open_on(scope).values("priority").annotate(**counts).order_by()
    }

    order = [p.id for p in pack.priorities] + sorted(set(grouped) - {p.id for p in pack.priorities})
    rows = []
    for priority in order:
        found = grouped.get(priority, {})
        total: int = found.get("total", 0)
        target = targets.get(priority)
        has_past = target is not None and target[1] is not None
        row: dict[str, Any] = {
            "priority": priority_label(pack, priority),
            "total": total,
            **{key: found.get(key, 0) for key, _, _ in BANDS},
            "target": target[0].describe() if target else "None set",
            "past": found.get("past", 0) if has_past else None,
        }
        row["pct_past"] = percent(row["past"], total) if has_past else None
        rows.append(row)
    past_total = sum(r["past"] for r in rows if r["past"] is not None)
    targeted_total = sum(r["total"] for r in rows if r["past"] is not None)
    totals = {
        "priority": "All open cases",
        "total": sum(r["total"] for r in rows),
        **{key: sum(r[key] for r in rows) for key, _, _ in BANDS},
        "target": "",
        "past": past_total if targets else None,
        "pct_past": percent(past_total, targeted_total) if targets else None,
    }
    table = Table(
        key="ageing",
        title="Open cases by age, against the resolution target",
        columns=(
            Column("priority", "Priority"),
            Column("total", "Open cases", "count"),
            *(Column(key, label, "count") for key, label, _ in BANDS),
            Column("target", "Resolution target"),
            Column("past", "Past the target", "count"),
            Column("pct_past", "% past the target", "percent", of=("past", "total")),
        ),
        rows=tuple(rows) if totals["total"] else (),
        totals=(totals,) if totals["total"] else (),
        caption=f"Cases open on {as_of:%-d %B %Y}",
        chart=Chart("stacked-bar", "priority", tuple(key for key, _, _ in BANDS)),
        notes=(
            f"Age is counted in calendar months from the day the case was opened to {as_of:%-d %B %Y}; "
            "a case opened exactly 3 months ago is in 3 to 6 months.",
            "Resolution target: how long the policy aims to take to resolve a case at that priority. Past the "
            "target: the target date passed before this day and the case is still open.",
            "Targets are the policy pack's in use now; where it sets none, nothing is counted as past it. "
            "The total's percentage is of the open cases at priorities with a target.",
        ),
        empty="There are no open cases.",
    )
    return table, totals


def _with_gaps(scope: Scope) -> QuerySet[Case]:
    """Open cases, each marked with what is missing: a risk assessment, an action plan, a review on time."""
    end = start_of(scope.as_of + timedelta(days=1))
    # The case's first risk assessment and action plan are stored on it by the engine (from its events), so
    # no case's history is searched; a review overdue is one of the few pending overdue duties, hashed once.
    review_late = Obligation.objects.filter(kind__in=REVIEW_KINDS, state="pending", due_date__lt=scope.as_of).values(
        "case_id"
    )
    not_by = {
        field: Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": end})
        for field in ("first_risk_assessment_at", "first_action_plan_at")
    }
    return open_on(scope).annotate(
        no_risk=ExpressionWrapper(not_by["first_risk_assessment_at"], output_field=BooleanField()),
        no_plan=ExpressionWrapper(not_by["first_action_plan_at"], output_field=BooleanField()),
        review_overdue=ExpressionWrapper(Q(pk__in=review_late), output_field=BooleanField()),
    )


#: (annotation, the count's label, the words in the list of cases)
MISSING: tuple[tuple[str, str, str], ...] = (
    ("no_risk", "No risk assessment recorded", "no risk assessment"),
    ("no_plan", "No action plan", "no action plan"),
    ("review_overdue", "A review overdue", "review overdue"),
)
ANY_GAP = Q(no_risk=True) | Q(no_plan=True) | Q(review_overdue=True)


def _missing(scope: Scope, pack: PolicyPack) -> tuple[Table, Table]:
    cases = _with_gaps(scope)
    # One pass: open cases grouped by which things they miss (at most eight groups), summed here. Grouping
    # asks each EXISTS once per case; a FILTER per figure would ask it again for every figure.
    figures = {"open": 0, "any": 0, **{f"{key}_count": 0 for key, _, _ in MISSING}}
    for group in cases.values(*(key for key, _, _ in MISSING)).annotate(n=Count("pk")).order_by():
        figures["open"] += group["n"]
        figures["any"] += group["n"] if any(group[key] for key, _, _ in MISSING) else 0
        for key, _, _ in MISSING:
            figures[f"{key}_count"] += group["n"] if group[key] else 0
    counts = Table(
        key="missing",
        title="Open cases with something missing",
        columns=(
            Column("what", "What is missing"),
            Column("cases", "Open cases", "count"),
            Column("share", "Share of open cases", "percent", of=("cases",)),
        ),
        rows=tuple(
            {
                "what": label,
                "cases": figures[f"{key}_count"],
                "share": percent(figures[f"{key}_count"], figures["open"]),
            }
            for key, label, _ in MISSING
        )
        if figures["open"]
        else (),
        totals=(
            (
                {"what": "Any of these", "cases": figures["any"], "share": percent(figures["any"], figures["open"])},
                {
                    "what": "All open cases",
                    "cases": figures["open"],
                    "share": percent(figures["open"], figures["open"]),
                },
            )
            if figures["open"]
            else ()
        ),
        caption=f"Cases open on {scope.as_of:%-d %B %Y}",
        chart=Chart("bar", "what", ("cases",)),
        notes=(
            "No risk assessment recorded: no risk assessment has been completed on the case.",
            "No action plan: no action agreed on the case's action plan, and no action plan letter sent.",
            "A review overdue: a case review or manager review is due and its deadline has passed.",
            "A case can be missing more than one thing, so the rows add up to more than the cases.",
        ),
        empty="There are no open cases.",
    )
    listed = cases.filter(ANY_GAP).select_related("owner").order_by("opened_at", "pk")[: LISTED + 1]
    rows = []
    for case in listed:
        gaps = [words for key, _, words in MISSING if getattr(case, key)]
        rows.append(
            {
                "case": Link(case.reference, case.reference),
                "owner": staff_name(case.owner, "No named owner"),
                "priority": priority_label(pack, case.priority),
                "opened": timezone.localtime(case.opened_at).date(),
                "missing": ", ".join(gaps).capitalize(),
            }
        )
    cases_table = Table(
        key="cases-missing",
        title="The open cases with something missing",
        columns=(
            Column("case", "Case", "case"),
            Column("owner", "Owner"),
            Column("priority", "Priority"),
            Column("opened", "Opened", "date"),
            Column("missing", "What is missing"),
        ),
        rows=tuple(rows[:LISTED]),
        caption=f"Oldest first; {figures['any']} cases in all",
        notes=(f"At most {LISTED} cases are listed, oldest first; the counts above count them all.",),
        empty="Every open case has a risk assessment, an action plan and its reviews on time.",
        truncated_at=LISTED if figures["any"] > LISTED else None,
    )
    return counts, cases_table


def build(scope: Scope, params: ReportParams) -> Report:
    pack = active_pack()
    ageing, total = _ageing(scope, pack)
    missing, listed = _missing(scope, pack)
    figures = {row["what"]: row["cases"] for row in missing.rows}
    summary = f"{total['total']} open cases"
    if total["past"] is not None:
        summary += f", {total['past']} past their resolution target"
    if figures:
        summary += (
            f"; {figures['No risk assessment recorded']} with no risk assessment, {figures['No action plan']} with "
            f"no action plan and {figures['A review overdue']} with a review overdue"
        )
    return Report(
        slug="open-cases",
        title="Open cases",
        summary=summary + ".",
        tables=(ageing, missing, listed),
        described=(("Cases", scope.describe()), ("Open on", f"{scope.as_of:%-d %B %Y}")),
    )
