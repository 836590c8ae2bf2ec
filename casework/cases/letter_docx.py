"""A letter's HTML body as Word paragraphs: the simple markup pack templates use (h2, h3, p, ul, ol, li,
strong, em, br, table) turned into Word's own headings, lists, bold, italics and tables, so the Word
letter says what the PDF says and reads the same way in a screen reader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADINGS = {"h1": "Heading 2", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 3", "h5": "Heading 3"}
BLOCKS = {"p", "div", "section", "article", "header", "footer", "blockquote", "address", "dd", "dt"}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    style: str
    runs: list[Run] = field(default_factory=list)


@dataclass
class Cell:
    header: bool
    runs: list[Run] = field(default_factory=list)


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)


class BodyParser(HTMLParser):
    """Reads the body into paragraphs and tables, collapsing white space as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Paragraph | Table] = []
        self.current: list[Run] | None = None
        self.bold = 0
        self.italic = 0
        self.lists: list[list[Any]] = []  # [tag, next number]
        self.table: Table | None = None
        self.cell: Cell | None = None

    # Where text goes now: the open table cell, else the open paragraph (opened on demand).
    def _target(self) -> list[Run]:
        if self.cell is not None:
            return self.cell.runs
        return self.current if self.current is not None else self._open("Normal")

    def _open(self, style: str) -> list[Run]:
        paragraph = Paragraph(style)
        self.blocks.append(paragraph)
        self.current = paragraph.runs
        return paragraph.runs

    def _close(self) -> None:
        self.current = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self._target().append(Run("\n"))
        elif tag == "table":
            self._close()
            self.table = Table()
            self.blocks.append(self.table)
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag in ("td", "th") and self.table is not None:
            if not self.table.rows:
                self.table.rows.append([])
            self.cell = Cell(header=tag == "th")
            self.table.rows[-1].append(self.cell)
        elif self.cell is not None and (tag in BLOCKS or tag in HEADINGS or tag == "li"):
            if self.cell.runs:
                self.cell.runs.append(Run("\n"))
        elif tag in HEADINGS:
            self._open(HEADINGS[tag])
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append([tag, 1])
        elif tag == "li":
            kind, number = self.lists[-1] if self.lists else ("ul", 1)
            if kind == "ol":
                self._open("List").append(Run(f"{number}. "))
                self.lists[-1][1] = number + 1
            else:
                self._open("List Bullet")
        elif tag in BLOCKS:
            if self.lists and self.current is not None:
                # A paragraph inside a list item continues the item, on a new line.
                last = self.current[-1].text if self.current else ""
                if last.strip() and not re.fullmatch(r"\d+\. ", last):
                    self.current.append(Run("\n"))
                return
            self._open("Normal")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "table":
            self.table = None
            self.cell = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._close()
        elif self.cell is None and (tag in HEADINGS or tag == "li" or (tag in BLOCKS and not self.lists)):
            self._close()

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)
        if not text.strip() and (self.cell is None and self.current is None):
            return  # white space between blocks
        if self.table is not None and self.cell is None:
            return  # white space between rows and cells
        self._target().append(Run(text, bold=self.bold > 0, italic=self.italic > 0))


def _tidy(runs: list[Run]) -> list[Run]:
    """Trim the white space at each end of a paragraph and around line breaks, as a browser would."""
    tidy: list[Run] = []
    for run in runs:
        text = run.text
        if text != "\n" and (not tidy or tidy[-1].text == "\n" or tidy[-1].text.endswith(" ")):
            text = text.lstrip()
        if text:
            tidy.append(Run(text, run.bold, run.italic))
    while tidy and tidy[-1].text in ("\n", " "):
        tidy.pop()
    if tidy:
        tidy[-1] = Run(tidy[-1].text.rstrip(), tidy[-1].bold, tidy[-1].italic)
    for index, run in enumerate(tidy[:-1]):
        if tidy[index + 1].text == "\n":
            tidy[index] = Run(run.text.rstrip(), run.bold, run.italic)
    return tidy


def _write_runs(paragraph: Any, runs: list[Run], *, bold: bool = False) -> None:
    for run in _tidy(runs):
        if run.text == "\n":
            paragraph.add_run().add_break()
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or bold or None
        added.italic = run.italic or None


def _repeat_as_header(row: Any) -> None:
    # The heading row repeats on each page, and screen readers announce it as the column headings.
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def body_into(document: Any, html: str, *, at: str) -> None:
    """Put the letter body's HTML into a python-docx document in place of the paragraph reading `at`."""
    marker = next((p for p in document.paragraphs if p.text.strip() == at), None)
    if marker is None:
        raise ValueError(f"the Word layout has no paragraph {at!r} (from {{{{ body }}}}) for the letter's body")
    body = document.element.body
    before = set(body.iterchildren())
    _write(document, html)
    # python-docx adds at the end: move what was added to where the layout puts the body, in order.
    for element in [child for child in body.iterchildren() if child not in before and child.tag != qn("w:sectPr")]:
        marker._p.addprevious(element)
    body.remove(marker._p)


def _write(document: Any, html: str) -> None:
    parser = BodyParser()
    parser.feed(html)
    parser.close()
    for block in parser.blocks:
        if isinstance(block, Table):
            rows = [row for row in block.rows if row]
            if not rows:
                continue
            columns = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=columns)
            table.style = "Table Grid"
            for row_index, row in enumerate(rows):
                for column, cell in enumerate(row):
                    _write_runs(table.cell(row_index, column).paragraphs[0], cell.runs, bold=cell.header)
                if all(cell.header for cell in row) and row_index == 0:
                    _repeat_as_header(table.rows[0])
            document.add_paragraph()  # Word needs a paragraph between a table and what follows
            continue
        runs = _tidy(block.runs)
        if runs:
            _write_runs(document.add_paragraph(style=block.style), runs)
