"""The book as an xlsx workbook (A4 landscape when printed, the header repeated on every page)."""

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.cells import safe_text, workbook, write_text
from core.formatting import format_date
from people.models import Sex

from .book import QUARTERS, Book, BookRow

# (header, width in characters); "Năm sinh" and "Hội phí" have sub-columns on the second row.
_XLSX_WIDTHS = (5, 26, 7, 7, 34, 11, 12, 6, 6, 6, 6, 24)
_FONT = "Times New Roman"
_LAST = len(_XLSX_WIDTHS) - 1
_H1, _H2 = 7, 8  # the two header rows


@dataclass
class _Formats:
    top: Any
    top_bold: Any
    title: Any
    subtitle: Any
    head: Any
    cell: Any
    center: Any
    date: Any
    money: Any


def _formats(wb) -> _Formats:
    def fmt(**extra):
        return wb.add_format({"font_name": _FONT, "font_size": 11, "valign": "vcenter", **extra})

    return _Formats(
        top=fmt(bold=False, align="center"),
        top_bold=fmt(bold=True, align="center", underline=True),
        title=fmt(bold=True, font_size=16, align="center"),
        subtitle=fmt(italic=True, align="center"),
        head=fmt(bold=True, align="center", text_wrap=True, border=1),
        cell=fmt(border=1, text_wrap=True),
        center=fmt(border=1, align="center"),
        date=fmt(border=1, align="center", num_format="dd/mm/yyyy"),
        money=fmt(border=1, align="center", num_format="#,##0"),
    )


def build_book_xlsx(book: Book) -> bytes:
    out = io.BytesIO()
    wb = workbook(out, {"constant_memory": True, "in_memory": True})
    ws = wb.add_worksheet(_("Sổ")[:31])
    f = _formats(wb)
    for col, width in enumerate(_XLSX_WIDTHS):
        ws.set_column(col, col, width)
    # Rows must be written in order (constant_memory keeps only the current row).
    _write_title(ws, book, f)
    _write_header(ws, f)
    for row, r in enumerate(book.rows, start=_H2 + 1):
        _write_row(ws, row, r, f)
    _page_setup(ws)
    wb.close()
    return out.getvalue()


def _write_title(ws, book: Book, f: _Formats) -> None:
    ws.merge_range(0, 0, 0, 5, safe_text(book.association.upper()), f.top)
    ws.merge_range(1, 0, 1, 5, safe_text(book.unit_name.upper()), f.top_bold)
    ws.merge_range(3, 0, 3, _LAST, safe_text(book.title), f.title)
    ws.merge_range(4, 0, 4, _LAST, _("Năm %(year)d") % {"year": book.year}, f.subtitle)
    ws.merge_range(
        5,
        0,
        5,
        _LAST,
        _("Danh sách tính đến ngày %(date)s") % {"date": format_date(book.on)},
        f.top,
    )


def _write_header(ws, f: _Formats) -> None:
    h1, h2, head = _H1, _H2, f.head
    ws.set_row(h1, 30)
    singles = {
        0: _("STT"),
        1: _("Họ và tên"),
        4: _("Địa chỉ"),
        5: _("Ngày vào Hội"),
        6: _("Số thẻ"),
        _LAST: _("Ghi chú"),
    }
    for col in range(_LAST + 1):  # first header row, then the vertical merges register
        if col in singles:
            ws.write(h1, col, singles[col], head)
    ws.merge_range(h1, 2, h1, 3, _("Năm sinh"), head)
    ws.merge_range(h1, 7, h1, 10, _("Hội phí"), head)
    for col, text in singles.items():
        # The top cell was written above; merge_range's own write to it is ignored in
        # constant_memory mode once row h2 is reached, the merge itself is kept.
        ws.merge_range(h1, col, h2, col, text, head)
    ws.write(h2, 2, _("Nam"), head)
    ws.write(h2, 3, _("Nữ"), head)
    for i, q in enumerate(QUARTERS):
        ws.write(h2, 7 + i, _("Quý %(q)s") % {"q": q}, head)
    ws.repeat_rows(h1, h2)


def _write_row(ws, row: int, r: BookRow, f: _Formats) -> None:
    center = f.center
    ws.write_number(row, 0, r.number, center)
    write_text(ws, row, 1, r.full_name, f.cell)
    year_col = 3 if r.sex == Sex.FEMALE else 2
    ws.write_blank(row, 2, None, center)
    ws.write_blank(row, 3, None, center)
    if r.birth_year:
        ws.write_number(row, year_col, r.birth_year, center)
    write_text(ws, row, 4, r.address, f.cell)
    ws.write_datetime(row, 5, r.joined_on, f.date)
    write_text(ws, row, 6, r.card_number, center)
    for col in range(7, 11):
        ws.write_blank(row, col, None, center)
    if r.dues is not None:
        quarter, amount = r.dues
        if amount is None:
            ws.write_string(row, 7 + quarter, _("Miễn"), center)
        else:
            ws.write_number(row, 7 + quarter, amount, f.money)
    write_text(ws, row, _LAST, r.remarks, f.cell)


def _page_setup(ws) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer(f'&C&"{_FONT},Regular"&10' + _("Trang &P/&N"))
    ws.freeze_panes(_H2 + 1, 0)
