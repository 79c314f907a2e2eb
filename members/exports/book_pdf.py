"""The member and volunteer books on paper (A4 landscape), drawn with reportlab.

The book is drawn straight onto the canvas, not through platypus tables: a 5,000-row book takes
about a second this way (a platypus ``LongTable`` of the same rows takes ~10 s, HTML through
WeasyPrint ~200 s). Laying out (:func:`layout_book`: wrapped lines, row heights, pages) is kept
apart from drawing, so the page count is known before the first page is drawn ("Trang x/y") and
tests can check the layout without reading a PDF back.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from core.formatting import format_date
from core.typeset import CanvasMaker, Fonts, _canvas, fit_size, fonts, stringWidth, wrap
from people.models import Sex

from .book import QUARTERS, Book, BookRow

# --- the book: geometry ----------------------------------------------------------------------

BOOK_PAGE = landscape(A4)
MARGIN_X = 10 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 14 * mm
FOOTER_Y = 9.5 * mm  # the page number's baseline: inside the 8 mm every printer prints
SIZE = 10.5  # body and header text
LEAD = 12.5  # line pitch inside a cell
PAD_X = 3
PAD_Y = 2.5
RULE = 0.6  # grid line width
MAX_CELL_LINES = 20  # a pathological note is cut rather than overflowing the page
TABLE_W = BOOK_PAGE[0] - 2 * MARGIN_X
# STT | Họ và tên | Năm sinh: Nam, Nữ | Địa chỉ | Ngày vào Hội | Số thẻ | Hội phí: Quý I-IV | Ghi chú
# (the quarters are wide enough for "12.000", a year's dues paid in one quarter)
_SHARES = (4, 16, 5, 5, 19, 8, 10, 5, 5, 5, 5, 13)
COL_W = tuple(TABLE_W * s / sum(_SHARES) for s in _SHARES)
COL_X = tuple(MARGIN_X + sum(COL_W[:i]) for i in range(len(COL_W) + 1))  # left edges + right end
LEFT_ALIGNED = frozenset({1, 4, 11})  # name, address, remarks; the rest are centred
WRAPPED = (1, 4, 6, 11)  # may need more than one line
_GROUPS = ((2, 3), (7, 10))  # "Năm sinh" over Nam/Nữ, "Hội phí" over the four quarters
_SUB_COLS = frozenset(range(2, 4)) | frozenset(range(7, 11))


def _baseline(slot_top: float, size: float, lead: float) -> float:
    """Baseline of a line whose slot (``lead`` high) starts at ``slot_top``."""
    return slot_top - lead + (lead - size) / 2 + 0.22 * size


@dataclass
class Cell:
    col: int  # first column
    last: int  # last column (a group caption spans several)
    lines: list[str]


@dataclass
class HeaderLayout:
    top: list[Cell]  # cells of the first row: captions spanning both rows or a group
    subs: list[Cell]  # the second row, under the group captions
    top_height: float
    height: float  # both rows


@dataclass
class TitleLine:
    text: str
    font: str
    size: float
    x: float  # centre
    y: float  # baseline, from the top margin down (positive)
    underline: bool = False


@dataclass
class LaidRow:
    cells: list[list[str]]  # lines per column (12 columns)
    height: float


@dataclass
class BookLayout:
    title: list[TitleLine]
    title_height: float
    header: HeaderLayout
    rows: list[LaidRow]
    pages: list[range]  # indices into ``rows``, page by page

    @property
    def page_count(self) -> int:
        return len(self.pages)


def row_cells(r: BookRow) -> list[str]:
    """The twelve cells of a book row; the birth year sits under "Nam" or "Nữ"."""
    year = str(r.birth_year) if r.birth_year else ""
    female = r.sex == Sex.FEMALE
    return [
        str(r.number),
        r.full_name,
        "" if female else year,
        year if female else "",
        r.address,
        format_date(r.joined_on),
        r.card_number,
        *r.dues_cells(),
        r.remarks,
    ]


def _cell_lines(texts: Sequence[str], font: str) -> list[list[str]]:
    out: list[list[str]] = [[t] if t else [] for t in texts]
    for col in WRAPPED:
        if texts[col]:
            out[col] = wrap(texts[col], font, SIZE, COL_W[col] - 2 * PAD_X, MAX_CELL_LINES)
    return out


def layout_rows(rows: Sequence[BookRow], f: Fonts) -> list[LaidRow]:
    laid = []
    for r in rows:
        cells = _cell_lines(row_cells(r), f.regular)
        lines = max(1, *map(len, cells))
        laid.append(LaidRow(cells, lines * LEAD + 2 * PAD_Y))
    return laid


def layout_header(f: Fonts) -> HeaderLayout:
    def cell(first: int, last: int, text: str) -> Cell:
        width = COL_X[last + 1] - COL_X[first] - 2 * PAD_X
        return Cell(first, last, wrap(text, f.bold, SIZE, width))

    singles = {
        0: _("STT"),
        1: _("Họ và tên"),
        4: _("Địa chỉ"),
        5: _("Ngày vào Hội"),
        6: _("Số thẻ"),
        11: _("Ghi chú"),
    }
    groups = [cell(2, 3, _("Năm sinh")), cell(7, 10, _("Hội phí"))]
    subs = [cell(2, 2, _("Nam")), cell(3, 3, _("Nữ"))]
    subs += [cell(7 + i, 7 + i, _("Quý %(q)s") % {"q": q}) for i, q in enumerate(QUARTERS)]
    top = [cell(col, col, text) for col, text in singles.items()]

    def height(cells: list[Cell]) -> float:
        return max(len(c.lines) for c in cells) * LEAD + 2 * PAD_Y

    top_height, sub_height = height(groups), height(subs)
    top_height = max(top_height, height(top) - sub_height)
    return HeaderLayout(
        top=sorted(top + groups, key=lambda c: c.col),
        subs=subs,
        top_height=top_height,
        height=top_height + sub_height,
    )


def layout_title(book: Book, f: Fonts) -> tuple[list[TitleLine], float]:
    """The first page's heading: association and unit at the top left, the title centred."""
    out: list[TitleLine] = []
    y = 0.0
    left_w = TABLE_W * 0.45
    left_x = MARGIN_X + left_w / 2
    centre = BOOK_PAGE[0] / 2

    def add(text: str, font: str, size: float, lead: float, x: float, width: float, **kw):
        nonlocal y
        for line in wrap(text, font, size, width, 3):
            y += lead
            out.append(TitleLine(line, font, size, x, y - (lead - size) / 2 - 0.22 * size, **kw))

    add(book.association.upper(), f.regular, SIZE, 13, left_x, left_w)
    add(book.unit_name.upper(), f.bold, SIZE, 13, left_x, left_w, underline=True)
    y += 12
    add(book.title, f.bold, 16, 20, centre, TABLE_W)
    add(_("Năm %(year)d") % {"year": book.year}, f.regular, 11, 14, centre, TABLE_W)
    asof = _("Danh sách tính đến ngày %(date)s") % {"date": format_date(book.on)}
    add(asof, f.italic, SIZE, 14, centre, TABLE_W)
    return out, y + 8


def paginate(heights: Sequence[float], first: float, others: float) -> list[range]:
    """Rows in pages: ``first`` and ``others`` are the heights left for rows on the first and on
    the following pages. A book without rows still has its one page."""
    pages: list[range] = []
    start, room = 0, first
    for i, h in enumerate(heights):
        if h > room and i > start:
            pages.append(range(start, i))
            start, room = i, others
        room -= h
    pages.append(range(start, len(heights)))
    return pages


def layout_book(book: Book, f: Fonts | None = None) -> BookLayout:
    f = f or fonts()
    title, title_height = layout_title(book, f)
    header = layout_header(f)
    rows = layout_rows(book.rows, f)
    body = BOOK_PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM - header.height
    pages = paginate([r.height for r in rows], body - title_height, body)
    return BookLayout(title, title_height, header, rows, pages)


# --- the book: drawing -----------------------------------------------------------------------


def _draw_cells(t, cells: Sequence[Cell], top: float, height: float, font: str) -> None:
    """Cells' lines centred vertically in a band ``height`` high starting at ``top``."""
    for c in cells:
        col, last, lines = c.col, c.last, c.lines
        x0, x1 = COL_X[col], COL_X[last + 1]
        slot = top - (height - len(lines) * LEAD) / 2
        for line in lines:
            y = _baseline(slot, SIZE, LEAD)
            t.setTextOrigin((x0 + x1 - stringWidth(line, font, SIZE)) / 2, y)
            t.textLine(line)
            slot -= LEAD


def _draw_header(c: rl_canvas.Canvas, header: HeaderLayout, top: float, f: Fonts) -> None:
    t = c.beginText()
    t.setFont(f.bold, SIZE, LEAD)
    groups = [cell for cell in header.top if cell.last > cell.col]
    singles = [cell for cell in header.top if cell.last == cell.col]
    _draw_cells(t, singles, top, header.height, f.bold)
    _draw_cells(t, groups, top, header.top_height, f.bold)
    _draw_cells(t, header.subs, top - header.top_height, header.height - header.top_height, f.bold)
    c.drawText(t)


def _draw_rows(
    c: rl_canvas.Canvas, rows: Sequence[LaidRow], top: float, f: Fonts, widths: dict[str, float]
) -> list[float]:
    """The rows' text from ``top`` down; returns the y of each row's bottom edge (for rules).
    ``widths`` memoises the widths of centred texts (years and dates repeat) across pages."""
    t = c.beginText()
    t.setFont(f.regular, SIZE, LEAD)  # the leading is LEAD: a second textLine is the next line
    font = f.regular
    edges = []
    y = top
    for row in rows:
        height = row.height
        for col, lines in enumerate(row.cells):
            if not lines:
                continue
            baseline = _baseline(y - (height - len(lines) * LEAD) / 2, SIZE, LEAD)
            if col in LEFT_ALIGNED:
                t.setTextOrigin(COL_X[col] + PAD_X, baseline)
                for line in lines:
                    t.textLine(line)
                continue
            room = COL_W[col] - 2 * PAD_X
            for line in lines:
                width = widths.get(line)
                if width is None:
                    width = widths[line] = stringWidth(line, font, SIZE)
                if width > room:  # an unwrapped cell (a large amount under a quarter): smaller
                    size = fit_size(line, font, SIZE, room)
                    t.setFont(font, size, LEAD)
                    t.setTextOrigin(COL_X[col] + (COL_W[col] - width * size / SIZE) / 2, baseline)
                    t.textLine(line)
                    t.setFont(font, SIZE, LEAD)
                else:
                    t.setTextOrigin(COL_X[col] + (COL_W[col] - width) / 2, baseline)
                    t.textLine(line)
                baseline -= LEAD
        y -= height
        edges.append(y)
    c.drawText(t)
    return edges


def _draw_grid(c, header: HeaderLayout, top: float, edges: list[float]) -> None:
    bottom = edges[-1] if edges else top - header.height
    mid = top - header.top_height
    head_bottom = top - header.height
    left, right = COL_X[0], COL_X[-1]
    rules = [(left, top, right, top), (left, head_bottom, right, head_bottom)]
    rules += [(COL_X[a], mid, COL_X[b + 1], mid) for a, b in _GROUPS]
    rules += [(left, y, right, y) for y in edges]
    for i, x in enumerate(COL_X):
        inside_group = i in _SUB_COLS and i - 1 in _SUB_COLS
        rules.append((x, mid if inside_group else top, x, bottom))
    c.setLineWidth(RULE)
    c.lines(rules)


def _draw_title(c, title: list[TitleLine]) -> None:
    top = BOOK_PAGE[1] - MARGIN_TOP
    for line in title:
        y = top - line.y
        c.setFont(line.font, line.size)
        c.drawCentredString(line.x, y, line.text)
        if line.underline:
            half = stringWidth(line.text, line.font, line.size) / 2
            c.setLineWidth(0.5)
            c.line(line.x - half, y - 1.5, line.x + half, y - 1.5)


def _page_number(c, page: int, pages: int, f: Fonts) -> None:
    c.setFont(f.regular, 9)
    text = _("Trang %(page)d/%(pages)d") % {"page": page, "pages": pages}
    c.drawCentredString(BOOK_PAGE[0] / 2, FOOTER_Y, text)


def build_book_pdf(book: Book, *, canvasmaker: CanvasMaker = rl_canvas.Canvas) -> bytes:
    """The book as an A4-landscape PDF: title block, a two-row header on every page, ruled rows
    that grow with wrapped names, addresses and notes, "Trang x/y" at the foot."""
    f = fonts()
    layout = layout_book(book, f)
    out = io.BytesIO()
    c = _canvas(canvasmaker, out, BOOK_PAGE, f)
    c.setTitle(f"{book.title} – {book.unit_name}")
    c.setAuthor(book.association or book.unit_name)
    c.setSubject(_("Danh sách tính đến ngày %(date)s") % {"date": format_date(book.on)})
    c.setCreator("sohoi")
    top_of_table = BOOK_PAGE[1] - MARGIN_TOP
    widths: dict[str, float] = {}
    for n, page in enumerate(layout.pages, start=1):
        top = top_of_table
        if n == 1:
            _draw_title(c, layout.title)
            top -= layout.title_height
        _draw_header(c, layout.header, top, f)
        rows = layout.rows[page.start : page.stop]
        edges = _draw_rows(c, rows, top - layout.header.height, f, widths)
        _draw_grid(c, layout.header, top, edges)
        _page_number(c, n, layout.page_count, f)
        c.showPage()
    c.save()
    return out.getvalue()
