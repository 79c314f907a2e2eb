"""The registers on paper, drawn with reportlab: the member and volunteer books (A4 landscape,
:mod:`.book_pdf`) and the member cards (A4 portrait, eight ID-1 cards a sheet, each with a QR code
of its card number; here). The fonts and text helpers every PDF shares are :mod:`core.typeset`'s;
this module re-exports them and the book's names.
"""

import io
import itertools
from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.formatting import format_date
from core.typeset import (
    FONT_DIR,
    CanvasMaker,
    Fonts,
    _canvas,
    fit_size,
    font_files,
    fonts,
    stringWidth,
    wrap,
)

from .book_pdf import (
    COL_W,
    COL_X,
    LEAD,
    PAD_X,
    SIZE,
    BookLayout,
    build_book_pdf,
    layout_book,
    paginate,
    row_cells,
)
from .cards import CARDS_PER_PAGE, Card

__all__ = [
    "COL_W",
    "COL_X",
    "FONT_DIR",
    "LEAD",
    "PAD_X",
    "SIZE",
    "BookLayout",
    "CanvasMaker",
    "Fonts",
    "build_book_pdf",
    "build_cards_pdf",
    "card_origin",
    "dark_runs",
    "font_files",
    "fonts",
    "layout_book",
    "paginate",
    "qr_matrix",
    "row_cells",
    "stringWidth",
    "wrap",
]

# --- cards -----------------------------------------------------------------------------------

CARD_PAGE = A4
CARD_W, CARD_H = 85.6 * mm, 54 * mm  # ID-1, like a bank card
CARD_GAP = 8 * mm  # room to cut
CARDS_TOP = 28 * mm
CARDS_LEFT = (CARD_PAGE[0] - 2 * CARD_W - CARD_GAP) / 2
CARD_PAD_X, CARD_PAD_TOP = 3 * mm, 2.5 * mm
QR_SIZE = 21 * mm
QR_BORDER = 2  # quiet zone, in modules
RED = Color(0xC8 / 255, 0x10 / 255, 0x2E / 255)
GREY = Color(0.53, 0.53, 0.53)
LABEL = Color(0.2, 0.2, 0.2)


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code (error correction M) of ``text``: rows of modules, top first, True if dark.

    The encoder of reportlab's QrCodeWidget (version chosen to fit, best of the 8 masks), without
    the widget: its shapes drawn through renderPDF cost about 7 ms a card on top of this
    function's own ~4 ms (mostly the mask search).
    """
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.make()
    return [[bool(dark) for dark in row] for row in qr.modules]


def dark_runs(matrix: Sequence[Sequence[bool]]) -> Iterator[tuple[int, int, int]]:
    """``(row, column, length)`` of each horizontal run of dark modules."""
    for r, row in enumerate(matrix):
        col = 0
        for dark, run in itertools.groupby(row):
            n = sum(1 for _ in run)
            if dark:
                yield r, col, n
            col += n


def card_origin(index: int) -> tuple[float, float]:
    """Bottom-left corner of the ``index``-th card of a sheet: two across, four down."""
    row, col = divmod(index % CARDS_PER_PAGE, 2)
    x = CARDS_LEFT + col * (CARD_W + CARD_GAP)
    y = CARD_PAGE[1] - CARDS_TOP - row * (CARD_H + CARD_GAP) - CARD_H
    return x, y


def _centred(c, text: str, font: str, size: float, x: float, y: float, width: float) -> None:
    size = fit_size(text, font, size, width)
    c.setFont(font, size)
    c.drawCentredString(x + width / 2, y, wrap(text, font, size, width, 1)[0] if text else "")


def _draw_card(c, card: Card, x: float, y: float, association: str, issuer: str, f: Fonts):
    c.setStrokeColor(GREY)
    c.setLineWidth(0.4)
    c.roundRect(x, y, CARD_W, CARD_H, 3 * mm, stroke=1, fill=0)
    inner_x, inner_w = x + CARD_PAD_X, CARD_W - 2 * CARD_PAD_X
    line = y + CARD_H - CARD_PAD_TOP - 8
    if association:
        _centred(c, association.upper(), f.regular, 8, inner_x, line, inner_w)
        line -= 10
    if issuer:
        _centred(c, issuer, f.bold, 8, inner_x, line, inner_w)
        line -= 10
    line -= 5
    c.setFillColor(RED)
    _centred(c, card.title, f.bold, 12, inner_x, line, inner_w)
    c.setFillColor(black)
    line -= 17

    fields_w = inner_w - QR_SIZE - 3 * mm
    c.setFont(f.bold, 10.5)
    for name_line in wrap(card.full_name, f.bold, 10.5, fields_w, 2):
        c.drawString(inner_x, line, name_line)
        line -= 13

    def field(label: str, value: str, bold: bool = False, lines: int = 1) -> None:
        nonlocal line
        label = f"{label}: "
        c.setFillColor(LABEL)
        c.setFont(f.regular, 9)
        c.drawString(inner_x, line, label)
        c.setFillColor(black)
        font = f.bold if bold else f.regular
        indent = stringWidth(label, f.regular, 9)
        for text in wrap(value, font, 9, fields_w - indent, lines) or [""]:
            c.setFont(font, 9)
            c.drawString(inner_x + indent, line, text)
            line -= 11.5

    field(_("Năm sinh"), str(card.birth_year or ""))
    if card.unit_name:
        field(_("Đơn vị"), card.unit_name, lines=2)
    field(_("Số thẻ"), card.card_number, bold=True)
    field(_("Ngày vào Hội"), format_date(card.joined_on))
    if card.card_number:
        _draw_qr(c, card.card_number, x + CARD_W - CARD_PAD_X - QR_SIZE, y + CARD_PAD_X)


def _draw_qr(c, text: str, x: float, y: float, size: float = QR_SIZE) -> None:
    """The QR code of ``text``, ``size`` points square with its bottom-left corner at ``x, y``:
    one filled path, a rectangle per run of dark modules, inside a quiet zone of QR_BORDER."""
    matrix = qr_matrix(text)
    side = len(matrix) + 2 * QR_BORDER  # in modules
    c.saveState()
    c.translate(x, y)
    c.scale(size / side, size / side)  # one unit a module: whole numbers keep the PDF small
    path = c.beginPath()
    for r, col, n in dark_runs(matrix):
        path.rect(QR_BORDER + col, side - QR_BORDER - 1 - r, n, 1)
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def build_cards_pdf(
    *,
    association: str,
    issuer: str,
    cards: list[Card],
    canvasmaker: CanvasMaker = rl_canvas.Canvas,
) -> bytes:
    """Cards to print on A4 and cut: eight a sheet, each with a QR code of its card number."""
    f = fonts()
    out = io.BytesIO()
    c = _canvas(canvasmaker, out, CARD_PAGE, f)
    title = _("Thẻ hội viên")  # (makemessages does not see a call inside an f-string)
    c.setTitle(f"{title} – {issuer}")
    c.setAuthor(association or issuer)
    c.setCreator("sohoi")
    for i, card in enumerate(cards):
        if i and i % CARDS_PER_PAGE == 0:
            c.showPage()
        _draw_card(c, card, *card_origin(i), association, issuer, f)
    c.showPage()
    c.save()
    return out.getvalue()
