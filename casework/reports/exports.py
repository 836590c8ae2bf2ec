"""A report as a download: CSV (every table one after another) or a spreadsheet (XLSX, a sheet per table).

Downloads are what leaves the system, so every table is passed through `tables.suppress` first: counts from 1
to `suppress_below - 1`, and each percentage made from one, are shown as [c] (the pages show staff the exact
figures). A text cell is never read as a formula by a spreadsheet: in CSV one that starts with = + - @ is
prefixed with an apostrophe; in XLSX it is stored as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from casework.reports.params import ReportParams
from casework.reports.tables import SUPPRESSED, Column, Link, Report, Table, suppress

#: What a spreadsheet may read as the start of a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[+-]\d+(\.\d+)?%?$")
NUMERIC_KINDS = frozenset({"count", "percent", "days", "number"})


def suppression_note(suppress_below: int) -> str:
    """What [c] means, or "" when nothing is suppressed."""
    if suppress_below <= 1:
        return ""
    if suppress_below == 2:
        return f"Counts of 1 are shown as {SUPPRESSED}, so that nobody can be identified."
    return f"Counts from 1 to {suppress_below - 1} are shown as {SUPPRESSED}, so that nobody can be identified."


def link_text(link: Link) -> str:
    """A case link in a download: its reference (and what the page showed, when that was something else)."""
    return link.reference if link.text in ("", link.reference) else f"{link.text} ({link.reference})"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _safe_text(text: str) -> str:
    """Text a spreadsheet will not run: one starting like a formula gets a leading apostrophe.

    A signed number ("+2", "-3", "-12.5%": a change against the previous period) is left as it is: a
    spreadsheet reads it as a number, never as a formula.
    """
    if text.startswith(_FORMULA_START) and not _SIGNED_NUMBER.match(text):
        return "'" + text
    return text


def csv_value(column: Column, value: Any) -> str:
    """One cell as CSV text: numbers plain, percentages as "83.3%", nothing as an empty cell."""
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, list | tuple):
        return ", ".join(csv_value(column, part) for part in value)
    if isinstance(value, Link):
        return _safe_text(link_text(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value:.1f}%"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        return f"{_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return _safe_text(str(value))


def _table_rows(table: Table) -> Iterable[dict[str, Any]]:
    yield from table.rows
    yield from table.totals


def to_csv(report: Report, suppress_below: int) -> bytes:
    """Every table, each after its title and the choices it was made for; a blank line between tables."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    note = suppression_note(suppress_below)
    for index, original in enumerate(report.tables):
        table = suppress(original, suppress_below)
        if index:
            writer.writerow([])
        writer.writerow([_safe_text(f"{report.title}: {table.title}")])
        for label, value in report.described:
            writer.writerow([_safe_text(label), _safe_text(value)])
        if note:
            writer.writerow([note])
        if table.truncated_at is not None:
            writer.writerow([f"Showing the first {table.truncated_at} rows."])
        writer.writerow([_safe_text(c.label) for c in table.columns])
        for row in _table_rows(table):
            writer.writerow([csv_value(c, row.get(c.key)) for c in table.columns])
    # With a byte order mark, Excel reads the file as UTF-8 (names with accents, dashes).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- XLSX --------------------------------------------------------------------------------------------------------

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def sheet_names(titles: Sequence[str], taken: Iterable[str] = ("About",)) -> list[str]:
    """A valid, unique sheet name for each title: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    used = {t.lower() for t in taken}
    names = []
    for title in titles:
        base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", title).split()).strip("'") or "Table"
        name = base[:31].rstrip()
        number = 2
        while name.lower() in used:
            suffix = f" ({number})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
            number += 1
        used.add(name.lower())
        names.append(name)
    return names


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a cell; text is always text, even when it starts with "=" (openpyxl would make that a formula)."""
    cell: Cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _xlsx_value(sheet: Worksheet, row: int, col: int, column: Column, value: Any) -> Cell:
    if value is None:
        return sheet.cell(row=row, column=col)
    if value == SUPPRESSED:
        cell = _put(sheet, row, col, SUPPRESSED)
        cell.alignment = Alignment(horizontal="right")
        return cell
    if isinstance(value, Link):
        return _put(sheet, row, col, link_text(value))
    if isinstance(value, list | tuple):
        return _put(sheet, row, col, ", ".join(link_text(v) if isinstance(v, Link) else str(v) for v in value))
    if isinstance(value, bool):
        return _put(sheet, row, col, "Yes" if value else "No")
    if column.kind == "percent" and isinstance(value, int | float):
        cell = _put(sheet, row, col, value / 100)
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, int | float):
        cell = _put(sheet, row, col, value)
        cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.0"
        return cell
    if isinstance(value, datetime):
        cell = _put(sheet, row, col, _local(value).replace(tzinfo=None))
        cell.number_format = "d mmm yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = _put(sheet, row, col, value)
        cell.number_format = "d mmm yyyy"
        return cell
    return _put(sheet, row, col, str(value))


def _width(value: Any) -> int:
    return len(value) if isinstance(value, str) else 12


def _about(sheet: Worksheet, report: Report, suppress_below: int, names: Sequence[str]) -> None:
    sheet.title = "About"
    _put(sheet, 1, 1, report.title).font = _TITLE
    row = 2
    if report.summary:
        _put(sheet, row, 1, report.summary)
        row += 1
    row += 1
    for label, value in report.described:
        _put(sheet, row, 1, label).font = _BOLD
        _put(sheet, row, 2, value)
        row += 1
    lines = [*report.notes]
    note = suppression_note(suppress_below)
    if note:
        lines.append(note)
    if lines:
        row += 1
        for line in lines:
            _put(sheet, row, 1, line)
            row += 1
    row += 1
    _put(sheet, row, 1, "Sheets").font = _BOLD
    for name, table in zip(names, report.tables, strict=True):
        row += 1
        _put(sheet, row, 1, name)
        _put(sheet, row, 2, table.title)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 60


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    _put(sheet, 1, 1, table.title).font = _TITLE
    row = 2
    if table.truncated_at is not None:
        _put(sheet, row, 1, f"Showing the first {table.truncated_at} rows.")
    row = 3
    widths = [max(len(c.label), 8) for c in table.columns]
    for col, column in enumerate(table.columns, start=1):
        cell = _put(sheet, row, col, column.label)
        cell.font = _BOLD
        if column.kind in NUMERIC_KINDS:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for values, bold in [*((r, False) for r in table.rows), *((r, True) for r in table.totals)]:
        row += 1
        for col, column in enumerate(table.columns, start=1):
            cell = _xlsx_value(sheet, row, col, column, values.get(column.key))
            if bold:
                cell.font = _BOLD
            widths[col - 1] = max(widths[col - 1], _width(cell.value))
    if not table.rows and not table.totals:
        row += 1
        _put(sheet, row, 1, table.empty)
    if table.notes:
        row += 1
        for line in table.notes:
            row += 1
            _put(sheet, row, 1, line)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, 60)


def to_xlsx(report: Report, suppress_below: int) -> bytes:
    """An "About" sheet (title, choices, notes, what [c] means), then one sheet per table."""
    workbook = Workbook()
    workbook.properties.creator = "Casework"
    workbook.properties.title = report.title
    names = sheet_names([t.title for t in report.tables])
    _about(workbook.active, report, suppress_below, names)  # a new workbook's one sheet
    for name, table in zip(names, report.tables, strict=True):
        _table_sheet(workbook.create_sheet(name), suppress(table, suppress_below))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- file names --------------------------------------------------------------------------------------------------


def download_name(slug: str, choices: Sequence[str], params: ReportParams, as_of: date, extension: str) -> str:
    """`performance-2026-03.csv`: the report and the choices it was made for, so two downloads never clash."""
    parts = [slug]
    if "month" in choices:
        parts.append(f"{params.month:%Y-%m}")
    if "period" in choices:
        parts.append(f"{params.period.start:%Y-%m-%d}-to-{params.period.end:%Y-%m-%d}")
    if "year" in choices:
        parts.append(f"{params.year}-{(params.year + 1) % 100:02d}")
    if not {"month", "period", "year"} & set(choices):
        parts.append(f"{as_of:%Y-%m-%d}")
    if "team" in choices and params.team_id is not None:
        parts.append(f"team-{params.team_id}")
    return "-".join(parts) + "." + extension
