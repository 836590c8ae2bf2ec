"""Reports: the list (web:reports), each report with a chart and the same figures as a table (web:report), and
its downloads (web:report-csv, web:report-xlsx).

A report page is a GET form (bookmarkable, no JavaScript needed) offering only the choices the report reads;
`casework.reports.params.parse` and `Scope.for_user` decide what is valid, and a refusal is shown at the field
it names with no figures. The page shows staff the exact figures; downloads suppress small numbers
(`CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW`). A chart is drawn by static/casework/reports.js from the same
figures as its table, embedded with json_script.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from casework.accounts.models import Team
from casework.cases.engine import today
from casework.downloads import private_download
from casework.errors import InvalidInput, NotFound
from casework.reports import exports
from casework.reports.params import ReportParams, parse
from casework.reports.registry import REPORTS, ReportSpec, report_named
from casework.reports.scope import Scope, reporting_year_of
from casework.reports.tables import Column, Link, Report, Table
from casework.web.decorators import staff_view
from casework.web.forms.base import GovForm

#: Each choice a report can read -> the query-string fields it is made of.
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "month": ("month",),
    "period": ("from", "to"),
    "year": ("year",),
    "team": ("team",),
}
#: How many reporting years the year list offers, up to the current one.
YEARS_OFFERED = 5
NUMERIC = frozenset({"count", "percent", "days", "number"})
CHART_KINDS = {"bar": "Bar chart", "stacked-bar": "Stacked bar chart", "line": "Line chart"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_label(year: int) -> str:
    return f"{year} to {year + 1}"


class ReportChoicesForm(GovForm):
    """The choices a report reads, as text: parse() and the scope check them, and `take` shows their refusal."""

    def __init__(
        self, data: dict[str, str], *, choices: Sequence[str], years: Iterable[int], teams: Iterable[Team], every: bool
    ) -> None:
        super().__init__(data)
        if "month" in choices:
            self.fields["month"] = forms.CharField(
                label="Month",
                required=False,
                help_text="For example, 2026-03",
                widget=forms.TextInput(attrs={"type": "month"}),
            )
        if "period" in choices:
            for name, label in (("from", "From"), ("to", "To")):
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.TextInput(attrs={"type": "date"})
                )
        if "year" in choices:
            self.fields["year"] = forms.CharField(
                label="Reporting year",
                required=False,
                help_text="1 April to 31 March",
                widget=forms.Select(choices=[(str(y), year_label(y)) for y in years]),
            )
        if "team" in choices:
            options = [("", "All teams" if every else "All my teams"), *((str(t.pk), t.name) for t in teams)]
            self.fields["team"] = forms.CharField(label="Team", required=False, widget=forms.Select(choices=options))


def _years(as_of: date, chosen: int | None) -> list[int]:
    current = reporting_year_of(as_of)
    years = list(range(current, current - YEARS_OFFERED, -1))
    if chosen is not None and chosen not in years:
        years = sorted({*years, chosen}, reverse=True)
    return years


def _shown(params: ReportParams, choices: Sequence[str]) -> dict[str, str]:
    """The choices the figures were made for, as the form shows them (defaults filled in)."""
    values = {
        "month": f"{params.month:%Y-%m}",
        "from": params.period.start.isoformat(),
        "to": params.period.end.isoformat(),
        "year": str(params.year),
        "team": str(params.team_id) if params.team_id is not None else "",
    }
    return {name: values[name] for choice in choices for name in CHOICE_FIELDS[choice]}


@dataclass
class Prepared:
    form: ReportChoicesForm
    report: Report | None = None
    params: ReportParams | None = None
    #: The query string that makes these figures again (for the download links).
    query: str = ""


def _prepare(request: HttpRequest, spec: ReportSpec, as_of: date) -> Prepared:
    """Read the choices, check them, and make the report; a refusal goes on the form, beside its field."""
    asked = {name: str(request.GET.get(name, "")) for c in spec.choices for name in CHOICE_FIELDS[c]}
    unscoped = Scope.for_user(request.user, as_of=as_of)
    teams = unscoped.teams() if "team" in spec.choices else []

    def form_for(data: dict[str, str], chosen_year: int | None) -> ReportChoicesForm:
        form = ReportChoicesForm(
            data,
            choices=spec.choices,
            years=_years(as_of, chosen_year),
            teams=teams,
            every=unscoped.covers_every_case,
        )
        form.is_valid()  # every field is free text: parse() and the scope are what check it
        return form

    try:
        params = parse(asked, as_of=as_of)
        scope = Scope.for_user(request.user, team_id=params.team_id, as_of=as_of)
        report = spec.build(scope, params)
    except InvalidInput as error:
        form = form_for(asked, None)
        form.take(error)
        return Prepared(form)
    shown = _shown(params, spec.choices)
    query = urlencode({k: v for k, v in shown.items() if v})
    return Prepared(form_for(shown, params.year), report, params, query)


# -- how a figure is shown ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    url: str = ""
    missing: bool = False
    #: A cell holding several things (the cases a repeat victim is on): each shown, with its link.
    parts: tuple[Cell, ...] = ()


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{round(value, 2):,}"


def show(column: Column, value: Any) -> Cell:
    """One figure as the page shows it: "1,204", "83.3%", "3 Mar 2026", a case link, or a dash for none."""
    numeric = column.kind in NUMERIC
    if isinstance(value, Decimal):
        value = float(value)
    if value is None or value == () or value == []:
        return Cell("–", numeric, missing=True)
    if isinstance(value, list | tuple):
        parts = tuple(show(column, part) for part in value)
        return Cell(", ".join(p.text for p in parts), numeric, parts=parts)
    if isinstance(value, Link):
        return Cell(value.text, numeric, url=reverse("web:case", args=[value.reference]))
    if isinstance(value, bool):
        return Cell("Yes" if value else "No", numeric)
    if column.kind == "percent" and isinstance(value, int | float):
        return Cell(f"{value:.1f}%", numeric)
    if isinstance(value, int | float):
        return Cell(_number(value), numeric)
    if isinstance(value, datetime):
        return Cell(f"{timezone.localtime(value) if timezone.is_aware(value) else value:%-d %b %Y %H:%M}", numeric)
    if isinstance(value, date):
        return Cell(f"{value:%-d %b %Y}", numeric)
    return Cell(str(value), numeric)


def _plain(value: Any) -> float | int | None:
    """A figure as a chart reads it: a number, or nothing (a gap)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


@dataclass
class ShownTable:
    key: str
    title: str
    caption: str
    columns: list[tuple[str, bool]]
    rows: list[list[Cell]]
    totals: list[list[Cell]]
    notes: tuple[str, ...]
    empty: str
    truncated_at: int | None
    chart: dict[str, Any] | None = None
    chart_label: str = ""
    chart_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.chart_id = f"chart-{self.key}"


def _chart(table: Table) -> tuple[dict[str, Any] | None, str]:
    """The figures a chart draws (the table's own, row by row) and the chart's accessible name."""
    chart = table.chart
    if chart is None or not table.rows:
        return None, ""
    labels_column = table.column(chart.labels)
    series = [table.column(key) for key in chart.series]
    data = {
        "kind": chart.kind,
        "labels": [show(labels_column, row.get(chart.labels)).text for row in table.rows],
        "axis": labels_column.label,
        "series": [
            {"label": c.label, "percent": c.kind == "percent", "data": [_plain(row.get(c.key)) for row in table.rows]}
            for c in series
        ],
    }
    names = [c.label for c in series]
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    label = (
        f"{CHART_KINDS[chart.kind]} of {what} by {labels_column.label.lower()}. "
        f"The same figures are in the table “{table.title}” below."
    )
    return data, label


def shown_table(table: Table) -> ShownTable:
    def cells(row: dict[str, Any]) -> list[Cell]:
        return [show(c, row.get(c.key)) for c in table.columns]

    chart, label = _chart(table)
    return ShownTable(
        key=table.key,
        title=table.title,
        caption=table.caption,
        columns=[(c.label, c.kind in NUMERIC) for c in table.columns],
        rows=[cells(r) for r in table.rows],
        totals=[cells(r) for r in table.totals],
        notes=table.notes,
        empty=table.empty,
        truncated_at=table.truncated_at,
        chart=chart,
        chart_label=label,
    )


# -- the pages ---------------------------------------------------------------------------------------------------


@staff_view("reports.view", "see reports")
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reports/list.html", {"reports": REPORTS})


def _spec(slug: str) -> ReportSpec:
    spec = report_named(slug)
    if spec is None:
        raise NotFound(f"there is no report called “{slug}”")
    return spec


def _page(request: HttpRequest, spec: ReportSpec, prepared: Prepared, *, status: int = 200) -> HttpResponse:
    report = prepared.report
    context = {
        "spec": spec,
        "form": prepared.form,
        "report": report,
        "tables": [shown_table(t) for t in report.tables] if report is not None else [],
        "query": prepared.query,
        "suppress_below": settings.CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW,
    }
    return render(request, "web/reports/report.html", context, status=status)


@staff_view("reports.view", "see reports")
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    spec = _spec(slug)
    return _page(request, spec, _prepare(request, spec, today()))


def _download(extension: str, content_type: str, write: Callable[[Report, int], bytes]) -> Callable[..., Any]:
    @staff_view("reports.view", "see reports")
    def download(request: HttpRequest, slug: str) -> HttpResponseBase:
        spec = _spec(slug)
        as_of = today()
        prepared = _prepare(request, spec, as_of)
        if prepared.report is None or prepared.params is None:
            return _page(request, spec, prepared, status=400)  # the choices were refused: say why, at the field
        content = write(prepared.report, settings.CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW)
        name = exports.download_name(spec.slug, spec.choices, prepared.params, as_of, extension)
        return private_download(io.BytesIO(content), name, content_type)

    return download


download_csv = _download("csv", "text/csv; charset=utf-8", exports.to_csv)
download_xlsx = _download("xlsx", XLSX, exports.to_xlsx)

urlpatterns = [
    path("", reports, name="reports"),
    path("<slug:slug>/", report_page, name="report"),
    path("<slug:slug>/download.csv", download_csv, name="report-csv"),
    path("<slug:slug>/download.xlsx", download_xlsx, name="report-xlsx"),
]
