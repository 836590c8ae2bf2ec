"""Tenant Satisfaction Measures: NM01 (ASB cases opened per 1,000 homes, and those involving hate) and TP12.

NM01 follows the regulator's counting rule, `casework.domain.regulatory.nm01_decisions`: a further report
about the same alleged perpetrator while a case about them is open is not a new case, a report after it
closed is, and a duplicate never is. The database answers the same question with two EXISTS tests per case
(an index lookup each), and every case not counted is listed with the reason and the case it was counted
with, so the figure can be audited. TP12 is the share of closure-survey answers that are satisfied.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from casework.accounts.models import Organisation
from casework.cases.choices import SATISFIED, LinkKind, PartyRole, Satisfaction
from casework.cases.models import Case, CaseLink, Party, SurveyResponse
from casework.domain.events import LONDON
from casework.domain.regulatory import per_thousand_homes
from casework.reports.params import ReportParams
from casework.reports.scope import Period, Scope, add_months
from casework.reports.tables import Chart, Column, Link, Report, Table, percent

#: The audit list shows at most this many cases not counted; the figures always count them all.
DECISIONS_SHOWN = 500

PERPETRATOR = PartyRole.ALLEGED_PERPETRATOR


def _about_the_same_person_while_open(scope: Scope) -> QuerySet[Party]:
    """Parties on earlier cases (in scope) naming one of this case's alleged perpetrators, open when it opened.

    Used inside a query over cases: `OuterRef` is the case being decided.
    """
    keys = Party.objects.filter(case=OuterRef(OuterRef("pk")), role=PERPETRATOR, person__match_key__gt="").values(
        "person__match_key"
    )
    earlier = Q(case__opened_at__lt=OuterRef("opened_at")) | Q(
        case__opened_at=OuterRef("opened_at"), case__reference__lt=OuterRef("reference")
    )
    still_open = Q(case__closed_at__isnull=True) | Q(case__closed_at__gt=OuterRef("opened_at"))
    parties = Party.objects.filter(earlier, still_open, role=PERPETRATOR, person__match_key__in=keys)
    return scope.on_cases(parties).order_by("case__opened_at", "case__reference")


def _duplicate_of() -> QuerySet[CaseLink]:
    return CaseLink.objects.filter(from_case=OuterRef("pk"), kind=LinkKind.DUPLICATE).order_by("id")


def counted_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    """The scope's cases opened in `period`, each annotated `duplicate` and `absorbed` (not a new case)."""
    return (
        scope.cases()
        .filter(opened_at__gte=period.starts_at, opened_at__lt=period.ends_before)
        .annotate(duplicate=Exists(_duplicate_of()), absorbed=Exists(_about_the_same_person_while_open(scope)))
    )


def _nm01(scope: Scope, period: Period, homes: int) -> tuple[Table, Table, Table, dict[str, int]]:
    opened = counted_cases(scope, period)
    new = Q(duplicate=False, absorbed=False)
    figures = opened.aggregate(
        opened=Count("pk"),
        counted=Count("pk", filter=new),
        hate=Count("pk", filter=new & Q(hate_related=True)),
        # Not named after the annotations they count: an aggregate's name would shadow them.
        not_new_duplicate=Count("pk", filter=Q(duplicate=True)),
        not_new_open_case=Count("pk", filter=Q(duplicate=False, absorbed=True)),
    )
    measures = Table(
        key="nm01",
        title="NM01: anti-social behaviour cases opened per 1,000 homes",
        columns=(
            Column("measure", "Measure"),
            Column("cases", "Cases counted", "count"),
            Column("homes", "Homes", "number"),
            Column("figure", "Per 1,000 homes", "number"),
        ),
        rows=(
            {
                "measure": "NM01 (1): ASB cases opened",
                "cases": figures["counted"],
                "homes": homes,
                "figure": per_thousand_homes(figures["counted"], homes),
            },
            {
                "measure": "NM01 (2): ASB cases involving hate incidents opened",
                "cases": figures["hate"],
                "homes": homes,
                "figure": per_thousand_homes(figures["hate"], homes),
            },
        ),
        caption=f"Reporting year {period.describe()}",
        notes=(
            "Counted by the regulator's rule: further reports about the same alleged perpetrator while a case "
            "about them is open are part of that case; a report after it closed is a new case; a duplicate is "
            "never a new case. The same person is recognised by name and address (or email or phone).",
        ),
    )
    counting = Table(
        key="nm01-counting",
        title="How the cases were counted",
        columns=(Column("decision", "Decision"), Column("cases", "Cases", "count")),
        rows=(
            {"decision": "Cases opened in the year", "cases": figures["opened"]},
            {
                "decision": "Not counted: a further report while a case about the same person was open",
                "cases": figures["not_new_open_case"],
            },
            {"decision": "Not counted: recorded as a duplicate", "cases": figures["not_new_duplicate"]},
            {"decision": "Counted as new cases", "cases": figures["counted"]},
        ),
    )
    months: dict[date, Any] = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row
        for row in opened.annotate(month=TruncMonth("opened_at", tzinfo=LONDON))
        .values("month")
        .annotate(
            opened=Count("pk"), counted=Count("pk", filter=new), hate=Count("pk", filter=new & Q(hate_related=True))
        )
        .order_by("month")
    }
    by_month = Table(
        key="nm01-months",
        title="Cases opened each month",
        columns=(
            Column("month", "Month"),
            Column("opened", "Cases opened", "count"),
            Column("counted", "Counted as new", "count"),
            Column("hate", "Counted, involving hate", "count"),
        ),
        rows=tuple(
            {
                "month": f"{first:%B %Y}",
                "opened": months.get(first, {}).get("opened", 0),
                "counted": months.get(first, {}).get("counted", 0),
                "hate": months.get(first, {}).get("hate", 0),
            }
            for first in (add_months(period.start, n) for n in range(12))
        ),
        chart=Chart("bar", "month", ("opened", "counted")),
    )
    return measures, counting, by_month, figures


def _decisions(scope: Scope, period: Period) -> Table:
    first_earlier = _about_the_same_person_while_open(scope).values("case__reference")[:1]
    duplicate_of = _duplicate_of().values("to_case__reference")[:1]
    rows: list[dict[str, Any]] = []
    not_counted = (
        counted_cases(scope, period)
        .filter(Q(duplicate=True) | Q(absorbed=True))
        .annotate(with_absorbed=Subquery(first_earlier), with_duplicate=Subquery(duplicate_of))
        .order_by("opened_at", "reference")
        .values("reference", "opened_at", "duplicate", "hate_related", "with_absorbed", "with_duplicate")
    )
    for case in not_counted[: DECISIONS_SHOWN + 1]:
        other = case["with_duplicate"] if case["duplicate"] else case["with_absorbed"]
        rows.append(
            {
                "case": Link(case["reference"], case["reference"]),
                "opened": case["opened_at"].astimezone(LONDON).date(),
                "reason": (
                    f"Recorded as a duplicate of {other}"
                    if case["duplicate"]
                    else f"A further report about the same person while {other} was open"
                ),
                "counted_with": Link(other, other) if other else "",
                "hate": "Yes" if case["hate_related"] else "No",
            }
        )
    return Table(
        key="nm01-decisions",
        title="Cases not counted as new, and why",
        columns=(
            Column("case", "Case", "case"),
            Column("opened", "Opened", "date"),
            Column("reason", "Why it is not a new case"),
            Column("counted_with", "Counted with", "case"),
            Column("hate", "Involves hate"),
        ),
        rows=tuple(rows[:DECISIONS_SHOWN]),
        truncated_at=DECISIONS_SHOWN if len(rows) > DECISIONS_SHOWN else None,
        empty="Every case opened in the year was counted as a new case.",
    )


def _tp12(scope: Scope, period: Period) -> tuple[Table, int, int]:
    answers = {
        row["satisfaction"]: row["n"]
        for row in scope.on_cases(
            SurveyResponse.objects.filter(received_at__gte=period.starts_at, received_at__lt=period.ends_before)
        )
        .values("satisfaction")
        .annotate(n=Count("pk"))
        .order_by()
    }
    total = sum(answers.values())
    satisfied = sum(n for answer, n in answers.items() if answer in SATISFIED)
    table = Table(
        key="tp12",
        title="TP12: satisfaction with our approach to handling anti-social behaviour",
        columns=(
            Column("answer", "Answer"),
            Column("responses", "Responses", "count"),
            Column("share", "Share of responses", "percent", of=("responses",)),
        ),
        rows=tuple(
            {"answer": label, "responses": answers.get(value, 0), "share": percent(answers.get(value, 0), total)}
            for value, label in Satisfaction.choices
        ),
        totals=(
            {"answer": "TP12: satisfied (very or fairly)", "responses": satisfied, "share": percent(satisfied, total)},
            {"answer": "All responses", "responses": total, "share": percent(total, total)},
        ),
        chart=Chart("bar", "answer", ("responses",)),
        caption=f"Closure survey answers received {period.describe()}",
        notes=("From the satisfaction survey sent when a case closes; each answer counts once.",),
        empty="No survey answers were received in the year.",
    )
    return table, satisfied, total


def build(scope: Scope, params: ReportParams) -> Report:
    period = params.year_period
    homes = Organisation.current().homes
    measures, counting, by_month, figures = _nm01(scope, period, homes)
    tp12, satisfied, responses = _tp12(scope, period)
    notes = []
    if not homes:
        notes.append("The number of homes is not set, so no per-1,000-homes figure can be given: set it in admin.")
    if not scope.covers_every_case:
        notes.append(
            "These figures cover only the cases you can see. The regulator's figures count every case: "
            "an administrator sees them all."
        )
    summary = (
        f"{figures['counted']} new ASB cases ({per_thousand_homes(figures['counted'], homes) or '–'} per 1,000 homes), "
        f"{figures['hate']} involving hate; TP12 {percent(satisfied, responses) or '–'}% satisfied "
        f"from {responses} survey answers."
    )
    return Report(
        slug="tenant-satisfaction-measures",
        title="Tenant Satisfaction Measures",
        summary=summary,
        tables=(measures, counting, by_month, _decisions(scope, period), tp12),
        described=(
            ("Reporting year", f"{period.start.year} to {period.end.year} ({period.describe()})"),
            ("Cases", scope.describe()),
        ),
        notes=tuple(notes),
    )
