"""The Word renderer of core.admindoc: Times New Roman, A4, Decree 30/2020/NĐ-CP layout.

The short rules under the issuer, the motto and the subject are paragraph borders on an empty
paragraph indented to a third of the column (Word draws them the same everywhere; no shape).
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .admindoc import (
    LEFT_SHARE,
    MARGINS_MM,
    MOTTO,
    NATION,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    recipient_lines,
)

FONT = "Times New Roman"
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def render(doc: Document) -> bytes:
    word = WordDocument()
    _page(word, doc)
    _styles(word, doc.body_size)
    _letterhead(word, doc)
    _title(word, doc)
    for block in doc.blocks:
        if isinstance(block, Heading):
            _heading(word, block, doc.body_size)
        elif isinstance(block, Table):
            _table(word, block, _widths(doc)[0])
        else:
            _paragraph(word, block, doc.body_size)
    _closing(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word, doc: Document) -> None:
    section = word.sections[0]
    top, right, bottom, left = MARGINS_MM
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _styles(word, size: float) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(6), 1.15


def _text(paragraph, text: str, size: float, bold=False, italic=False, upper=False):
    run = paragraph.add_run(text.upper() if upper else text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _centred(cell_or_doc, first: bool = False):
    p = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    return p


def _rule(container, width_cm: float, column_cm: float) -> None:
    """A short centred rule: an empty paragraph's bottom border, indented on both sides."""
    p = _centred(container)
    side = max((column_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(side)
    _text(p, "", 2)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr.append(borders)


def _two_columns(word, left_cm: float, right_cm: float):
    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for cell, width in zip(table.rows[0].cells, (left_cm, right_cm), strict=True):
        cell.width = Cm(width)
    return table.rows[0].cells


def _widths(doc: Document) -> tuple[float, float, float]:
    """(usable width, left column, right column) in cm."""
    top, right, bottom, left = MARGINS_MM
    page = 29.7 if doc.landscape else 21.0
    usable = page - (left + right) / 10
    return usable, usable * LEFT_SHARE, usable * (1 - LEFT_SHARE)


def _letterhead(word, doc: Document) -> None:
    _usable, lw, rw = _widths(doc)
    left, right = _two_columns(word, lw, rw)
    p = _centred(left, first=True)
    if doc.parent:
        _text(p, doc.parent, 12, upper=True)
        p = _centred(left)
    _text(p, doc.issuer, 12, bold=True, upper=True)
    _rule(left, lw / 3, lw)
    if doc.number:
        _text(_centred(left), doc.number, 13)
    p = _centred(right, first=True)
    if doc.motto:
        _text(p, NATION, 12, bold=True)
        _text(_centred(right), MOTTO, 13, bold=True)
        _rule(right, rw * 0.55, rw)
        p = _centred(right)
    _text(p, doc.place_date, 13.5, italic=True)


def _title(word, doc: Document) -> None:
    word.add_paragraph().paragraph_format.space_after = Pt(0)
    p = _centred(word)
    _text(p, doc.kind, 14, bold=True, upper=True)
    if doc.summary:
        _text(_centred(word), doc.summary, 14, bold=True)
        usable, _lw, _rw = _widths(doc)
        _rule(word, 3.5, usable)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _paragraph(word, block: Paragraph, size: float) -> None:
    p = word.add_paragraph()
    p.alignment = ALIGN.get(block.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
    if block.indent:
        p.paragraph_format.first_line_indent = Cm(1)
    for run in block.runs():
        _text(p, run.text, size, bold=run.bold, italic=run.italic)


def _heading(word, block: Heading, size: float) -> None:
    p = word.add_paragraph()
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6)
    _text(p, block.text, size, bold=True, italic=block.level >= 3)


def _cell(cell, text: str, size: float, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    _text(p, text, size, bold=bold)


def _table(word, block: Table, usable: float) -> None:
    rows = [block.header, *block.rows] + ([block.total] if block.total else [])
    table = word.add_table(rows=len(rows), cols=len(block.header))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    last = len(rows) - 1
    for i, values in enumerate(rows):
        heading = i == 0 or (block.total is not None and i == last)
        for j, value in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else WD_ALIGN_PARAGRAPH.LEFT
            if i and j in block.numeric:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            _cell(table.cell(i, j), str(value), block.size, bold=heading, align=align)
    if block.widths:
        total = sum(block.widths)
        for j, w in enumerate(block.widths):
            for row in table.rows:
                row.cells[j].width = Cm(usable * w / total)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _signature(cell, sig: Signature, first: bool) -> None:
    p = _centred(cell, first=first)
    if sig.authority:
        _text(p, sig.authority, 13, bold=True, upper=True)
        p = _centred(cell)
    _text(p, sig.title, 13, bold=True, upper=True)
    for _ in range(4):
        _centred(cell)
    if sig.name:
        _text(_centred(cell), sig.name, 13.5, bold=True)


def _recipients(cell, lines: list[str]) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    _text(p, "Nơi nhận:", 12, bold=True, italic=True)
    for line in lines:
        q = cell.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        q.paragraph_format.line_spacing = 1.0
        _text(q, line, 11)


def _closing(word, doc: Document) -> None:
    if not doc.signatures and not doc.recipients:
        return
    usable, lw, rw = _widths(doc)
    if len(doc.signatures) >= 2:
        left, right = _two_columns(word, usable / 2, usable / 2)
        _signature(left, doc.signatures[0], True)
        _signature(right, doc.signatures[1], True)
        if doc.recipients:
            word.add_paragraph()
            cell = _two_columns(word, lw, rw)[0]
            _recipients(cell, recipient_lines(doc.recipients))
        return
    left, right = _two_columns(word, lw, rw)
    if doc.recipients:
        _recipients(left, recipient_lines(doc.recipients))
    if doc.signatures:
        _signature(right, doc.signatures[0], True)
