"""Performance against the policy: how many duties fell due in a month, and how many were done on time.

A duty is one occurrence of a pack obligation on a case (`Obligation`); the engine keeps its settled state.
A duty *fell due* in a month when its deadline was in that month and on or before the report's day; then it
was met on time, met late, missed (the case closed before it was done), is still overdue, or is due that very
day and not yet done. Duties that no longer apply are left out. Every figure is one grouped count in the
database: by kind for the month, by month for the trend, by team and by officer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from casework.cases.choices import ObligationState
from casework.cases.models import Obligation
from casework.cases.packs import active_pack
from casework.domain.packs import PolicyPack
from casework.reports.labels import humanise, staff_name
from casework.reports.params import ReportParams
from casework.reports.scope import Period, Scope, add_months, month_end
from casework.reports.tables import Chart, Column, Report, Table, percent

#: The counted columns, in the order a reader follows a duty: due, then what became of it.
FIGURES: tuple[Column, ...] = (
    Column("fell_due", "Fell due", "count"),
    Column("on_time", "Met on time", "count"),
    Column("met_late", "Met late", "count"),
    Column("missed", "Missed (case closed first)", "count"),
    Column("overdue", "Still overdue", "count"),
    Column("pct_on_time", "% on time", "percent", of=("on_time", "fell_due")),
)
COUNTS = ("fell_due", "on_time", "met_late", "missed", "overdue")
#: What the stacked bars show: everything that fell due except what is due today and not yet done.
OUTCOMES = ("on_time", "met_late", "missed", "overdue")

NO_OWNER = "No named owner"
NO_TEAM = "No team"


def _notes(as_of: date) -> tuple[str, ...]:
    return (
        f"A duty fell due when its deadline was in the month and on or before {as_of:%-d %B %Y}; "
        "duties that no longer apply (for example because the case changed) are left out.",
        "Met on time: done on or before its deadline. Met late: done, but after its deadline.",
        "Missed: the case closed before the duty was done.",
        f"Still overdue: not done, and its deadline had passed on {as_of:%-d %B %Y}. A duty due that day and not "
        "yet done counts as fell due but in none of the other columns.",
        "% on time: met on time out of those that fell due.",
    )


def _counts(as_of: date) -> dict[str, Count]:
    """The counts every table gives, as aggregates over duties that fell due."""
    return {
        "fell_due": Count("pk"),
        "on_time": Count("pk", filter=Q(state=ObligationState.MET)),
        "met_late": Count("pk", filter=Q(state=ObligationState.MET_LATE)),
        "missed": Count("pk", filter=Q(state=ObligationState.MISSED)),
        "overdue": Count("pk", filter=Q(state=ObligationState.PENDING, due_date__lt=as_of)),
    }


def _fell_due(scope: Scope, start: date, end: date) -> QuerySet[Obligation]:
    """The scope's duties whose deadline fell from `start` to `end` (no later than the report's day)."""
    duties = Obligation.objects.filter(due_date__gte=start, due_date__lte=min(end, scope.as_of)).exclude(
        state=ObligationState.NOT_APPLICABLE
    )
    return scope.on_cases(duties)


def _figures(row: Mapping[str, Any] | None) -> dict[str, Any]:
    counts = {key: (row or {}).get(key, 0) for key in COUNTS}
    return {**counts, "pct_on_time": percent(counts["on_time"], counts["fell_due"])}


def _sum(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    return _figures({key: sum(row[key] for row in rows) for key in COUNTS})


def kind_labels(pack: PolicyPack) -> dict[str, str]:
    """Each obligation kind the pack uses, labelled as the first of its obligations of that kind, in pack order."""
    labels: dict[str, str] = {}
    for obligation in pack.obligations:
        labels.setdefault(obligation.kind, obligation.label)
    return labels


def _ordered_kinds(found: Iterable[str], labels: dict[str, str]) -> list[str]:
    """The pack's kinds in pack order, then any other kind found, alphabetically."""
    found = set(found)
    return [k for k in labels if k in found] + sorted(found - set(labels))


def _by_kind(scope: Scope, period: Period, labels: dict[str, str]) -> Table:
    grouped = {
        row["kind"]: row
        for row in _fell_due(scope, period.start, period.end).values("kind").annotate(**_counts(scope.as_of)).order_by()
    }
    rows = tuple(
        {"kind": labels.get(kind, humanise(kind)), **_figures(grouped[kind])}
        for kind in _ordered_kinds(grouped, labels)
    )
    return Table(
        key="by-kind",
        title="Duties that fell due in the month, by duty",
        columns=(Column("kind", "Duty"), *FIGURES),
        rows=rows,
        totals=({"kind": "All duties", **_sum(rows)},) if rows else (),
        caption=f"Duties due {period.describe()}",
        chart=Chart("stacked-bar", "kind", OUTCOMES),
        notes=_notes(scope.as_of),
        empty="No duties fell due in this month.",
    )


def _month_of(value: Any) -> date:
    # TruncMonth of a date column is a date on every backend; a datetime is tolerated all the same.
    return value.date() if hasattr(value, "date") else value  # type: ignore[no-any-return]


def _trend(scope: Scope, month: date, labels: dict[str, str]) -> tuple[Table, Table]:
    first = add_months(month, -11)
    months = [add_months(first, n) for n in range(12)]
    rows_by = (
        _fell_due(scope, first, month_end(month))
        .annotate(month=TruncMonth("due_date"))
        .values("month", "kind")
        .annotate(**_counts(scope.as_of))
        .order_by()
    )
    # One query, by month and kind: the all-duties trend is the sum over kinds.
    cells: dict[tuple[date, str], Mapping[str, Any]] = {(_month_of(r["month"]), r["kind"]): r for r in rows_by}
    kinds = _ordered_kinds({kind for _, kind in cells}, labels)
    caption = f"The 12 months {first:%B %Y} to {month:%B %Y}"
    overall = Table(
        key="trend",
        title="Duties done on time, month by month",
        columns=(Column("month", "Month"), *FIGURES),
        rows=tuple({"month": f"{m:%B %Y}", **_sum(_figures(cells.get((m, kind))) for kind in kinds)} for m in months),
        caption=caption,
        chart=Chart("line", "month", ("pct_on_time",)),
        notes=("Every duty, of every kind, that fell due in each month; counted as in the month's table.",),
        empty="No duties fell due in these 12 months.",
    )
    columns: list[Column] = [Column("month", "Month")]
    for kind in kinds:
        label = labels.get(kind, humanise(kind))
        columns += [
            Column(f"{kind}:fell_due", f"{label}: fell due", "count"),
            Column(f"{kind}:on_time", f"{label}: met on time", "count"),
            Column(f"{kind}:pct_on_time", f"{label}: % on time", "percent", of=(f"{kind}:on_time", f"{kind}:fell_due")),
        ]
    per_kind_rows = []
    for m in months:
        row: dict[str, Any] = {"month": f"{m:%B %Y}"}
        for kind in kinds:
            figures = _figures(cells.get((m, kind)))
            row |= {f"{kind}:{key}": figures[key] for key in ("fell_due", "on_time", "pct_on_time")}
        per_kind_rows.append(row)
    per_kind = Table(
        key="trend-by-kind",
        title="Duties done on time, month by month, by duty",
        columns=tuple(columns),
        rows=tuple(per_kind_rows) if kinds else (),
        caption=caption,
        chart=Chart("line", "month", tuple(f"{kind}:pct_on_time" for kind in kinds)) if kinds else None,
        notes=("A month with no duty of a kind due shows no percentage for it.",),
        empty="No duties fell due in these 12 months.",
    )
    return overall, per_kind


def _by_team(scope: Scope, period: Period) -> Table:
    grouped = list(
        _fell_due(scope, period.start, period.end)
        .values("case__team_id", "case__team__name")
        .annotate(**_counts(scope.as_of))
        .order_by()
    )
    grouped.sort(key=lambda r: (r["case__team_id"] is None, r["case__team__name"] or ""))
    rows = tuple({"team": r["case__team__name"] or NO_TEAM, **_figures(r)} for r in grouped)
    return Table(
        key="by-team",
        title="Duties that fell due in the month, by team",
        columns=(Column("team", "Team"), *FIGURES),
        rows=rows,
        totals=({"team": "All teams", **_sum(rows)},) if rows else (),
        caption=f"Duties due {period.describe()}, by the team of the case",
        chart=Chart("stacked-bar", "team", OUTCOMES),
        notes=("Each duty counts for the team the case belongs to now.",),
        empty="No duties fell due in this month.",
    )


def _by_officer(scope: Scope, period: Period) -> Table:
    grouped = list(
        _fell_due(scope, period.start, period.end).values("owner_id").annotate(**_counts(scope.as_of)).order_by()
    )
    users = get_user_model().objects.in_bulk([r["owner_id"] for r in grouped if r["owner_id"] is not None])
    named = [(staff_name(users.get(r["owner_id"]), NO_OWNER), r) for r in grouped]
    named.sort(key=lambda pair: (pair[1]["owner_id"] is None, pair[0].casefold()))
    rows = tuple({"officer": name, **_figures(r)} for name, r in named)
    return Table(
        key="by-officer",
        title="Duties that fell due in the month, by officer",
        columns=(Column("officer", "Officer"), *FIGURES),
        rows=rows,
        totals=({"officer": "All officers", **_sum(rows)},) if rows else (),
        caption=f"Duties due {period.describe()}, by the officer the duty is assigned to",
        chart=Chart("stacked-bar", "officer", OUTCOMES),
        notes=(f"{NO_OWNER}: the duty is with a role, not yet with a person.",),
        empty="No duties fell due in this month.",
    )


def build(scope: Scope, params: ReportParams) -> Report:
    period = params.month_period
    labels = kind_labels(active_pack())
    by_kind = _by_kind(scope, period, labels)
    trend, trend_by_kind = _trend(scope, params.month, labels)
    total = by_kind.totals[0] if by_kind.totals else _figures(None)
    on_time = total["pct_on_time"]
    summary = (
        f"{total['fell_due']} duties fell due in {params.month:%B %Y}: {total['on_time']} met on time "
        f"({'–' if on_time is None else on_time}%), {total['met_late']} late, {total['missed']} missed and "
        f"{total['overdue']} still overdue."
    )
    return Report(
        slug="performance",
        title="Performance against the policy",
        summary=summary,
        tables=(by_kind, trend, trend_by_kind, _by_team(scope, period), _by_officer(scope, period)),
        described=(
            ("Month", f"{params.month:%B %Y}"),
            ("Cases", scope.describe()),
            ("Figures as of", f"{scope.as_of:%-d %B %Y}"),
        ),
        notes=("Duty names are the policy's own, from the policy pack in use now.",),
    )
