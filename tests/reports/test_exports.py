"""Downloads read back as a person's spreadsheet would read them: titles, headers, figures, and small numbers
suppressed so a published figure identifies nobody."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from casework.reports.exports import download_name, sheet_names, to_csv, to_xlsx
from casework.reports.params import parse
from casework.reports.tables import Chart, Column, Link, Report, Table, percent

COLUMNS = (
    Column("team", "Team"),
    Column("fell_due", "Fell due", "count"),
    Column("on_time", "Met on time", "count"),
    Column("pct", "% on time", "percent", of=("on_time", "fell_due")),
)


def report(*tables: Table) -> Report:
    return Report(
        slug="performance",
        title="Performance against the policy",
        summary="How we did",
        tables=tables,
        described=(("Month", "March 2026"), ("Cases", "Cases of the North team")),
        notes=("Duty names are the policy's own.",),
    )


def by_team() -> Table:
    rows = (
        {"team": "North", "fell_due": 12, "on_time": 10, "pct": percent(10, 12)},
        {"team": "South", "fell_due": 3, "on_time": 0, "pct": percent(0, 3)},
        {"team": '=HYPERLINK("http://evil.example")', "fell_due": 0, "on_time": 0, "pct": None},
        {"team": "-2+3+cmd|' /C calc'!A0", "fell_due": 0, "on_time": 0, "pct": None},
        {"team": "+2", "fell_due": 0, "on_time": 0, "pct": None},
    )
    return Table(
        key="by-team",
        title="Duties by team",
        columns=COLUMNS,
        rows=rows,
        totals=({"team": "All teams", "fell_due": 15, "on_time": 10, "pct": percent(10, 15)},),
        chart=Chart("bar", "team", ("fell_due", "on_time")),
    )


def cases_listed() -> Table:
    return Table(
        key="cases",
        title="Repeat victims, each with the cases they are on",
        columns=(Column("case", "Case", "case"), Column("opened", "Opened", "date"), Column("n", "Incidents", "count")),
        rows=(
            {"case": Link("ASB-2026-000001", "ASB-2026-000001"), "opened": date(2026, 3, 2), "n": 4},
            {"case": (Link("ASB-2026-000002", "ASB-2026-000002"), Link("Jo", "ASB-2026-000003")), "n": 3},
        ),
    )


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel would not read it as UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def blocks(rows: list[list[str]]) -> list[list[list[str]]]:
    """The tables of a CSV: runs of rows between blank lines."""
    found: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            found[-1].append(row)
        else:
            found.append([])
    return found


def test_csv_has_each_table_after_its_title_and_choices_with_exact_figures_when_not_suppressed() -> None:
    rows = read_csv(to_csv(report(by_team(), cases_listed()), suppress_below=0))
    first, second = blocks(rows)
    assert first[0] == ["Performance against the policy: Duties by team"]
    assert first[1:3] == [["Month", "March 2026"], ["Cases", "Cases of the North team"]]
    assert first[3] == ["Team", "Fell due", "Met on time", "% on time"]
    assert first[4] == ["North", "12", "10", "83.3%"]
    assert first[5] == ["South", "3", "0", "0.0%"]
    assert first[9] == ["All teams", "15", "10", "66.7%"]
    assert second[0] == ["Performance against the policy: Repeat victims, each with the cases they are on"]
    assert second[-2:] == [
        ["ASB-2026-000001", "2026-03-02", "4"],
        ["ASB-2026-000002, Jo (ASB-2026-000003)", "", "3"],
    ]


def test_csv_suppresses_counts_from_1_to_4_and_percentages_made_from_them_but_keeps_zero() -> None:
    rows = read_csv(to_csv(report(by_team()), suppress_below=5))
    assert ["Counts from 1 to 4 are shown as [c], so that nobody can be identified."] in rows
    assert ["North", "12", "10", "83.3%"] in rows
    # 3 fell due: hidden, and so is the percentage worked out from it; the 0 met on time is kept.
    assert ["South", "[c]", "0", "[c]"] in rows
    assert ["All teams", "15", "10", "66.7%"] in rows


def test_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_made_text() -> None:
    rows = read_csv(to_csv(report(by_team()), suppress_below=0))
    team = next(row[0] for row in rows if "HYPERLINK" in row[0])
    assert team == '\'=HYPERLINK("http://evil.example")'
    assert ["'-2+3+cmd|' /C calc'!A0", "0", "0", ""] in rows
    # A signed number (a change against the previous period) is a number to a spreadsheet, not a formula.
    assert ["+2", "0", "0", ""] in rows
    assert not any(cell.startswith(("=", "@")) for row in rows for cell in row)
    # An empty figure is an empty cell, not "None".
    assert next(row for row in rows if "HYPERLINK" in row[0])[1:] == ["0", "0", ""]


def test_xlsx_has_an_about_sheet_and_a_sheet_per_table_with_typed_figures() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(report(by_team(), cases_listed()), suppress_below=0)))
    assert book.sheetnames == ["About", "Duties by team", "Repeat victims, each with the c"]
    about = [[c for c in row if c is not None] for row in book["About"].iter_rows(values_only=True)]
    assert ["Performance against the policy"] in about
    assert ["Month", "March 2026"] in about
    assert ["Duty names are the policy's own."] in about
    assert not any("[c]" in str(cell) for row in about for cell in row)

    sheet = book["Duties by team"]
    assert sheet["A1"].value == "Duties by team"
    assert [c.value for c in sheet[3]] == ["Team", "Fell due", "Met on time", "% on time"]
    assert all(c.font.bold for c in sheet[3])
    north = sheet[4]
    assert [c.value for c in north[:3]] == ["North", 12, 10]
    assert north[3].value == pytest.approx(0.833)
    assert north[3].number_format == "0.0%"
    formula = sheet[6][0]
    assert formula.value == '=HYPERLINK("http://evil.example")'
    assert formula.data_type == "s"
    assert sheet[6][3].value is None
    assert sheet[9][0].value == "All teams"
    assert sheet[9][1].value == 15
    assert sheet[9][0].font.bold

    listed = book["Repeat victims, each with the c"]
    assert listed[4][0].value == "ASB-2026-000001"
    assert listed[4][1].value.date() == date(2026, 3, 2)
    assert listed[4][2].value == 4
    assert listed[5][0].value == "ASB-2026-000002, Jo (ASB-2026-000003)"


def test_xlsx_suppresses_small_counts_and_says_so_on_the_about_sheet() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(report(by_team()), suppress_below=5)))
    about = [cell for row in book["About"].iter_rows(values_only=True) for cell in row if cell]
    assert "Counts from 1 to 4 are shown as [c], so that nobody can be identified." in about
    south = [c.value for c in book["Duties by team"][5]]
    assert south == ["South", "[c]", 0, "[c]"]


def test_xlsx_written_as_text_is_never_a_formula_even_in_the_file() -> None:
    content = to_xlsx(report(by_team()), suppress_below=0)
    book = load_workbook(io.BytesIO(content), data_only=False)
    assert all(cell.data_type != "f" for row in book["Duties by team"].iter_rows() for cell in row)


def test_sheet_names_are_short_valid_and_unique() -> None:
    names = sheet_names(["Cases by ward: this period [all]", "Cases by ward: this period [all]", "About", "a/b?"])
    assert names == ["Cases by ward this period all", "Cases by ward this period a (2)", "About (2)", "a b"]
    assert all(len(n) <= 31 for n in names)


def test_download_names_say_what_the_figures_are_for() -> None:
    params = parse(
        {"month": "2026-03", "from": "2026-01-01", "to": "2026-03-31", "year": "2025", "team": "7"},
        as_of=date(2026, 4, 2),
    )
    as_of = date(2026, 4, 2)
    assert download_name("performance", ("month", "team"), params, as_of, "csv") == "performance-2026-03-team-7.csv"
    assert download_name("tenant-satisfaction-measures", ("year",), params, as_of, "xlsx") == (
        "tenant-satisfaction-measures-2025-26.xlsx"
    )
    assert download_name("hot-spots", ("period",), params, as_of, "csv") == "hot-spots-2026-01-01-to-2026-03-31.csv"
    assert download_name("open-cases", ("team",), params, as_of, "csv") == "open-cases-2026-04-02-team-7.csv"
