"""The signed receipt list (danh sách ký nhận) of a recipient list, as xlsx and as an A4 PDF:
STT, họ tên, năm sinh, địa chỉ, loại quà, giá trị, ký nhận; the totals, the place-date line and
the signatures. Only what the signed paper shows: no category, no CCCD, no health or income.

The PDF is drawn on a canvas row by row (a reportlab Table re-measures its remaining rows at
every page break: minutes for a list of ten thousand)."""

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.cells import workbook, write_cell, write_text
from core.formatting import format_vnd
from core.words import vnd_in_words
from funds.printing import draw_block, write_xlsx_block
from members.exports import association_name
from members.exports.pdf import fonts, stringWidth, wrap

from .models import RecipientList


@dataclass(frozen=True)
class Row:
    n: int
    name: str
    year: str
    address: str
    parcel: str
    value: int


def rows_of(rl: RecipientList) -> list[Row]:
    lines = (
        rl.lines.filter(removed_at__isnull=True)
        .order_by("sort_key", "pk")
        .values_list("full_name", "birth_year", "address", "parcel_type__name", "cash", "goods")
    )
    return [
        Row(i, name, str(year or ""), address, parcel, cash + goods)
        for i, (name, year, address, parcel, cash, goods) in enumerate(lines, 1)
    ]


def headings() -> list[str]:
    return [_("STT"), _("Họ và tên"), _("Năm sinh"), _("Địa chỉ"), _("Loại quà"),
            _("Giá trị (đồng)"), _("Ký nhận")]  # fmt: skip


def _title(rl: RecipientList) -> str:
    return _("DANH SÁCH KÝ NHẬN QUÀ")


def receipt_xlsx(rl: RecipientList, rows: list[Row] | None = None) -> bytes:
    rows = rows_of(rl) if rows is None else rows
    out = io.BytesIO()
    wb = workbook(out)
    ws = wb.add_worksheet(_("Danh sách ký nhận")[:31])
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                          "text_wrap": True})  # fmt: skip
    cell = wb.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    money = wb.add_format({"border": 1, "num_format": "#,##0", "valign": "vcenter"})
    italic = wb.add_format({"italic": True, "align": "center"})
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 9)
    ws.set_column(3, 3, 36)
    ws.set_column(4, 4, 18)
    ws.set_column(5, 5, 14)
    ws.set_column(6, 6, 16)
    ws.merge_range(0, 0, 0, 6, association_name(), bold)
    ws.merge_range(1, 0, 1, 6, rl.unit.name, bold)
    write_text(ws, 3, 0, "", None)
    ws.merge_range(3, 0, 3, 6, _title(rl), bold)
    ws.merge_range(4, 0, 4, 6, rl.campaign.name, italic)
    for i, h in enumerate(headings()):
        write_text(ws, 6, i, h, head)
    ws.repeat_rows(6)
    r = 7
    for row in rows:
        write_cell(ws, r, 0, row.n, cell)
        write_text(ws, r, 1, row.name, cell)
        write_text(ws, r, 2, row.year, cell)
        write_text(ws, r, 3, row.address, cell)
        write_text(ws, r, 4, row.parcel, cell)
        write_cell(ws, r, 5, row.value, money)
        write_text(ws, r, 6, "", cell)
        r += 1
    total = sum(x.value for x in rows)
    write_text(ws, r, 1, _("Cộng: %(n)d người") % {"n": len(rows)}, head)
    write_cell(ws, r, 5, total, money)
    write_text(ws, r + 1, 1, _("Bằng chữ: %(w)s") % {"w": vnd_in_words(total)}, None)
    write_xlsx_block(ws, r + 3, 0, 6, (italic, bold), rl.unit, timezone.localdate())
    wb.close()
    return out.getvalue()


PAGE = A4
MARGIN = 14 * mm
ROW_H = 8 * mm
# Column widths (mm), summing to the printable width (182 mm).
WIDTHS_MM = (10, 44, 14, 50, 24, 20, 20)


class _Sheet:
    """The canvas of a receipt list being drawn: its columns, fonts and page furniture."""

    size = 9.5

    def __init__(self, rl: RecipientList, out: io.BytesIO) -> None:
        self.rl = rl
        self.f = f = fonts()
        self.c = rl_canvas.Canvas(
            out, pagesize=PAGE, pageCompression=1, lang="vi", initialFontName=f.regular
        )
        self.c.setTitle(f"{_title(rl)} · {rl.campaign.name}")
        self.width, self.height = PAGE
        self.xs = [MARGIN]
        for w in WIDTHS_MM:
            self.xs.append(self.xs[-1] + w * mm)
        self.heads = headings()

    def text_in(
        self, col: int, y: float, text: str, font: str | None = None, align: str = "left"
    ) -> None:
        c, xs, size = self.c, self.xs, self.size
        font = font or self.f.regular
        w = xs[col + 1] - xs[col] - 2 * mm
        width_now = stringWidth(text, font, size)
        if width_now > w and align == "left":
            # Too long for one line: two smaller lines in the same row (cut with "…" beyond).
            c.setFont(font, 7.5)
            parts = wrap(text, font, 7.5, w, max_lines=2)
            top = y + 3.2 if len(parts) > 1 else y
            for i, part in enumerate(parts):
                c.drawString(xs[col] + 1 * mm, top - i * 8.2, part)
            return
        c.setFont(font, size if width_now <= w else max(6, size * w / width_now))
        if align == "right":
            c.drawRightString(xs[col + 1] - 1 * mm, y, text)
        elif align == "center":
            c.drawCentredString((xs[col] + xs[col + 1]) / 2, y, text)
        else:
            c.drawString(xs[col] + 1 * mm, y, text)

    def plain(self, col: int, y: float, text: str) -> None:
        """A short text that always fits (a number, a year): drawn without measuring."""
        self.c.drawCentredString((self.xs[col] + self.xs[col + 1]) / 2, y, text)

    def page_number(self) -> None:
        c = self.c
        c.setFont(self.f.italic, 8)
        c.drawRightString(
            self.width - MARGIN, MARGIN - 4 * mm, _("Trang %(n)d") % {"n": c.getPageNumber()}
        )

    def grid(self, top: float, bottom: float, ys: list[float]) -> None:
        c, xs = self.c, self.xs
        c.setLineWidth(0.5)
        for x in xs:
            c.line(x, top, x, bottom)
        for y in ys:
            c.line(xs[0], y, xs[-1], y)

    def page_head(self, first: bool) -> float:
        c, f, rl, width = self.c, self.f, self.rl, self.width
        y = self.height - MARGIN
        if first:
            c.setFont(f.bold, 10)
            c.drawString(MARGIN, y - 4 * mm, association_name())
            c.drawString(MARGIN, y - 9 * mm, rl.unit.name)
            c.setFont(f.bold, 14)
            c.drawCentredString(width / 2, y - 19 * mm, _title(rl))
            c.setFont(f.italic, 11)
            c.drawCentredString(width / 2, y - 25 * mm, rl.campaign.name)
            y -= 31 * mm
        head_h = 10 * mm
        for i, h in enumerate(self.heads):
            self.text_in(i, y - 6.3 * mm, h, f.bold, "center")
        self.grid(y, y - head_h, [y, y - head_h])
        return y - head_h

    def next_page(self, page_top: float, y: float, ys: list[float]) -> float:
        """Close the page's grid, number it and start the next one; the new top."""
        self.grid(page_top, y, ys)
        self.page_number()
        self.c.showPage()
        return self.page_head(False)


def _draw_rows(s: _Sheet, rows: list[Row]) -> tuple[float, float, list[float]]:
    """The lines, page after page; where the last page's grid starts, the pen and its rules."""
    c, f = s.c, s.f
    y = s.page_head(True)
    page_top = y
    ys: list[float] = []
    for row in rows:
        if y - ROW_H < MARGIN + 8 * mm:
            y = s.next_page(page_top, y, ys)
            page_top, ys = y, []
        base = y - ROW_H + 2.8 * mm
        c.setFont(f.regular, s.size)
        s.plain(0, base, str(row.n))
        s.plain(2, base, row.year)
        s.text_in(1, base, row.name)
        s.text_in(3, base, row.address)
        s.text_in(4, base, row.parcel)
        c.setFont(f.regular, s.size)
        c.drawRightString(s.xs[6] - 1 * mm, base, format_vnd(row.value).replace(" đ", ""))
        y -= ROW_H
        ys.append(y)
    return page_top, y, ys


def _draw_totals(s: _Sheet, rows: list[Row], page_top: float, y: float, ys: list[float]) -> None:
    """The totals row, the amount in words, the place-date line and the signatures."""
    c, f = s.c, s.f
    total = sum(r.value for r in rows)
    if y - ROW_H < MARGIN:
        y = s.next_page(page_top, y, ys)
        page_top, ys = y, []
    s.text_in(1, y - ROW_H + 2.8 * mm, _("Cộng: %(n)d người") % {"n": len(rows)}, f.bold)
    s.text_in(5, y - ROW_H + 2.8 * mm, format_vnd(total).replace(" đ", ""), f.bold, "right")
    y -= ROW_H
    ys.append(y)
    s.grid(page_top, y, ys)
    c.setFont(f.italic, 10)
    words = _("Bằng chữ: %(w)s") % {"w": vnd_in_words(total)}
    if y - 8 * mm < MARGIN:
        s.page_number()
        c.showPage()
        y = s.height - MARGIN
    c.drawString(MARGIN, y - 6 * mm, words[:140])
    draw_block(c, f, MARGIN, y - 8 * mm, s.xs[-1] - s.xs[0], MARGIN, s.rl.unit, timezone.localdate())  # fmt: skip
    s.page_number()


def receipt_pdf(rl: RecipientList, rows: list[Row] | None = None) -> bytes:
    rows = rows_of(rl) if rows is None else rows
    out = io.BytesIO()
    sheet = _Sheet(rl, out)
    page_top, y, ys = _draw_rows(sheet, rows)
    _draw_totals(sheet, rows, page_top, y, ys)
    sheet.c.save()
    return out.getvalue()


def filename(rl: RecipientList, ext: str, day: datetime.date | None = None) -> str:
    day = day or timezone.localdate()
    return f"danh-sach-ky-nhan-{rl.pk}-{day.isoformat()}.{ext}"
