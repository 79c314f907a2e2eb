"""What every printed money statement ends with (the fund ledger statement, the dues remittance
statement): the place-date line ("Đà Nẵng, ngày 3 tháng 12 năm 2026") and the signature block
(Người lập, Kế toán, Chủ tịch), for the PDFs (reportlab) and the spreadsheets (xlsxwriter)."""

import datetime
import re

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from org.models import AdminArea, Unit, UnitKind

_PREFIX = re.compile(r"^(?:.*\s)?(?:thành phố|tỉnh)\s+", re.IGNORECASE)
SIGN_SPACE = 22 * mm  # room for the signatures under the titles


def place_of(unit: Unit) -> str:
    """The province a unit belongs to, as a letter's place line names it ("Đà Nẵng"); "" when
    the unit lies above the provinces."""
    provinces = [a for a in unit.ancestors_and_self() if a.kind == UnitKind.PROVINCE]
    if not provinces:
        return ""
    province = provinces[-1]
    area = (
        AdminArea.objects.filter(code=province.admin_code).first() if province.admin_code else None
    )
    name = area.name if area is not None else province.name
    return _PREFIX.sub("", name).strip()


def place_date(unit: Unit, day: datetime.date) -> str:
    """ "Đà Nẵng, ngày 3 tháng 12 năm 2026" (without a place: "Ngày 3 tháng 12 năm 2026")."""
    parts = {"d": day.day, "m": day.month, "y": day.year}
    place = place_of(unit)
    if not place:
        return _("Ngày %(d)d tháng %(m)d năm %(y)d") % parts
    return _("%(place)s, ngày %(d)d tháng %(m)d năm %(y)d") % {"place": place, **parts}


def signers() -> list[tuple[str, str]]:
    """(title, hint) of each signature: the person who made it, the accountant, the president."""
    hint = _("(Ký, ghi rõ họ tên)")
    return [
        (_("Người lập"), hint),
        (_("Kế toán"), hint),
        (_("Chủ tịch"), _("(Ký, ghi rõ họ tên, đóng dấu)")),
    ]


def pdf_block(fonts, width: float, unit: Unit, day: datetime.date) -> Table:
    """The place-date line (right) and three signature columns: one table, so it stays on one
    page (a story appends it; a canvas draws it with :func:`draw_block`)."""
    italic = ParagraphStyle("pd", fontName=fonts.italic, fontSize=10, leading=13, alignment=1)
    bold = ParagraphStyle("sg", fontName=fonts.bold, fontSize=10, leading=13, alignment=1)
    hint = ParagraphStyle("sh", fontName=fonts.italic, fontSize=9, leading=11, alignment=1)
    col = width / 3
    line = Table([["", "", Paragraph(place_date(unit, day), italic)]], colWidths=[col] * 3)
    names = Table(
        [
            [Paragraph(t, bold) for t, _h in signers()],
            [Paragraph(h, hint) for _t, h in signers()],
            ["", "", ""],
        ],
        colWidths=[col] * 3,
        rowHeights=[None, None, SIGN_SPACE],
    )
    block = Table([[""], [line], [names]], colWidths=[width], rowHeights=[6 * mm, None, None])
    for t in (line, names, block):
        t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return block


class TableWithTail(Flowable):
    """A long table and what must follow it on its page (the totals, the place-date line, the
    signatures): when a page cannot hold the tail after the table's last row, the table's last
    ``keep_rows`` rows go with the tail onto the next page (under the repeated column headings),
    so the signatures never stand alone on a page, away from what they sign.

    Like reportlab's KeepTogether it asks to be split (an endless height) and decides in
    :meth:`split`, where the frame tells how much room is left on the page."""

    def __init__(self, table: Table, tail: list, keep_rows: int = 3):
        super().__init__()
        self.table, self.tail, self.keep_rows = table, tail, keep_rows

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab's names)
        return availWidth, 0xFFFFFF  # always split: see split()

    def split(self, availWidth, availHeight):  # noqa: N803
        _w, height = self.table.wrapOn(self.canv, availWidth, availHeight)
        tail = sum(
            f.wrapOn(self.canv, availWidth, availHeight)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            for f in self.tail
        )
        if height + tail <= availHeight:  # all on this page
            return [self.table, *self.tail]
        heading = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 0
        if height > availHeight:  # the table goes on over the next page: decide there
            parts = self.table.split(availWidth, availHeight)
            if len(parts) != 2:
                return parts  # [] when not even a row fits here: all to the next page
            if len(parts[1]._cellvalues) - heading >= self.keep_rows:
                return [parts[0], TableWithTail(parts[1], self.tail, self.keep_rows)]
        # The table ends on this page (or would carry fewer than keep_rows rows over) and the tail
        # does not fit under it: the table's last rows go along with the tail.
        rows = self.table._rowHeights  # known once wrapped
        keep = min(self.keep_rows, len(rows) - heading - 1)
        if keep > 0:
            parts = self.table.split(availWidth, sum(rows[: len(rows) - keep]) + 0.01)
            if len(parts) == 2:
                return [parts[0], KeepTogether([parts[1], *self.tail])]
        return [KeepTogether([self.table, *self.tail])]


def draw_block(canvas, fonts, x: float, y: float, width: float, bottom: float, unit, day) -> float:
    """Draw the block on a reportlab canvas under ``y`` (a new page when it does not fit above
    ``bottom``, the page's lower margin, and taken as its upper margin too); the y under it."""
    block = pdf_block(fonts, width, unit, day)
    _w, h = block.wrap(width, y)
    if y - h < bottom:
        canvas.showPage()
        y = canvas._pagesize[1] - bottom
    block.drawOn(canvas, x, y - h)
    return y - h


def write_xlsx_block(ws, row: int, first_col: int, last_col: int, formats, unit, day) -> int:
    """Write the block into a worksheet from ``row``; the three titles spread over the columns
    ``first_col``..``last_col``. ``formats``: (italic centred, bold centred). The next free row."""
    italic, bold = formats
    cols = last_col - first_col + 1
    third = max(cols // 3, 1)
    spans = [
        (first_col, first_col + third - 1),
        (first_col + third, last_col - third),
        (last_col - third + 1, last_col),
    ]
    a, b = spans[2]
    _write(ws, row, a, b, place_date(unit, day), italic)
    for (a, b), (title, hint) in zip(spans, signers(), strict=True):
        _write(ws, row + 1, a, b, title, bold)
        _write(ws, row + 2, a, b, hint, italic)
    return row + 7


def _write(ws, row: int, a: int, b: int, text: str, fmt) -> None:
    if b > a:
        ws.merge_range(row, a, row, b, text, fmt)
    else:
        ws.write(row, a, text, fmt)
