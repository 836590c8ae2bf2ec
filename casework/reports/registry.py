"""Every report, in the order the reports page lists them, with the question each one answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.db import connection, transaction

from casework.reports.params import ReportParams
from casework.reports.scope import Scope
from casework.reports.tables import Report

#: PostgreSQL's memory for each sort or hash while a report is made (`work_mem`), from the setting.
REPORT_WORK_MEM = "64MB"
#: A temporary table (this connection only) of the ids of the cases a report covers, when it covers fewer
#: than every case: written once per report instead of found again by each of its queries.
SCOPE_CASES = "casework_report_cases"


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    question: str
    module: str
    #: Which of the page's choices this report reads: "month", "period", "year", "team".
    choices: tuple[str, ...]
    #: Whether to write the reader's cases down once (`Scope.materialised`) for a reader who sees fewer than
    #: every case: worth it for reports whose many large queries each narrow to them, not for quick ones.
    cases_written_down: bool = False

    def build(self, scope: Scope, params: ReportParams) -> Report:
        """Make the report: its queries run in one transaction, with room to sort and hash in memory."""
        make: Callable[[Scope, ReportParams], Report] = import_module(f"casework.reports.{self.module}").build
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A report's grouped queries over hundreds of thousands of rows spill to disk in the default
                # 4 MB; this applies to this transaction only, not to the connection's other work.
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
                if self.cases_written_down:
                    scope = scope.materialised(SCOPE_CASES)
            return make(scope, params)


REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec(
        "performance",
        "Performance against the policy",
        "Are we meeting our policy's timescales?",
        "performance",
        ("month", "team"),
    ),
    ReportSpec(
        "open-cases",
        "Open cases",
        "How old are our open cases, and what is missing from them?",
        "open_cases",
        ("team",),
    ),
    ReportSpec(
        "outcomes",
        "Outcomes",
        "How long do cases take, how do they end, and what did our interventions lead to?",
        "outcomes",
        ("period", "team"),
    ),
    ReportSpec(
        "tenant-satisfaction-measures",
        "Tenant Satisfaction Measures",
        "What do we tell the regulator (NM01 and TP12)?",
        "tsm",
        ("year",),
        cases_written_down=True,
    ),
    ReportSpec(
        "hot-spots",
        "Hot spots and repeats",
        "Where is ASB concentrated, and who is suffering repeatedly?",
        "hotspots",
        ("period", "team"),
        cases_written_down=True,
    ),
    ReportSpec(
        "case-review",
        "ASB Case Review",
        "Who meets the Case Review threshold now, and what happened to the requests we received?",
        "case_review",
        ("period", "team"),
    ),
)


def report_named(slug: str) -> ReportSpec | None:
    return next((r for r in REPORTS if r.slug == slug), None)
