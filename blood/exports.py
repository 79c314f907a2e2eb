"""Files of the blood programme: the living blood bank's call list (xlsx, written through
core.cells) and the honours' certificates (PDF, A4 landscape, one page each, the shipped fonts)."""

import datetime
import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from core.cells import workbook, write_cell, write_text
from core.formatting import format_date
from core.typeset import fonts
from funds.printing import place_date
from org.models import Unit

from .models import Honour


def call_list_xlsx(unit: Unit, donors: list, on: datetime.date, group: str) -> bytes:
    out = io.BytesIO()
    wb = workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(_("Danh sách gọi"))
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    write_text(ws, 0, 0, _("Ngân hàng máu sống: danh sách gọi người hiến"), bold)
    write_text(
        ws, 1, 0,
        _("%(unit)s · nhóm máu %(group)s · có thể hiến ngày %(on)s")
        % {"unit": unit.name, "group": group or _("mọi nhóm"), "on": format_date(on)},
    )  # fmt: skip
    headers = [
        _("STT"), _("Họ và tên"), _("Nhóm máu"), _("Số điện thoại"), _("Đơn vị"),
        _("Lần hiến gần nhất"), _("Được hiến từ"), _("Số lần đã hiến"), _("Đã gọi / kết quả"),
    ]  # fmt: skip
    for col, h in enumerate(headers):
        write_text(ws, 3, col, h, head)
    for i, d in enumerate(donors, start=1):
        row = 3 + i
        write_cell(ws, row, 0, i)
        write_text(ws, row, 1, d.person.full_name)
        write_text(ws, row, 2, d.group)
        write_text(ws, row, 3, d.person.phone)
        write_text(ws, row, 4, d.unit.name)
        write_cell(ws, row, 5, d.last_donation_on, day)
        write_cell(ws, row, 6, d.next_eligible_on, day)
        write_cell(ws, row, 7, d.total_count)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 3, 13)
    ws.set_column(4, 4, 32)
    ws.set_column(5, 7, 14)
    ws.set_column(8, 8, 22)
    ws.freeze_panes(4, 0)
    wb.close()
    return out.getvalue()


def certificates_pdf(honours: list[Honour], signer_unit: Unit, on: datetime.date) -> bytes:
    """One certificate (giấy chứng nhận) per honour, A4 landscape."""
    f = fonts()
    out = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(out, pagesize=(width, height))
    c.setTitle(_("Giấy chứng nhận tôn vinh người hiến máu tình nguyện"))
    for h in honours:
        c.setStrokeColorRGB(0.7, 0.1, 0.1)
        c.setLineWidth(3)
        c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        c.setLineWidth(0.8)
        c.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(f.bold, 12)
        c.drawCentredString(width / 2, height - 30 * mm, _("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        c.setFont(f.bold, 11)
        c.drawCentredString(width / 2, height - 36 * mm, _("Độc lập - Tự do - Hạnh phúc"))
        c.setFont(f.regular, 12)
        c.drawCentredString(width / 2, height - 48 * mm, signer_unit.name.upper())
        c.setFillColorRGB(0.7, 0.1, 0.1)
        c.setFont(f.bold, 26)
        c.drawCentredString(width / 2, height - 68 * mm, _("GIẤY CHỨNG NHẬN"))
        c.setFont(f.bold, 15)
        c.drawCentredString(width / 2, height - 78 * mm, _("TÔN VINH NGƯỜI HIẾN MÁU TÌNH NGUYỆN"))
        c.setFillColorRGB(0, 0, 0)
        c.setFont(f.italic, 13)
        c.drawCentredString(width / 2, height - 93 * mm, _("Chứng nhận Ông/Bà"))
        c.setFont(f.bold, 22)
        c.drawCentredString(width / 2, height - 106 * mm, h.person.full_name)
        c.setFont(f.regular, 13)
        born = (
            h.person.birth_date.strftime("%d/%m/%Y")
            if h.person.birth_date
            else (str(h.person.birth_year or ""))
        )
        if born:
            c.drawCentredString(width / 2, height - 116 * mm, _("Sinh: %(b)s") % {"b": born})
        c.drawCentredString(
            width / 2, height - 128 * mm,
            _("Đã hiến máu tình nguyện %(n)d lần (đạt ngày %(on)s), góp phần cứu người bệnh.")
            % {"n": h.milestone, "on": format_date(h.reached_on)},
        )  # fmt: skip
        c.setFont(f.italic, 12)
        c.drawCentredString(width * 0.72, 52 * mm, place_date(signer_unit, on))
        c.setFont(f.bold, 12)
        c.drawCentredString(width * 0.72, 45 * mm, _("TM. BAN THƯỜNG VỤ"))
        c.setFont(f.italic, 10)
        c.drawCentredString(width * 0.72, 39 * mm, _("(Ký, ghi rõ họ tên, đóng dấu)"))
        c.setFont(f.regular, 9)
        c.drawString(20 * mm, 20 * mm, _("Số: %(n)s") % {"n": f"{h.reached_on.year}/{h.pk}"})
        c.showPage()
    if not honours:
        c.setFont(f.regular, 12)
        c.drawString(20 * mm, height - 20 * mm, _("Không có người đạt mốc tôn vinh."))
        c.showPage()
    c.save()
    return out.getvalue()
