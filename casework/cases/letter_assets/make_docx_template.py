"""Build letter.docx, the Word layout every letter is rendered into (docxtpl): A4, the letterhead, the
recipient's address, the date, our reference, the title and the body, with "Page N of M" in the footer.

Run it again after changing the layout, and commit both files:

    .venv/bin/python casework/cases/letter_assets/make_docx_template.py

An organisation may replace letter.docx with its own design (its logo, fonts and colours), keeping the
placeholders: {{ organisation_name }}, {{ organisation_address }}, {{ organisation_contact }},
{{ recipient_block }}, {{ date }}, {{ reference }}, {{ title }} and {{ body }} (a paragraph of its own).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Arial"
INK = RGBColor(0x0B, 0x0C, 0x0C)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, shown, end):
        run._r.append(element)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    properties = normal.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    properties.append(language)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = INK
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)


def build(path: Path) -> None:
    document = Document()
    _styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)

    letterhead = document.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    name = letterhead.add_run("{{ organisation_name }}")
    name.bold = True
    name.font.size = Pt(16)
    for placeholder in ("{{ organisation_address }}", "{{ organisation_contact }}"):
        paragraph = document.add_paragraph(placeholder)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    recipient = document.add_paragraph("{{ recipient_block }}")
    recipient.paragraph_format.space_before = Pt(18)
    recipient.paragraph_format.space_after = Pt(18)
    document.add_paragraph("{{ date }}")
    reference = document.add_paragraph("Our reference: ")
    reference.add_run("{{ reference }}").bold = True
    document.add_paragraph("{{ title }}", style="Heading 1")
    document.add_paragraph("{{ body }}")

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    properties = document.core_properties
    properties.author = ""
    properties.title = ""
    properties.comments = ""
    properties.language = "en-GB"
    properties.last_modified_by = ""
    properties.revision = 1
    document.save(str(path))


if __name__ == "__main__":
    build(HERE / "letter.docx")
    print(f"wrote {HERE / 'letter.docx'}")  # noqa: T201 (a script run by hand)
