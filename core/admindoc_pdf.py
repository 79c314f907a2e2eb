"""The PDF renderer of core.admindoc: reportlab's platypus with the shipped Liberation Serif (metric-
compatible with Times New Roman), A4, Decree 30/2020/NĐ-CP layout. Long tables repeat their header
row on every page; the closing (recipients and signatures) is kept on one page.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as P
from reportlab.platypus import Table as T

from .admindoc import (
    LEFT_SHARE,
    MARGINS_MM,
    MOTTO,
    NATION,
    Document,
    Heading,
    Paragraph,
    Run,
    Signature,
    Table,
    recipient_lines,
)
from .typeset import Fonts, fonts

ALIGN = {"justify": TA_JUSTIFY, "left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
FLAT = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]  # fmt: skip


class Rule(Flowable):
    """A short centred horizontal rule (under the issuer, the motto and the subject)."""

    def __init__(self, length: float, width: float):
        super().__init__()
        self.length, self.width, self.height = length, width, 5

    def wrap(self, available_width, available_height):
        self.width = min(self.width, available_width)
        return self.width, self.height

    def draw(self):
        x = (self.width - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 1.5, x + self.length, 1.5)


def render(doc: Document) -> bytes:
    f = fonts()
    top, right, bottom, left = MARGINS_MM
    size = landscape(A4) if doc.landscape else A4
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=size, topMargin=top * mm, bottomMargin=bottom * mm, leftMargin=left * mm,
        rightMargin=right * mm, title=f"{doc.kind} {doc.summary}".strip(), author=doc.issuer,
    )  # fmt: skip
    width = template.width
    story: list = [_letterhead(doc, f, width), Spacer(1, 6 * mm), *_title(doc, f, width)]
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            # Kept with a paragraph after it; before a table (which splits over pages) it only
            # asks for room for a few rows, so a long table does not leave half a page blank.
            before_table = i + 1 < len(doc.blocks) and isinstance(doc.blocks[i + 1], Table)
            if before_table:
                story.append(CondPageBreak(35 * mm))
            story.append(_heading(block, f, doc.body_size, keep=not before_table))
        elif isinstance(block, Table):
            story += [_table(block, f, width), Spacer(1, 3 * mm)]
        else:
            story.append(_paragraph(block, f, doc.body_size))
    closing = _closing(doc, f, width)
    if closing is not None:
        story += [Spacer(1, 4 * mm), KeepTogether([closing])]
    template.build(story, onLaterPages=_page_number(f))
    return out.getvalue()


def _page_number(f: Fonts):
    def draw(canvas, template):
        canvas.saveState()
        canvas.setFont(f.regular, 11)
        canvas.drawCentredString(template.pagesize[0] / 2, template.pagesize[1] - 12 * mm,
                                 str(canvas.getPageNumber()))  # fmt: skip
        canvas.restoreState()

    return draw


def _style(f: Fonts, size: float, *, bold=False, italic=False, align=TA_CENTER, **kw):
    name = (f.bold_italic if italic else f.bold) if bold else (f.italic if italic else f.regular)
    return ParagraphStyle("s", fontName=name, fontSize=size, leading=size * 1.25, alignment=align,
                          **kw)  # fmt: skip


def _line(text: str, f: Fonts, size: float, **kw) -> P:
    return P(escape(text), _style(f, size, **kw))


def _letterhead(doc: Document, f: Fonts, width: float) -> T:
    lw, rw = width * LEFT_SHARE, width * (1 - LEFT_SHARE)
    left: list = []
    if doc.parent:
        left.append(_line(doc.parent.upper(), f, 12))
    left += [_line(doc.issuer.upper(), f, 12, bold=True), Rule(lw / 3, lw)]
    if doc.number:
        left += [Spacer(1, 2 * mm), _line(doc.number, f, 13)]
    right: list = []
    if doc.motto:
        right += [_line(NATION, f, 12, bold=True), _line(MOTTO, f, 13, bold=True),
                  Rule(rw * 0.5, rw), Spacer(1, 2 * mm)]  # fmt: skip
    right.append(_line(doc.place_date, f, 13, italic=True))
    table = T([[left, right]], colWidths=[lw, rw])
    table.setStyle(TableStyle(FLAT))
    return table


def _title(doc: Document, f: Fonts, width: float) -> list:
    out: list = [_line(doc.kind.upper(), f, 14, bold=True)]
    if doc.summary:
        out += [_line(doc.summary, f, 14, bold=True), Rule(35 * mm, width)]
    return [*out, Spacer(1, 5 * mm)]


def _runs(runs: list[Run]) -> str:
    parts = []
    for r in runs:
        text = escape(r.text)
        if r.bold:
            text = f"<b>{text}</b>"
        if r.italic:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def _paragraph(block: Paragraph, f: Fonts, size: float) -> P:
    style = _style(f, size, align=ALIGN.get(block.align, TA_JUSTIFY), spaceAfter=6,
                   firstLineIndent=10 * mm if block.indent else 0)  # fmt: skip
    style.leading = size * 1.3
    return P(_runs(block.runs()), style)


def _heading(block: Heading, f: Fonts, size: float, keep: bool = True) -> P:
    style = _style(f, size, bold=True, italic=block.level >= 3, align=TA_LEFT, spaceBefore=6,
                   spaceAfter=4, firstLineIndent=10 * mm, keepWithNext=int(keep))  # fmt: skip
    return P(escape(block.text), style)


def _table(block: Table, f: Fonts, width: float) -> T:
    head = _style(f, block.size, bold=True)
    body = _style(f, block.size, align=TA_LEFT)
    num = _style(f, block.size, align=TA_RIGHT)
    bold_num = _style(f, block.size, bold=True, align=TA_RIGHT)
    bold_body = _style(f, block.size, bold=True, align=TA_LEFT)
    data = [[P(escape(str(v)), head) for v in block.header]]
    for row in block.rows:
        data.append([P(escape(str(v)), num if j in block.numeric else body)
                     for j, v in enumerate(row)])  # fmt: skip
    if block.total:
        data.append([P(escape(str(v)), bold_num if j in block.numeric else bold_body)
                     for j, v in enumerate(block.total)])  # fmt: skip
    weights = block.widths or [1.0] * len(block.header)
    total = sum(weights)
    table = T(data, colWidths=[width * w / total for w in weights], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    return table


def _signature(sig: Signature, f: Fonts) -> list:
    out: list = []
    if sig.authority:
        out.append(_line(sig.authority.upper(), f, 13, bold=True))
    out += [_line(sig.title.upper(), f, 13, bold=True), Spacer(1, 24 * mm)]
    if sig.name:
        out.append(_line(sig.name, f, 13, bold=True))
    return out


def _recipients(lines: list[str], f: Fonts) -> list:
    out: list = [_line("Nơi nhận:", f, 12, bold=True, italic=True, align=TA_LEFT)]
    out += [_line(line, f, 11, align=TA_LEFT) for line in lines]
    return out


def _closing(doc: Document, f: Fonts, width: float) -> T | None:
    if not doc.signatures and not doc.recipients:
        return None
    recipients: list | str = (
        _recipients(recipient_lines(doc.recipients), f) if doc.recipients else ""
    )
    rows: list[list]
    if len(doc.signatures) >= 2:
        rows = [[_signature(doc.signatures[0], f), _signature(doc.signatures[1], f)]]
        widths = [width / 2, width / 2]
        if recipients:
            rows.append([recipients, ""])
    else:
        sig: list | str = _signature(doc.signatures[0], f) if doc.signatures else ""
        rows, widths = [[recipients, sig]], [width * LEFT_SHARE, width * (1 - LEFT_SHARE)]
    table = T(rows, colWidths=widths)
    table.setStyle(TableStyle(FLAT))
    return table
