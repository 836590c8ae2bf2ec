"""Tenant Satisfaction Measures: NM01 (ASB cases opened per 1,000 homes, and those involving hate) and TP12.

NM01 follows the regulator's counting rule, `casework.domain.regulatory.nm01_decisions`: a further report
about the same alleged perpetrator while a case about them is open is not a new case, a report after it
closed is, and a duplicate never is. The database answers the same question in one pass over the alleged
perpetrators (`_absorbed`: a window over each person's cases, by `Party.person_key`), and every case not
counted is listed with the reason and the case it was counted with, so the figure can be audited. TP12 is
the share of closure-survey answers that are satisfied.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
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
    keys = Party.objects.filter(case=OuterRef(OuterRef("pk")), role=PERPETRATOR, person_key__gt="").values("person_key")
    earlier = Q(case__opened_at__lt=OuterRef("opened_at")) | Q(
        case__opened_at=OuterRef("opened_at"), case__reference__lt=OuterRef("reference")
    )
    still_open = Q(case__closed_at__isnull=True) | Q(case__closed_at__gt=OuterRef("opened_at"))
    parties = Party.objects.filter(earlier, still_open, role=PERPETRATOR, person_key__in=keys)
    return scope.on_cases(parties).order_by("case__opened_at", "case__reference")


def _duplicate_of() -> QuerySet[CaseLink]:
    return CaseLink.objects.filter(from_case=OuterRef("pk"), kind=LinkKind.DUPLICATE).order_by("id")


#: When a case with no closing time is treated as closing: never, for a comparison of times.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


def _absorbed(scope: Scope, period: Period) -> tuple[str, tuple[Any, ...]]:
    """The ids of the scope's cases opened in `period` with an earlier case about the same person still open.

    One pass over the alleged perpetrators of the cases that matter (opened before the period ends, not
    closed before it began): for each person, in order of opening, the latest closing time of the cases
    before this one; if that is after this case opened, one of them was open. The same rule as
    `nm01_decisions`, asked once for the whole year instead of once per case.

    Only people named as the alleged perpetrator more than once can have an earlier case: most are named
    once, so for every case they are left out first (counted in the order of the index on role and key,
    without a sort), which leaves far fewer cases to look up and sort. A team's cases are few enough not to
    need it.
    """
    ops = connection.ops
    in_scope, scope_params = "", ()
    if not scope.covers_every_case:
        inner, scope_params = scope.cases().values("pk").query.sql_with_params()
        in_scope = f" AND c.id IN ({inner})"
    case, party = Case._meta.db_table, Party._meta.db_table
    parties = f"SELECT person_key, case_id FROM {party} WHERE role = %s AND person_key > ''"  # noqa: S608
    if scope.covers_every_case:
        parties = f"""
            SELECT person_key, case_id FROM (
                SELECT person_key, case_id, COUNT(*) OVER (PARTITION BY person_key) AS named FROM {party}
                WHERE role = %s AND person_key > ''
            ) counted WHERE named > 1
        """  # noqa: S608 - a table name from the model; the role is a parameter
    # GROUPS, not ROWS: the rows of one case (a person named twice on it) are one group, so a case is never
    # "earlier" than itself.
    sql = f"""
        SELECT case_id FROM (
            SELECT c.id AS case_id, c.opened_at,
                   MAX(COALESCE(c.closed_at, %s)) OVER (
                       PARTITION BY p.person_key ORDER BY c.opened_at, c.reference
                       GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   ) AS earlier_open_until
            FROM ({parties}) p
            JOIN {case} c ON c.id = p.case_id
            WHERE c.opened_at < %s
              AND (c.closed_at IS NULL OR c.closed_at > %s){in_scope}
        ) ordered
        WHERE opened_at >= %s AND earlier_open_until > opened_at
    """  # noqa: S608 - table names from the models; every value is a parameter
    when = ops.adapt_datetimefield_value
    params = (
        when(NEVER),
        PERPETRATOR.value,
        when(period.ends_before),
        when(period.starts_at),
        *scope_params,
        when(period.starts_at),
    )
    return sql, params


#: A temporary table (this connection only) holding the absorbed cases' ids while a report is made, so the
#: counting pass runs once for both the figures and the list of decisions.
ABSORBED = "casework_nm01_absorbed"


def counted_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    """The scope's cases opened in `period`, each annotated `duplicate` and `absorbed` (not a new case).

    Works out which cases are absorbed now, into a temporary table the queryset reads.
    """
    sql, params = _absorbed(scope, period)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ABSORBED}")
        cursor.execute(f"CREATE TEMPORARY TABLE {ABSORBED} AS {sql}", params)
    absorbed = RawSQL(f"SELECT case_id FROM {ABSORBED}", ())  # noqa: S608, S611 - a fixed name, no values
    duplicates = CaseLink.objects.filter(kind=LinkKind.DUPLICATE).values("from_case_id")
    return (
        scope.cases()
        .filter(opened_at__gte=period.starts_at, opened_at__lt=period.ends_before)
        .annotate(
            duplicate=ExpressionWrapper(Q(pk__in=duplicates), output_field=BooleanField()),
            absorbed=ExpressionWrapper(Q(pk__in=absorbed), output_field=BooleanField()),
        )
    )


def _nm01(opened: QuerySet[Case], period: Period, homes: int) -> tuple[Table, Table, Table, dict[str, int]]:
    # One grouped query: per month, how many cases are duplicates, absorbed, hate-related; all else is sums.
    grouped = (
        opened.annotate(month=TruncMonth("opened_at", tzinfo=LONDON))
        .values("month", "duplicate", "absorbed", "hate_related")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in grouped:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        figures_of = months[month]
        new = not row["duplicate"] and not row["absorbed"]
        figures_of["opened"] += row["n"]
        figures_of["counted"] += row["n"] if new else 0
        figures_of["hate"] += row["n"] if new and row["hate_related"] else 0
        figures_of["not_new_duplicate"] += row["n"] if row["duplicate"] else 0
        figures_of["not_new_open_case"] += row["n"] if row["absorbed"] and not row["duplicate"] else 0
    figures: dict[str, int] = {
        key: sum(m[key] for m in months.values())
        for key in ("opened", "counted", "hate", "not_new_duplicate", "not_new_open_case")
    }
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
                "opened": months[first]["opened"],
                "counted": months[first]["counted"],
                "hate": months[first]["hate"],
            }
            for first in (add_months(period.start, n) for n in range(12))
        ),
        chart=Chart("bar", "month", ("opened", "counted")),
    )
    return measures, counting, by_month, figures


def _decisions(scope: Scope, opened: QuerySet[Case]) -> Table:
    first_earlier = _about_the_same_person_while_open(scope).values("case__reference")[:1]
    duplicate_of = _duplicate_of().values("to_case__reference")[:1]
    rows: list[dict[str, Any]] = []
    not_counted = (
        opened.filter(Q(duplicate=True) | Q(absorbed=True))
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
    opened = counted_cases(scope, period)
    measures, counting, by_month, figures = _nm01(opened, period, homes)
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
        tables=(measures, counting, by_month, _decisions(scope, opened), tp12),
        described=(
            ("Reporting year", f"{period.start.year} to {period.end.year} ({period.describe()})"),
            ("Cases", scope.describe()),
        ),
        notes=tuple(notes),
    )
