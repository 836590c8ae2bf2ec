"""Reports in the staff web app (web:reports, web:report, downloads): who may see them, the choices and their
errors, the figures on the page (the same as the report's, and as the chart's), downloads with small numbers
suppressed, and a number of queries that does not grow with the data."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from casework.cases.choices import PartyRole
from casework.cases.engine import today
from casework.reports.params import parse
from casework.reports.registry import REPORTS, report_named
from casework.reports.scope import Scope, add_months
from casework.web.views.reports import show
from tests.reports.builders import address, case, day, duty, event, incident, intervention, party

LIST = reverse("web:reports")
ALL_SLUGS = [spec.slug for spec in REPORTS]


def report_url(slug: str) -> str:
    return reverse("web:report", args=[slug])


def text_of(response: Any) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def last_month() -> date:
    return add_months(today(), -1)


@pytest.fixture
def suppress_below_5(settings):
    settings.CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW = 5


def casebook(people: Any, count: int, *, start: int = 0) -> list[Any]:
    """`count` cases of every shape the reports read, spread over both teams, last month and this one."""
    month = last_month()
    made = []
    for n in range(start, start + count):
        owner = people.officer if n % 2 == 0 else people.outsider
        opened = day(month.year, month.month, 3 + n % 20)
        closed = day(month.year, month.month, 25) if n % 3 == 0 else None
        where = address(f"{n % 4 + 1} Elm Road", f"ZZ1 {n % 4}AA", estate=f"Estate {n % 3}", ward="Castle", area="West")
        made_case = case(
            opened=opened,
            closed=closed,
            closure_reason="resolved" if closed else "",
            priority=("low", "medium", "high")[n % 3],
            owner=owner,
            at=where,
            hate=n % 4 == 0,
            types=("noise",),
            created_by=people.contact_centre,
        )
        victim = party(made_case, PartyRole.COMPLAINANT, f"Resident {n % 5}", home=where)
        party(made_case, PartyRole.ALLEGED_PERPETRATOR, f"Neighbour {n % 3}")
        duty(made_case, "acknowledge", due=month + timedelta(days=4), state="met", met=opened)
        duty(
            made_case, "first-contact", due=month + timedelta(days=9), state="met-late", met=opened + timedelta(days=12)
        )
        duty(made_case, "risk-assessment", due=month + timedelta(days=14))
        for k in range(3):
            incident(made_case, opened + timedelta(days=k), by=owner, reported_by=victim)
        intervention(made_case, "warning-letter", proposed=opened, started=opened + timedelta(days=1), by=owner)
        event(made_case, "risk.assessed", opened, band="medium")
        made.append(made_case)
    return made


# -- who may see reports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 403),
        ("colleague", 403),
        ("contact_centre", 403),
        ("enforcement", 200),
        ("manager", 200),
        ("operations", 200),
        ("admin", 200),
    ],
)
def test_reports_are_for_managers_and_administrators(people, sign_in, who, status):
    client = sign_in(getattr(people, who))
    for url in (LIST, report_url("performance"), reverse("web:report-csv", args=["performance"])):
        response = client.get(url)
        assert response.status_code == status, url
    if status == 403:
        assert "Your role cannot see reports." in text_of(response)
    menu = text_of(client.get(reverse("web:cases")))
    assert (">Reports<" in menu) is (status == 200)


def test_reports_ask_you_to_sign_in_first(client, org):
    response = client.get(report_url("performance"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))


def test_the_list_links_every_report_with_the_question_it_answers(people, sign_in):
    page = text_of(sign_in(people.manager).get(LIST))
    for spec in REPORTS:
        assert f'href="{report_url(spec.slug)}">{spec.title}</a>' in page
        assert spec.question in page


def test_an_unknown_report_is_not_found(people, sign_in):
    client = sign_in(people.manager)
    assert client.get(report_url("no-such-report")).status_code == 404
    assert client.get(reverse("web:report-xlsx", args=["no-such-report"])).status_code == 404


# -- choices and their errors ------------------------------------------------------------------------------------


def test_only_the_choices_a_report_reads_are_offered(people, sign_in):
    client = sign_in(people.manager)
    fields = {}
    for spec in REPORTS:
        page = client.get(report_url(spec.slug)).content.decode()
        start = page.index('<form method="get"')
        form = page[start : page.index("</form>", start)]
        fields[spec.slug] = set(re.findall(r'name="([a-z]+)"', form))
        expected = {n for c in spec.choices for n in {"period": ["from", "to"]}.get(c, [c])}
        assert fields[spec.slug] == expected, spec.slug
    performance = client.get(report_url("performance")).content.decode()
    assert 'type="month" name="month" value="' + f"{today():%Y-%m}" + '"' in performance
    # A manager's team list: only the teams they manage, and all of them by default.
    assert '<option value="" selected>All my teams</option>' in performance
    assert f'<option value="{people.team.pk}">North</option>' in performance
    assert "South" not in performance


def test_reporting_years_offered_are_the_last_five(people, sign_in):
    page = sign_in(people.admin).get(report_url("tenant-satisfaction-measures")).content.decode()
    current = today().year if today().month >= 4 else today().year - 1
    years = re.findall(r'<option value="(\d{4})"[^>]*>(\d{4}) to (\d{4})</option>', page)
    assert [int(y) for y, _, _ in years] == list(range(current, current - 5, -1))
    assert all(int(b) == int(a) + 1 for _, a, b in years)


@pytest.mark.parametrize(
    ("slug", "query", "field", "message"),
    [
        ("performance", {"month": "2026-13"}, "month", "is not a month: use YYYY-MM"),
        ("performance", {"month": "March"}, "month", "is not a month"),
        ("outcomes", {"from": "31/01/2026"}, "from", "is not a date: use YYYY-MM-DD"),
        ("outcomes", {"to": "soon"}, "to", "is not a date"),
        ("hot-spots", {"from": "2026-03-01", "to": "2026-01-31"}, "from", "The period starts after it ends"),
        ("tenant-satisfaction-measures", {"year": "last"}, "year", "is not a reporting year"),
        ("tenant-satisfaction-measures", {"year": "1999"}, "year", "is not a reporting year"),
        ("performance", {"team": "north"}, "team", "is not a team"),
    ],
)
def test_a_bad_choice_is_shown_at_its_field_and_no_figures(people, sign_in, slug, query, field, message):
    response = sign_in(people.manager).get(report_url(slug), query)
    assert response.status_code == 200
    page = text_of(response)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in page
    start = page.index('class="govuk-error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert f'href="#id_{field}"' in summary
    assert message in summary
    at_field = re.search(rf'id="id_{field}-error"[^>]*>(.*?)</p>', page)
    assert at_field is not None
    assert message in at_field.group(1)
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}-error"', page), "the message is not read with the field"
    # What was typed is still there to correct (a select keeps only the values it offers).
    if field in ("month", "from", "to"):
        assert f'value="{query[field]}"' in page
    assert "govuk-table" not in page
    assert "Download CSV" not in page


def test_a_team_the_manager_does_not_manage_is_an_error_not_figures(people, sign_in):
    casebook(people, 4)
    response = sign_in(people.manager).get(report_url("performance"), {"team": people.other_team.pk})
    assert response.status_code == 200
    page = text_of(response)
    assert f"There is no team {people.other_team.pk} you can report on" in page
    assert 'href="#id_team"' in page
    assert "govuk-table" not in page
    assert "South" not in page
    download = sign_in(people.manager).get(
        reverse("web:report-csv", args=["performance"]), {"team": people.other_team.pk}
    )
    assert download.status_code == 400
    assert "you can report on" in text_of(download)


def test_an_administrator_can_choose_any_team(people, sign_in):
    casebook(people, 4)
    response = sign_in(people.admin).get(
        report_url("performance"), {"team": people.other_team.pk, "month": f"{last_month():%Y-%m}"}
    )
    page = text_of(response)
    assert "Cases of the South" in page
    assert f'<option value="{people.other_team.pk}" selected>South</option>' in page
    assert '<option value="">All teams</option>' in page


# -- the figures ------------------------------------------------------------------------------------------------


def built(user: Any, slug: str, query: dict[str, str]) -> Any:
    """The report as its module makes it, for the same reader and choices as the page."""
    spec = report_named(slug)
    assert spec is not None
    params = parse(query, as_of=today())
    return spec.build(Scope.for_user(user, team_id=params.team_id, as_of=today()), params)


def charts_of(page: str) -> dict[str, Any]:
    return {
        key: json.loads(html.unescape(body))
        for key, body in re.findall(r'<script id="chart-([^"]+)" type="application/json">(.*?)</script>', page)
    }


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_each_report_page_shows_every_table_of_the_report_and_its_figures(people, sign_in, slug):
    casebook(people, 6)
    query = {"month": f"{last_month():%Y-%m}", "from": f"{last_month():%Y-%m-%d}", "to": f"{today():%Y-%m-%d}"}
    spec = report_named(slug)
    assert spec is not None
    asked = {
        k: v
        for k, v in query.items()
        if k in {"month": "month", "from": "period", "to": "period"}
        and {"month": "month", "from": "period", "to": "period"}[k] in spec.choices
    }
    response = sign_in(people.admin).get(report_url(slug), asked)
    assert response.status_code == 200
    page = text_of(response)
    report = built(people.admin, slug, asked)
    for label, value in report.described:
        assert label in page
        assert value in page
    charts = charts_of(response.content.decode())
    for table in report.tables:
        assert f">{table.title}</h2>" in page, table.key
        if not table.rows:
            assert table.empty in page
            continue
        for column in table.columns:
            assert f">{column.label}</th>" in page, (table.key, column.key)
        for row in (*table.rows, *table.totals):
            for column in table.columns:
                shown = show(column, row.get(column.key))
                for piece in shown.parts or (shown,):  # several cases in a cell: each one, linked
                    assert piece.text in page, (table.key, column.key, piece.text)
                    if piece.url:
                        assert f'href="{piece.url}">{piece.text}</a>' in page
        if table.chart is not None:
            drawn = charts[table.key]
            assert drawn["labels"] == [
                show(table.column(table.chart.labels), r.get(table.chart.labels)).text for r in table.rows
            ]
            for series, key in zip(drawn["series"], table.chart.series, strict=True):
                assert series["label"] == table.column(key).label
                assert series["data"] == [r.get(key) for r in table.rows]
            assert f'data-chart="chart-{table.key}" hidden' in page
            assert 'role="img" aria-label="' in page


@pytest.fixture
def march(people):
    """Last month, the officer's team: 3 duties fell due (1 on time, 1 late, 1 still overdue) on one case."""
    month = last_month()
    owned = case(opened=day(month.year, month.month, 1), owner=people.officer, created_by=people.contact_centre)
    duty(owned, "acknowledge", due=month + timedelta(days=2), state="met", met=day(month.year, month.month, 2))
    duty(owned, "first-contact", due=month + timedelta(days=2), state="met-late", met=day(month.year, month.month, 9))
    duty(owned, "risk-assessment", due=month + timedelta(days=5))
    return SimpleNamespace(case=owned, month=month)


def test_performance_shows_the_hand_counted_figures_exactly(people, sign_in, march, suppress_below_5):
    response = sign_in(people.manager).get(report_url("performance"), {"month": f"{march.month:%Y-%m}"})
    page = response.content.decode()
    by_kind = page[page.index('id="table-by-kind"') : page.index("</table>", page.index('id="table-by-kind"'))]
    totals = by_kind[by_kind.index("<tfoot") :]
    cells = re.findall(r'<t[dh][^>]*class="govuk-table__(?:cell|header)[^"]*"[^>]*>(.*?)</t[dh]>', totals)
    # All duties: 3 fell due, 1 on time, 1 late, 0 missed, 1 overdue, 33.3% on time (exact: no [c] on the page).
    assert cells == ["All duties", "3", "1", "1", "0", "1", "33.3%"]
    assert 'class="govuk-table__cell govuk-table__cell--numeric">3</td>' in by_kind
    assert "[c]" not in page[page.index('id="table-by-kind"') :]
    # A month in the trend with nothing due has no percentage: a dash, read out as "no figure".
    assert '<span aria-hidden="true">–</span><span class="govuk-visually-hidden">no figure</span>' in page


def test_downloads_suppress_small_numbers_and_name_the_file(people, sign_in, march, suppress_below_5):
    client = sign_in(people.manager)
    month = f"{march.month:%Y-%m}"
    page = client.get(report_url("performance"), {"month": month}).content.decode()
    csv_link = reverse("web:report-csv", args=["performance"]) + f"?month={month}"
    assert f'href="{csv_link}">Download CSV</a>' in page
    assert (
        f'href="{reverse("web:report-xlsx", args=["performance"])}?month={month}">Download spreadsheet (XLSX)</a>'
        in page
    )

    response = client.get(csv_link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="performance-{month}.csv"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["Month", f"{march.month:%B %Y}"] in rows
    assert ["All duties", "[c]", "[c]", "[c]", "0", "[c]", "[c]"] in rows

    response = client.get(reverse("web:report-xlsx", args=["performance"]), {"month": month})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="performance-{month}.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "About"
    assert len(book.sheetnames) == 1 + len(built(people.manager, "performance", {"month": month}).tables)
    totals = next(r for r in book.worksheets[1].iter_rows(values_only=True) if r[0] == "All duties")
    assert totals == ("All duties", "[c]", "[c]", "[c]", 0, "[c]", "[c]")


def test_suppression_can_be_switched_off(people, sign_in, march, settings):
    settings.CASEWORK_SUPPRESS_SMALL_NUMBERS_BELOW = 0
    client = sign_in(people.manager)
    response = client.get(reverse("web:report-csv", args=["performance"]), {"month": f"{march.month:%Y-%m}"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["All duties", "3", "1", "1", "0", "1", "33.3%"] in rows
    page = client.get(report_url("performance")).content.decode()
    assert "[c]" not in page  # nor is the hint that says what [c] means


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_every_report_downloads_as_csv_and_xlsx(people, sign_in, slug):
    casebook(people, 3)
    client = sign_in(people.admin)
    spec = report_named(slug)
    assert spec is not None
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(reverse("web:report-csv", args=[slug])).streaming_content).decode("utf-8-sig")
            )
        )
    )
    report = built(people.admin, slug, {})
    titles = [row[0] for row in rows if row and row[0].startswith(report.title + ": ")]
    assert titles == [f"{report.title}: {t.title}" for t in report.tables]
    book = load_workbook(io.BytesIO(b"".join(client.get(reverse("web:report-xlsx", args=[slug])).streaming_content)))
    assert len(book.sheetnames) == 1 + len(report.tables)


# -- speed ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_a_report_page_takes_the_same_number_of_queries_with_few_or_many_cases(people, sign_in, slug):
    client = sign_in(people.manager)
    url = report_url(slug)
    query = {"month": f"{last_month():%Y-%m}", "from": f"{add_months(today(), -2):%Y-%m-%d}"}
    spec = report_named(slug)
    assert spec is not None
    query = {
        k: v
        for k, v in query.items()
        if (k == "month" and "month" in spec.choices) or (k == "from" and "period" in spec.choices)
    }
    casebook(people, 6)  # enough for every list to have rows (repeat places, people), so every query runs
    client.get(url, query)  # once first: whatever is read once per process (the pack) is read
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    casebook(people, 18, start=6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
