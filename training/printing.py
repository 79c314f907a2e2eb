"""Certificates (giấy chứng nhận) as PDF: one A4 landscape page each, in Vietnamese, with a QR
code of the public verification address (reportlab's own QR encoder, as the members' cards
draw it: the widget's shapes cost more per page; no new dependency).

:func:`certificate_rows` reads certificates into plain values (one query);
:func:`build_certificates_pdf` draws them and touches no database.
"""

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.formatting import format_date
from members.exports import association_name
from members.exports.pdf import dark_runs, fonts, qr_matrix, stringWidth, wrap

PAGE = landscape(A4)
MARGIN = 15 * mm
RED = Color(0xC8 / 255, 0x10 / 255, 0x2E / 255)
GREY = Color(0.4, 0.4, 0.4)
QR_SIZE = 34 * mm
QR_BORDER = 2  # quiet modules around the code


@dataclass(frozen=True)
class CertificateSheet:
    association: str
    unit: str
    number: str
    code: str
    full_name: str
    birth_year: int | None
    course: str
    hours: int
    dates: str  # "từ 10/05/2025 đến 11/05/2025"
    issued_on: object
    valid_until: str  # "" when it does not expire
    verify_url: str
    revoked: bool


def _long_date(day) -> str:
    return _("ngày %(d)02d tháng %(m)02d năm %(y)d") % {"d": day.day, "m": day.month, "y": day.year}


def verify_url(base: str, number: str, code: str) -> str:
    return f"{base}?{urlencode({'so': number, 'ma': code})}"


def certificate_rows(certificates, base_url: str) -> list[CertificateSheet]:
    """``certificates``: a queryset; read with their person, course, unit and class."""
    qs = certificates.select_related(
        "person", "course", "unit", "participant__training_class"
    ).order_by("unit_id", "year", "seq")
    assoc = association_name()
    out = []
    for c in qs:
        cls = c.participant.training_class if c.participant_id else None
        dates = (
            _("từ %(a)s đến %(b)s")
            % {"a": format_date(cls.starts_on), "b": format_date(cls.ends_on)}
            if cls
            else _("gia hạn ngày %(d)s") % {"d": format_date(c.issued_on)}
        )
        out.append(
            CertificateSheet(
                association=assoc,
                unit=c.unit.name,
                number=c.number,
                code=c.check_code,
                full_name=c.person.full_name,
                birth_year=c.person.birth_year,
                course=c.course.name,
                hours=c.course.hours,
                dates=dates,
                issued_on=c.issued_on,
                valid_until=format_date(c.valid_until) if c.valid_until else "",
                verify_url=verify_url(base_url, c.number, c.check_code),
                revoked=c.revoked_on is not None,
            )  # fmt: skip
        )
    return out


def _centred(c, text: str, font: str, size: float, y: float, color=black) -> None:
    c.setFont(font, size)
    c.setFillColor(color)
    c.drawCentredString(PAGE[0] / 2, y, text)


def _qr(c, url: str, x: float, y: float) -> None:
    matrix = qr_matrix(url)
    side = len(matrix) + 2 * QR_BORDER
    c.saveState()
    c.translate(x, y)
    c.scale(QR_SIZE / side, QR_SIZE / side)
    path = c.beginPath()
    for r, col, n in dark_runs(matrix):
        path.rect(QR_BORDER + col, side - QR_BORDER - 1 - r, n, 1)
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _page(c, s: CertificateSheet) -> None:
    f = fonts()
    w, h = PAGE
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN)
    c.setLineWidth(0.8)
    c.rect(MARGIN + 4 * mm, MARGIN + 4 * mm, w - 2 * MARGIN - 8 * mm, h - 2 * MARGIN - 8 * mm)
    top = h - MARGIN - 16 * mm
    left_x = MARGIN + 40 * mm
    c.setFillColor(black)
    for i, line in enumerate(wrap(s.association.upper(), f.regular, 11, 110 * mm, 2)):
        c.setFont(f.regular, 11)
        c.drawCentredString(left_x + 20 * mm, top - i * 13, line)
    for i, line in enumerate(wrap(s.unit.upper(), f.bold, 11, 110 * mm, 2)):
        c.setFont(f.bold, 11)
        c.drawCentredString(left_x + 20 * mm, top - 14 - i * 13, line)
    c.setFont(f.bold, 11)
    c.drawCentredString(w - MARGIN - 70 * mm, top, _("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    c.setFont(f.bold, 11)
    c.drawCentredString(w - MARGIN - 70 * mm, top - 14, _("Độc lập - Tự do - Hạnh phúc"))
    half = stringWidth(_("Độc lập - Tự do - Hạnh phúc"), f.bold, 11) / 2
    c.line(w - MARGIN - 70 * mm - half, top - 17, w - MARGIN - 70 * mm + half, top - 17)
    c.setFont(f.regular, 10)
    c.drawCentredString(left_x + 20 * mm, top - 44, _("Số: %(n)s") % {"n": s.number})
    _centred(c, _("GIẤY CHỨNG NHẬN"), f.bold, 30, h - 62 * mm, RED)
    _centred(c, _("Chứng nhận ông/bà"), f.italic, 14, h - 74 * mm)
    name_size = 24
    while name_size > 14 and stringWidth(s.full_name, f.bold, name_size) > w - 90 * mm:
        name_size -= 1
    _centred(c, s.full_name, f.bold, name_size, h - 86 * mm)
    if s.birth_year:
        _centred(c, _("Năm sinh: %(y)d") % {"y": s.birth_year}, f.regular, 13, h - 94 * mm)
    _centred(c, _("Đã hoàn thành khoá tập huấn"), f.regular, 14, h - 105 * mm)
    for i, line in enumerate(wrap(s.course, f.bold, 18, w - 100 * mm, 2)):
        _centred(c, line, f.bold, 18, h - 116 * mm - i * 20)
    detail = _("Thời lượng %(h)d giờ, %(dates)s.") % {"h": s.hours, "dates": s.dates}
    _centred(c, detail, f.regular, 12, h - 130 * mm)
    valid = (
        _("Giấy chứng nhận có giá trị đến hết ngày %(d)s.") % {"d": s.valid_until}
        if s.valid_until
        else _("Giấy chứng nhận không có thời hạn.")
    )
    _centred(c, valid, f.italic, 12, h - 138 * mm)
    sig_x = w - MARGIN - 70 * mm
    c.setFont(f.italic, 12)
    c.drawCentredString(sig_x, MARGIN + 44 * mm, _long_date(s.issued_on).capitalize())
    c.setFont(f.bold, 12)
    c.drawCentredString(sig_x, MARGIN + 37 * mm, _("TM. BAN THƯỜNG VỤ"))
    c.setFont(f.italic, 10)
    c.drawCentredString(sig_x, MARGIN + 31 * mm, _("(Ký, ghi rõ họ tên, đóng dấu)"))
    qr_x, qr_y = MARGIN + 12 * mm, MARGIN + 14 * mm
    _qr(c, s.verify_url, qr_x, qr_y)
    c.setFont(f.regular, 9)
    c.setFillColor(GREY)
    c.drawString(qr_x + QR_SIZE + 3 * mm, qr_y + 22 * mm, _("Xác minh giấy chứng nhận:"))
    c.drawString(qr_x + QR_SIZE + 3 * mm, qr_y + 17 * mm, _("quét mã QR, hoặc nhập số và"))
    c.drawString(qr_x + QR_SIZE + 3 * mm, qr_y + 12 * mm, _("mã kiểm tra: %(c)s") % {"c": s.code})
    if s.revoked:
        c.saveState()
        c.setFillColor(RED)
        c.setFont(f.bold, 40)
        c.translate(w / 2, h / 2)
        c.rotate(20)
        c.drawCentredString(0, 0, _("ĐÃ THU HỒI"))
        c.restoreState()


def build_certificates_pdf(sheets: list[CertificateSheet]) -> bytes:
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=PAGE, pageCompression=1)
    c.setTitle(_("Giấy chứng nhận"))
    for s in sheets:
        _page(c, s)
        c.showPage()
    c.save()
    return buf.getvalue()
