"""What a report is made of: tables of figures with their columns, and how a table is drawn as a chart.

A table is the figure; a chart is only ever a picture of one of its tables (ARCHITECTURE.md: "Chart.js,
always with the same figures as an accessible table").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

ColumnKind = Literal["text", "count", "percent", "days", "date", "case", "number"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"
    #: For a percentage: the count columns it was worked out from, so suppressing either hides it too.
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """Draw `series` (count or percent columns) against the `labels` column."""

    kind: Literal["bar", "stacked-bar", "line"]
    labels: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A cell that links to a case page: the text shown and the case reference."""

    text: str
    reference: str

    def __str__(self) -> str:
        return self.text


def case_links(cases: list[tuple[str, Any]]) -> tuple[Link, ...]:
    """Links to cases given as (reference, when opened): most recent first, each once."""
    seen: dict[str, Link] = {}
    for reference, _opened in sorted(cases, key=lambda c: c[1], reverse=True):
        seen.setdefault(reference, Link(reference, reference))
    return tuple(seen.values())


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    caption: str = ""
    chart: Chart | None = None
    #: Rows of totals, shown after the rows in the table's footer.
    totals: tuple[dict[str, Any], ...] = ()
    #: What the reader needs to read the table right (counting rules, what "late" means).
    notes: tuple[str, ...] = ()
    empty: str = "Nothing to show for this period."
    #: More rows exist than are shown (lists are capped; totals are never capped).
    truncated_at: int | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    summary: str
    tables: tuple[Table, ...]
    #: The choices the figures were made for, in words: "March 2026", "North team and South team".
    described: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def percent(part: int | None, whole: int | None) -> float | None:
    """`part` of `whole` as a percentage to one decimal place; None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return round(100 * part / whole, 1)


#: What a suppressed figure shows in a download.
SUPPRESSED = "[c]"


def suppress(table: Table, below: int) -> Table:
    """The table with every count from 1 to `below - 1` (and each percentage made from one) replaced.

    For publication: a count of 1 or 2 can identify a person. Zero is not suppressed (it identifies nobody);
    case links and text are kept, as lists of cases are not published figures.
    """
    if below <= 1:
        return table

    def hide(row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        small = set()
        for column in table.columns:
            value = row.get(column.key)
            if column.kind == "count" and isinstance(value, int) and 0 < value < below:
                out[column.key] = SUPPRESSED
                small.add(column.key)
        for column in table.columns:
            if column.kind == "percent" and any(k in small for k in column.of):
                out[column.key] = SUPPRESSED
        return out

    return replace(table, rows=tuple(hide(r) for r in table.rows), totals=tuple(hide(r) for r in table.totals))
