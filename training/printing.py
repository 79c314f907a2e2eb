"""Certificates (giấy chứng nhận) as PDF: one A4 landscape page each, in Vietnamese, with a QR
code of the public verification address (reportlab's own QR encoder, as the members' cards
draw it: the widget's shapes cost more per page; no new dependency).

:func:`certificate_rows` reads certificates into plain values (one query);
:func:`build_certificates_pdf` draws them and touches no database.
"""

import functools
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.formatting import format_date
from members.exports import association_name
from members.exports.pdf import fonts, stringWidth, wrap

PAGE = landscape(A4)
MARGIN = 15 * mm
RED = Color(0xC8 / 255, 0x10 / 255, 0x2E / 255)
GREY = Color(0.4, 0.4, 0.4)
QR_SIZE = 34 * mm
QR_BORDER = 2  # quiet modules around the code
LEFT_X = MARGIN + 60 * mm  # centre of the issuer's header
QR_X, QR_Y = MARGIN + 12 * mm, MARGIN + 14 * mm


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


def verify_url(base: str, unit_id: int, year: int, seq: int, code: str) -> str:
    """The address in the QR code: ``base`` (the site's root) and the short verification path,
    in capitals so the QR code stores it in its alphanumeric mode (a smaller code, drawn faster;
    the scheme and the host are read the same in any case)."""
    return f"{base}CN/{unit_id}/{year}/{seq}/{code}/".upper()


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
                verify_url=verify_url(base_url, c.unit_id, c.year, c.seq, c.check_code),
                revoked=c.revoked_on is not None,
            )  # fmt: skip
        )
    return out


def _centred(c, text: str, font: str, size: float, y: float, color=black) -> None:
    c.setFont(font, size)
    c.setFillColor(color)
    c.drawCentredString(PAGE[0] / 2, y, text)


# reportlab's encoder rebuilds the Reed-Solomon generator polynomial for every code, a third of
# its time; the polynomial depends only on the number of error-correction codewords and is never
# modified (every operation returns a new one): computed once per length.
if not hasattr(qrencoder.QRUtil.getErrorCorrectPolynomial, "cache_info"):
    qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(  # type: ignore[method-assign]
        functools.cache(qrencoder.QRUtil.getErrorCorrectPolynomial)
    )


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code (error correction M) of ``text`` with mask pattern 0. The encoder's search for
    the best of the 8 masks (members.exports.pdf.qr_matrix) is most of the time of a page
    (about 9 encodings instead of one); every mask is valid, readers take the one the code
    names."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, 0)
    return [[bool(dark) for dark in row] for row in qr.modules]


def _qr(c, text: str, x: float, y: float) -> None:
    """The QR code as a 1-bit inline image (one hexadecimal row per line of modules), scaled to
    QR_SIZE: a few hundred bytes a page, and far faster to write than one rectangle per run."""
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * QR_BORDER
    quiet = [False] * QR_BORDER
    width = (side + 7) // 8 * 8
    rows = [[False] * side] * QR_BORDER + [quiet + row + quiet for row in matrix]
    rows += [[False] * side] * QR_BORDER
    hexrows = []
    for row in rows:
        bits = 0
        for dark in row:
            bits = (bits << 1) | (not dark)  # DeviceGray, 1 bit: 0 is black
        bits = (bits << (width - side)) | ((1 << (width - side)) - 1)
        hexrows.append(f"{bits:0{width // 4}X}")
    c.saveState()
    c.translate(x, y)
    c.scale(QR_SIZE, QR_SIZE)
    c.addLiteral(
        f"BI /W {side} /H {side} /BPC 1 /CS /G /I false /F /AHx ID\n" + "\n".join(hexrows) + ">\nEI"
    )
    c.restoreState()


def _shared(c, s: CertificateSheet) -> None:
    """What the certificates of one class share (frame, headers, course, dates, signature
    block): drawn once into a form that every page of the class reuses."""
    f = fonts()
    w, h = PAGE
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN)
    c.setLineWidth(0.8)
    c.rect(MARGIN + 4 * mm, MARGIN + 4 * mm, w - 2 * MARGIN - 8 * mm, h - 2 * MARGIN - 8 * mm)
    top = h - MARGIN - 16 * mm
    c.setFillColor(black)
    for i, line in enumerate(wrap(s.association.upper(), f.regular, 11, 110 * mm, 2)):
        c.setFont(f.regular, 11)
        c.drawCentredString(LEFT_X, top - i * 13, line)
    for i, line in enumerate(wrap(s.unit.upper(), f.bold, 11, 110 * mm, 2)):
        c.setFont(f.bold, 11)
        c.drawCentredString(LEFT_X, top - 14 - i * 13, line)
    right_x = w - MARGIN - 70 * mm
    c.setFont(f.bold, 11)
    c.drawCentredString(right_x, top, _("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    motto = _("Độc lập - Tự do - Hạnh phúc")
    c.drawCentredString(right_x, top - 14, motto)
    half = stringWidth(motto, f.bold, 11) / 2
    c.line(right_x - half, top - 17, right_x + half, top - 17)
    _centred(c, _("GIẤY CHỨNG NHẬN"), f.bold, 30, h - 62 * mm, RED)
    _centred(c, _("Chứng nhận ông/bà"), f.italic, 14, h - 74 * mm)
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
    c.setFont(f.italic, 12)
    c.drawCentredString(right_x, MARGIN + 44 * mm, _long_date(s.issued_on).capitalize())
    c.setFont(f.bold, 12)
    c.drawCentredString(right_x, MARGIN + 37 * mm, _("TM. BAN THƯỜNG VỤ"))
    c.setFont(f.italic, 10)
    c.drawCentredString(right_x, MARGIN + 31 * mm, _("(Ký, ghi rõ họ tên, đóng dấu)"))
    c.setFont(f.regular, 9)
    c.setFillColor(GREY)
    c.drawString(QR_X + QR_SIZE + 3 * mm, QR_Y + 22 * mm, _("Xác minh giấy chứng nhận:"))
    c.drawString(QR_X + QR_SIZE + 3 * mm, QR_Y + 17 * mm, _("quét mã QR, hoặc nhập số và"))


def _own(c, s: CertificateSheet) -> None:
    """What is the person's own: number, name, birth year, QR code, check code."""
    f = fonts()
    w, h = PAGE
    c.setFillColor(black)
    c.setFont(f.regular, 10)
    c.drawCentredString(LEFT_X, h - MARGIN - 16 * mm - 44, _("Số: %(n)s") % {"n": s.number})
    name_size = 24
    while name_size > 14 and stringWidth(s.full_name, f.bold, name_size) > w - 90 * mm:
        name_size -= 1
    _centred(c, s.full_name, f.bold, name_size, h - 86 * mm)
    if s.birth_year:
        _centred(c, _("Năm sinh: %(y)d") % {"y": s.birth_year}, f.regular, 13, h - 94 * mm)
    _qr(c, s.verify_url, QR_X, QR_Y)
    c.setFont(f.regular, 9)
    c.setFillColor(GREY)
    c.drawString(QR_X + QR_SIZE + 3 * mm, QR_Y + 12 * mm, _("mã kiểm tra: %(c)s") % {"c": s.code})
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
    forms: dict[tuple, str] = {}
    for s in sheets:
        key = (s.association, s.unit, s.course, s.hours, s.dates, s.issued_on, s.valid_until)
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"cn{len(forms)}"
            c.beginForm(name)
            _shared(c, s)
            c.endForm()
        c.doForm(name)
        _own(c, s)
        c.showPage()
    c.save()
    return buf.getvalue()
