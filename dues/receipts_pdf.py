"""The printed dues receipt (biên lai thu hội phí): one A4 portrait sheet per receipt, two copies
on it (liên 1 kept by the collecting unit, liên 2 given to the payer) with a cut line between.

:func:`receipt_from_payment` reads a receipt into plain values; :func:`build_receipts_pdf` draws
them with reportlab and the serif fonts of the member books, and touches no database.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.formatting import format_date, format_vnd
from core.words import vnd_in_words
from members.exports import association_name
from members.exports.pdf import Fonts, fonts, stringWidth, wrap

from .models import DuesPayment

PAGE = A4
MARGIN = 14 * mm  # inside the 8 mm every printer prints, with room for a punch
HALF = PAGE[1] / 2
RED = Color(0xC8 / 255, 0x10 / 255, 0x2E / 255)
GREY = Color(0.45, 0.45, 0.45)


@dataclass(frozen=True)
class Receipt:
    association: str
    base_name: str  # the base whose receipt book numbers it
    unit_name: str  # the collecting unit, when not the base itself
    number: str  # "2025-00042"
    paid_on: str  # "Ngày 10 tháng 05 năm 2025"
    payer: str  # the member, who pays their own dues
    birth_year: int | None
    card_number: str
    member_unit: str
    year: int
    amount: int
    note: str
    collector: str
    cancelled: str  # "" or the cancellation's date and reason


def _long_date(day) -> str:
    return _("Ngày %(d)02d tháng %(m)02d năm %(y)d") % {"d": day.day, "m": day.month, "y": day.year}


def _user_name(user) -> str:
    if user is None:
        return ""
    # Vietnamese order: family and middle names (last_name) before the given name.
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def receipt_from_payment(p: DuesPayment) -> Receipt:
    person = p.person
    cancelled = ""
    if p.cancelled_at is not None:
        cancelled = _("Biên lai đã huỷ ngày %(date)s: %(reason)s") % {
            "date": format_date(p.cancelled_at.date()),
            "reason": p.cancel_reason,
        }
    return Receipt(
        association=association_name(),
        base_name=p.base.name,
        unit_name="" if p.unit_id == p.base_id else p.unit.name,
        number=p.receipt_label,
        paid_on=_long_date(p.paid_on),
        payer=person.full_name,
        birth_year=person.birth_year,
        card_number=p.membership.card_number,
        member_unit=p.unit.name,
        year=p.year,
        amount=p.amount,
        note=p.note,
        collector=_user_name(p.created_by),
        cancelled=cancelled,
    )


def _draw_copy(c: rl_canvas.Canvas, r: Receipt, top: float, copy_label: str, f: Fonts) -> None:
    """One copy of the receipt in the band of the page from ``top`` down (half a page)."""
    width = PAGE[0] - 2 * MARGIN
    left_w = width * 0.58
    y = top - MARGIN

    def lines(text: str, font: str, size: float, x: float, w: float, centre: bool = False):
        nonlocal y
        for line in wrap(text, font, size, w, 2):
            c.setFont(font, size)
            if centre:
                c.drawCentredString(x + w / 2, y, line)
            else:
                c.drawString(x, y, line)
            y -= size * 1.3

    # Heading: association and unit at the left, number and copy at the right.
    head_top = y
    lines(r.association.upper(), f.regular, 10, MARGIN, left_w, centre=True)
    lines(r.base_name.upper(), f.bold, 10, MARGIN, left_w, centre=True)
    if r.unit_name:
        lines(r.unit_name, f.regular, 10, MARGIN, left_w, centre=True)
    left_bottom = y
    y = head_top
    right_x, right_w = MARGIN + left_w + 4 * mm, width - left_w - 4 * mm
    lines(_("Số: %(number)s") % {"number": r.number}, f.bold, 11, right_x, right_w)
    lines(copy_label, f.italic, 9.5, right_x, right_w)
    y = min(y, left_bottom) - 5 * mm

    c.setFillColor(RED)
    lines(_("BIÊN LAI THU HỘI PHÍ"), f.bold, 16, MARGIN, width, centre=True)
    c.setFillColor(black)
    lines(r.paid_on, f.italic, 10.5, MARGIN, width, centre=True)
    y -= 3 * mm

    label_w = 42 * mm

    def field(label: str, value: str, font: str | None = None, max_lines: int = 2) -> None:
        nonlocal y
        c.setFont(f.regular, 11)
        c.setFillColor(GREY)
        c.drawString(MARGIN, y, label)
        c.setFillColor(black)
        value_font = font or f.regular
        for line in wrap(value, value_font, 11, width - label_w, max_lines) or [""]:
            c.setFont(value_font, 11)
            c.drawString(MARGIN + label_w, y, line)
            y -= 15

    field(_("Người nộp tiền:"), r.payer, f.bold)
    field(_("Năm sinh:"), str(r.birth_year or ""))
    field(_("Số thẻ hội viên:"), r.card_number)
    field(_("Sinh hoạt tại:"), r.member_unit)
    field(_("Nội dung:"), _("Hội phí năm %(year)d") % {"year": r.year})
    field(_("Số tiền:"), format_vnd(r.amount), f.bold)
    field(_("Bằng chữ:"), vnd_in_words(r.amount) + ".", f.italic)
    if r.note:
        field(_("Ghi chú:"), r.note, max_lines=1)
    if r.cancelled:
        c.setFillColor(RED)
        lines(r.cancelled, f.bold, 11, MARGIN, width)
        c.setFillColor(black)

    # Signatures: the payer at the left, the collector at the right, names under the space.
    y -= 3 * mm
    col_w = width / 2
    for i, (who, name) in enumerate(
        ((_("Người nộp tiền"), r.payer), (_("Người thu tiền"), r.collector))
    ):
        x = MARGIN + i * col_w
        c.setFont(f.bold, 11)
        c.drawCentredString(x + col_w / 2, y, who)
        c.setFont(f.italic, 9.5)
        c.drawCentredString(x + col_w / 2, y - 13, _("(Ký, ghi rõ họ tên)"))
        if name:
            shown = wrap(name, f.bold, 11, col_w - 6 * mm, 1)[0]
            c.setFont(f.bold, 11)
            c.drawCentredString(x + col_w / 2, y - 13 - 20 * mm, shown)


def _cut_line(c: rl_canvas.Canvas, f: Fonts) -> None:
    c.saveState()
    c.setStrokeColor(GREY)
    c.setDash(3, 3)
    c.setLineWidth(0.5)
    c.line(MARGIN, HALF, PAGE[0] - MARGIN, HALF)
    c.restoreState()
    c.setFont(f.italic, 8)
    c.setFillColor(GREY)
    text = _("cắt theo đường này")
    w = stringWidth(text, f.italic, 8)
    c.setFillColor(Color(1, 1, 1))
    c.rect(PAGE[0] / 2 - w / 2 - 2, HALF - 3, w + 4, 9, stroke=0, fill=1)
    c.setFillColor(GREY)
    c.drawCentredString(PAGE[0] / 2, HALF - 1.5, text)
    c.setFillColor(black)


def build_receipts_pdf(receipts: list[Receipt]) -> bytes:
    """One A4 sheet per receipt: liên 1 (kept) above, liên 2 (for the payer) below."""
    f = fonts()
    out = io.BytesIO()
    c = rl_canvas.Canvas(
        out, pagesize=PAGE, pageCompression=1, lang="vi", initialFontName=f.regular
    )
    title = _("Biên lai thu hội phí")
    c.setTitle(f"{title} {', '.join(r.number for r in receipts[:5])}")
    c.setAuthor(receipts[0].association or receipts[0].base_name if receipts else "")
    c.setCreator("sohoi")
    for r in receipts:
        _draw_copy(c, r, PAGE[1], _("Liên 1: lưu tại đơn vị thu"), f)
        _cut_line(c, f)
        _draw_copy(c, r, HALF, _("Liên 2: giao người nộp tiền"), f)
        c.showPage()
    c.save()
    return out.getvalue()


def filename(receipts: list[Receipt]) -> str:
    if len(receipts) == 1:
        return f"bien-lai-hoi-phi_{receipts[0].number}.pdf"
    return f"bien-lai-hoi-phi_{receipts[0].number}_{len(receipts)}.pdf"
