"""The ledger statement of a unit's fund for a period, as xlsx (xlsxwriter) and PDF (reportlab).

Both carry the opening balance, every entry with its running balance, the closing balance and the
totals by category. Donors who are persons appear by name: the statement is an internal document
for people with a role on the unit (its download is recorded in the audit trail).
"""

import datetime
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core import audit
from core.cells import workbook as safe_workbook
from core.cells import write_text
from core.formatting import format_date, format_vnd
from core.text import search_key
from members.exports import association_name
from members.exports.pdf import fonts
from org.models import Unit

from . import printing, selectors
from .models import Category, Direction, Entry, FundKind


@dataclass
class Statement:
    association: str
    unit: Unit
    fund: str  # a FundKind
    start: datetime.date
    end: datetime.date
    opening: int
    closing: int
    rows: list[Entry]
    totals: list[tuple[str, int, int]]  # (category label, in, out)
    subtree_closing: int | None = None  # with the units below (None: the unit has none)

    @property
    def unit_name(self) -> str:
        return self.unit.name


def collect_statement(
    unit: Unit, start: datetime.date, end: datetime.date, kind: str = FundKind.HUMANITARIAN
) -> Statement:
    opening, rows, closing = selectors.ledger_with_running_balance(unit, start, end, kind=kind)
    labels = dict(Category.choices)
    totals = selectors.totals(unit, start, end, kind=kind)
    subtree = (
        selectors.fund_balance(unit, end, kind=kind, subtree=True)
        if selectors.has_subunits(unit)
        else None
    )
    return Statement(
        association=association_name(),
        unit=unit,
        fund=kind,
        start=start,
        end=end,
        opening=opening,
        closing=closing,
        rows=rows,
        totals=[(str(labels[c]), t["in"], t["out"]) for c, t in totals.items()
                if t["in"] or t["out"]],
        subtree_closing=subtree,
    )  # fmt: skip


def subtree_line(st: Statement) -> str:
    return _("Số dư cộng cả các đơn vị trực thuộc đến ngày %(date)s") % {
        "date": format_date(st.end)
    }


def counterparty(e: Entry) -> str:
    if e.counterparty_unit is not None:
        return e.counterparty_unit.name
    if e.donor_id:
        return str(e.donor)
    return ""


def description(e: Entry) -> str:
    parts = [str(e.get_category_display())]
    if e.campaign:
        parts.append(e.campaign)
    if e.note:
        parts.append(e.note)
    if e.reverses_id:
        parts.append(_("đảo bút toán số %(id)d") % {"id": e.reverses_id})
    return " · ".join(parts)


def filename(unit: Unit, end: datetime.date, ext: str, kind: str = FundKind.HUMANITARIAN) -> str:
    what = "so-quy-hoi-phi" if kind == FundKind.DUES else "so-quy-nhan-dao"
    return f"{what}_{slugify(search_key(unit.name))[:80]}_{end.isoformat()}.{ext}"


@transaction.atomic
def record_export(*, actor, unit: Unit, fmt: str, st: Statement) -> None:
    audit.record(
        actor=actor,
        action="funds.export",
        unit=unit,
        data={"format": fmt, "fund": st.fund, "rows": len(st.rows),
              "start": st.start.isoformat(), "end": st.end.isoformat()},
    )  # fmt: skip


def _heading(st: Statement) -> tuple[str, str]:
    return (
        _("SỔ QUỸ HỘI PHÍ") if st.fund == FundKind.DUES else _("SỔ QUỸ NHÂN ĐẠO"),
        _("Từ ngày %(start)s đến ngày %(end)s")
        % {"start": format_date(st.start), "end": format_date(st.end)},
    )


_COLUMNS = (
    (gettext_lazy("Ngày"), 11),
    (gettext_lazy("Số chứng từ"), 15),
    (gettext_lazy("Diễn giải"), 46),
    (gettext_lazy("Đối tượng"), 22),
    (pgettext_lazy("money", "Thu"), 16),
    (pgettext_lazy("money", "Chi"), 16),
    (gettext_lazy("Tồn"), 17),
)


def build_xlsx(st: Statement) -> bytes:
    out = io.BytesIO()
    wb = safe_workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(_("Sổ quỹ")[:31])
    money = "#,##0"

    def fmt(**extra):
        return wb.add_format({"font_name": "Times New Roman", "font_size": 11, **extra})

    title, period = _heading(st)
    top, bold_top = fmt(), fmt(bold=True)
    head = fmt(bold=True, align="center", border=1, text_wrap=True)
    cell = fmt(border=1, text_wrap=True, valign="top")
    date = fmt(border=1, num_format="dd/mm/yyyy", valign="top")
    num = fmt(border=1, num_format=money, valign="top")
    bold_num = fmt(border=1, num_format=money, bold=True)
    bold_cell = fmt(border=1, bold=True)
    last = len(_COLUMNS) - 1
    for col, (_label, width) in enumerate(_COLUMNS):
        ws.set_column(col, col, width)
    write_text(ws, 0, 0, st.association.upper(), top)
    write_text(ws, 1, 0, st.unit_name.upper(), bold_top)
    ws.merge_range(3, 0, 3, last, title, fmt(bold=True, font_size=14, align="center"))
    ws.merge_range(4, 0, 4, last, period, fmt(italic=True, align="center"))
    r = 6
    for col, (label, _w) in enumerate(_COLUMNS):
        ws.write(r, col, str(label), head)
    ws.repeat_rows(r)
    r += 1
    ws.merge_range(r, 0, r, 5, _("Số dư đầu kỳ"), bold_cell)
    ws.write_number(r, 6, st.opening, bold_num)
    for e in st.rows:
        r += 1
        ws.write_datetime(r, 0, datetime.datetime.combine(e.on, datetime.time()), date)
        write_text(ws, r, 1, e.document_number, cell)
        write_text(ws, r, 2, description(e), cell)
        write_text(ws, r, 3, counterparty(e), cell)
        if e.direction == Direction.IN:
            ws.write_number(r, 4, e.amount, num)
            ws.write_blank(r, 5, None, num)
        else:
            ws.write_blank(r, 4, None, num)
            ws.write_number(r, 5, e.amount, num)
        ws.write_number(r, 6, e.running, num)  # type: ignore[attr-defined]
    r += 1
    ws.merge_range(r, 0, r, 5, _("Số dư cuối kỳ"), bold_cell)
    ws.write_number(r, 6, st.closing, bold_num)
    r += 2
    ws.write(r, 2, _("Tổng hợp theo loại"), bold_top)
    ws.write(r, 4, pgettext("money", "Thu"), bold_top)
    ws.write(r, 5, pgettext("money", "Chi"), bold_top)
    for cat_label, i, o in st.totals:
        r += 1
        write_text(ws, r, 2, str(cat_label), cell)
        ws.write_number(r, 4, i, num)
        ws.write_number(r, 5, o, num)
    if st.subtree_closing is not None:
        r += 2
        ws.merge_range(r, 0, r, 5, subtree_line(st), bold_cell)
        ws.write_number(r, 6, st.subtree_closing, bold_num)
    printing.write_xlsx_block(
        ws, r + 2, 0, last, (fmt(italic=True, align="center"), fmt(bold=True, align="center")),
        st.unit, timezone.localdate(),
    )  # fmt: skip
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return out.getvalue()


def build_pdf(st: Statement) -> bytes:
    f = fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
        topMargin=12 * mm, bottomMargin=12 * mm, title=_heading(st)[0].capitalize(),
    )  # fmt: skip
    normal = ParagraphStyle("n", fontName=f.regular, fontSize=9, leading=11)
    right = ParagraphStyle("r", parent=normal, alignment=2)
    bold = ParagraphStyle("b", parent=normal, fontName=f.bold)
    centre_title = ParagraphStyle("t", fontName=f.bold, fontSize=14, leading=18, alignment=1)
    centre = ParagraphStyle("c", fontName=f.italic, fontSize=10, leading=13, alignment=1)
    title, period = _heading(st)

    def p(text, style=normal):
        return Paragraph(
            str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style
        )

    def money(v):
        return p(format_vnd(v), right) if v is not None else ""

    data = [[p(label, bold) for label, _w in _COLUMNS]]
    data.append([p(_("Số dư đầu kỳ"), bold), "", "", "", "", "", money(st.opening)])
    for e in st.rows:
        data.append([
            p(format_date(e.on)), p(e.document_number), p(description(e)), p(counterparty(e)),
            money(e.amount if e.direction == Direction.IN else None),
            money(e.amount if e.direction == Direction.OUT else None),
            money(e.running),  # type: ignore[attr-defined]
        ])  # fmt: skip
    data.append([p(_("Số dư cuối kỳ"), bold), "", "", "", "", "", money(st.closing)])
    # The columns share the frame's width (A4 landscape less the margins) in their proportions.
    total = sum(w for _l, w in _COLUMNS)
    widths = [doc.width * w / total for _l, w in _COLUMNS]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
            ("SPAN", (0, 1), (5, 1)),
            ("SPAN", (0, -1), (5, -1)),
        ])
    )  # fmt: skip
    story = [
        p(st.association.upper()),
        p(st.unit_name.upper(), bold),
        Spacer(1, 4 * mm),
        p(title, centre_title),
        p(period, centre),
        Spacer(1, 4 * mm),
    ]
    tail: list = []  # kept on one page with the table's last rows (printing.TableWithTail)
    if st.totals:
        tail.append(Spacer(1, 5 * mm))
        summary = [
            [
                p(_("Tổng hợp theo loại"), bold),
                p(pgettext("money", "Thu"), bold),
                p(pgettext("money", "Chi"), bold),
            ]
        ]
        summary += [[p(label), money(i), money(o)] for label, i, o in st.totals]
        t2 = Table(summary, colWidths=[70 * mm, 40 * mm, 40 * mm])
        t2.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black)]))
        tail.append(t2)
    if st.subtree_closing is not None:
        tail.append(Spacer(1, 3 * mm))
        tail.append(p(f"{subtree_line(st)}: {format_vnd(st.subtree_closing)}", bold))
    tail.append(printing.pdf_block(f, doc.width, st.unit, timezone.localdate()))
    story.append(printing.TableWithTail(table, tail))
    doc.build(story)
    return out.getvalue()
