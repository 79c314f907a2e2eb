"""The remittance statement as a spreadsheet (xlsxwriter) and a PDF (reportlab, the Vietnamese
serif fonts of the member books). ``statement_*`` take a :class:`selectors.Statement` and touch no
database."""

import datetime
import io

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core import audit
from core.cells import safe_text, write_cell
from core.cells import workbook as safe_workbook
from core.formatting import format_date, format_vnd
from core.text import search_key
from funds import printing
from members.exports import association_name
from members.exports.pdf import fonts, wrap
from org.models import Unit

from .selectors import Statement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FONT = "Times New Roman"


def filename(s: Statement, ext: str) -> str:
    return f"nop-hoi-phi-{s.year}_{slugify(search_key(s.unit.name))[:80]}_{s.on.isoformat()}.{ext}"


@transaction.atomic
def record_export(*, actor, unit: Unit, fmt: str, year: int, on: datetime.date):
    return audit.record(
        actor=actor,
        action="dues.remittance.export",
        unit=unit,
        data={"format": fmt, "year": year, "on": on.isoformat()},
    )


def headers() -> list[str]:
    return [
        _("STT"),
        _("Đơn vị"),
        _("Đã thu"),
        _("Nhận từ cấp dưới"),
        _("Để lại"),
        _("Phải nộp cấp trên"),
        _("Đã nộp"),
        _("Còn phải nộp"),
    ]


def _values(line) -> list[int]:
    return [
        line.collected, line.received, line.kept, line.owed, line.transferred, line.outstanding
    ]  # fmt: skip


def table(s: Statement) -> list[list]:
    """Rows of the statement: the units below, then the unit's own line, then the total (each
    column the sum of the lines above it: every line means the same, see RemittanceLine)."""
    rows = []
    for n, line in enumerate(s.lines, start=1):
        name = line.unit.name + (f" ({_('đơn vị lập bảng kê')})" if line.own else "")
        rows.append([n, name, *_values(line)])
    rows.append(["", _("Tổng cộng"), *_values(s.total)])
    return rows


def titles(s: Statement) -> tuple[str, str, str]:
    title = _("BẢNG KÊ THU, NỘP HỘI PHÍ NĂM %(year)d") % {"year": s.year}
    sub = _("%(unit)s — tính đến ngày %(date)s") % {"unit": s.unit.name, "date": format_date(s.on)}
    p = s.policy
    rule = _(
        "Mức hội phí %(amount)s/hội viên/năm; chi hội %(b)d%%, Hội cơ sở %(c)d%%, cấp trên %(a)d%%."
    ) % {"amount": format_vnd(p.amount), "b": p.share_branch, "c": p.share_base, "a": p.share_above}
    if s.recipient is not None:
        rule += " " + _("Nộp lên: %(unit)s.") % {"unit": s.recipient.name}
    return title, sub, rule


def statement_xlsx(s: Statement) -> bytes:
    out = io.BytesIO()
    wb = safe_workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(_("Nộp hội phí")[:31])

    def fmt(**extra):
        return wb.add_format({"font_name": _FONT, "font_size": 12, "valign": "vcenter", **extra})

    money = fmt(num_format="#,##0", border=1)
    # Vietnamese grouping with dots: xlsxwriter writes the number, Excel's locale shows it; the
    # format above keeps it a number (sums still work).
    head = fmt(bold=True, align="center", text_wrap=True, border=1)
    cell = fmt(border=1, text_wrap=True)
    bold_money = fmt(num_format="#,##0", border=1, bold=True)
    bold_cell = fmt(border=1, bold=True)
    title, sub, rule = titles(s)
    last_col = len(headers()) - 1
    ws.merge_range(0, 0, 0, last_col, association_name(), fmt(align="center"))
    ws.merge_range(1, 0, 1, last_col, title, fmt(bold=True, font_size=15, align="center"))
    ws.merge_range(2, 0, 2, last_col, safe_text(sub), fmt(italic=True, align="center"))
    ws.merge_range(3, 0, 3, last_col, rule, fmt(italic=True, align="center", text_wrap=True))
    widths = (5, 40, 14, 14, 14, 16, 14, 14)
    for col, (text, width) in enumerate(zip(headers(), widths, strict=True)):
        ws.set_column(col, col, width)
        ws.write(5, col, text, head)
    rows = table(s)
    for r, row in enumerate(rows, start=6):
        last = r == 5 + len(rows)
        for c, value in enumerate(row):
            if c >= 2:
                ws.write_number(r, c, value, bold_money if last else money)
            else:
                write_cell(ws, r, c, value, bold_cell if last else cell)
    printing.write_xlsx_block(
        ws, 7 + len(rows), 0, last_col, (fmt(italic=True, align="center"),
        fmt(bold=True, align="center")), s.unit, timezone.localdate(),
    )  # fmt: skip
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return out.getvalue()


def statement_pdf(s: Statement) -> bytes:
    f = fonts()
    out = io.BytesIO()
    width, height = landscape(A4)
    c = rl_canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
    title, sub, rule = titles(s)
    margin = 15 * mm
    cols = [12 * mm, 72 * mm, 27 * mm, 27 * mm, 27 * mm, 30 * mm, 27 * mm, 30 * mm]
    y = height - margin

    def center(text: str, font: str, size: float) -> None:
        nonlocal y
        c.setFont(font, size)
        c.drawCentredString(width / 2, y, text)
        y -= size * 1.5

    def row(values: list[str], font: str, size: float = 10) -> None:
        nonlocal y
        wrapped = [
            wrap(v, font, size, w - 3 * mm) or [""] for v, w in zip(values, cols, strict=True)
        ]
        h = max(len(w) for w in wrapped) * size * 1.25 + 2 * mm
        if y - h < margin:
            c.showPage()
            y = height - margin
        x = margin
        c.setFont(font, size)
        for i, (lines, w) in enumerate(zip(wrapped, cols, strict=True)):
            c.rect(x, y - h, w, h)
            for k, line in enumerate(lines):
                ty = y - (k + 1) * size * 1.25
                if i >= 2 or i == 0:
                    c.drawRightString(x + w - 1.5 * mm, ty, line)
                else:
                    c.drawString(x + 1.5 * mm, ty, line)
            x += w
        y -= h

    center(association_name(), f.regular, 11)
    center(title, f.bold, 15)
    center(sub, f.italic, 11)
    center(rule, f.italic, 10)
    y -= 2 * mm
    row(headers(), f.bold)
    rows = table(s)
    for i, values in enumerate(rows):
        text = [str(v) if k < 2 else format_vnd(v) for k, v in enumerate(values)]
        row(text, f.bold if i == len(rows) - 1 else f.regular)
    printing.draw_block(c, f, margin, y, sum(cols), margin, s.unit, timezone.localdate())
    c.save()
    return out.getvalue()
