"""The registers as documents: member and volunteer books (xlsx, PDF, CSV) and member cards (PDF).

Two halves: ``collect_*`` read the rows (a fixed number of queries whatever the size, and never
CCCD, ethnicity or religion), ``build_*`` turn plain rows into bytes and touch no database. The
PDFs are drawn by :mod:`members.exports.pdf` (reportlab). :func:`record_export` writes the audit event: personal data left the system
(Law 91/2025/QH15).
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.cells import safe_row, safe_text, workbook, write_text
from core.formatting import format_date, format_number
from core.text import search_key
from org.models import AdminArea, AssociationProfile, Unit, UnitChange
from people.models import Sex

from ..models import Membership
from ..selectors import RegisterFilter, register
from ..services import category_names

# Only these person fields ever leave the system in a book, a CSV or a card.
_ROW_FIELDS = (
    "pk",
    "person__full_name",
    "person__sex",
    "person__birth_year",
    "person__address_detail",
    "person__address_code",
    "joined_on",
    "card_number",
    "unit_id",
    "note",
    "category",
    "person_id",
)
QUARTERS = ("I", "II", "III", "IV")
CARDS_PER_PAGE = 8


@dataclass
class BookRow:
    number: int
    full_name: str
    sex: str  # "M" | "F"
    birth_year: int | None
    address: str
    joined_on: datetime.date
    card_number: str
    unit_name: str  # the branch, team or club (as named on the book's date)
    note: str
    membership_id: int = 0
    category: str = ""
    person_id: int = 0
    # The year's dues, for the "Hội phí" columns: (quarter 0–3, amount or None when exempt).
    dues: tuple[int, int | None] | None = None

    def dues_cells(self) -> list[str]:
        """The four quarter cells: the amount paid (or "Miễn") under the quarter it was paid."""
        cells = ["", "", "", ""]
        if self.dues is not None:
            quarter, amount = self.dues
            cells[quarter] = format_number(amount) if amount is not None else _("Miễn")
        return cells

    @property
    def sex_label(self) -> str:
        return _("Nữ") if self.sex == Sex.FEMALE else _("Nam")

    @property
    def remarks(self) -> str:
        """The "Ghi chú" column: the branch the person belongs to, then the membership's note."""
        return "; ".join(p for p in (self.unit_name, self.note) if p)


@dataclass
class Book:
    association: str
    unit_name: str
    title: str
    on: datetime.date
    category: str
    rows: list[BookRow] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.on.year


# --- reading ---------------------------------------------------------------------------------


def book_title(category: str) -> str:
    if category == "member":
        return _("SỔ QUẢN LÝ HỘI VIÊN")
    if category == "volunteer":
        return _("SỔ QUẢN LÝ TÌNH NGUYỆN VIÊN")
    name = _(category_names().get(category, category))
    return _("SỔ QUẢN LÝ %(category)s") % {"category": name.upper()}


def association_name() -> str:
    profile = AssociationProfile.current()
    return profile.name if profile else ""


def book_queryset(user, unit: Unit, on: datetime.date, category: str) -> QuerySet:
    """Active memberships of ``category`` in ``unit``'s subtree on ``on``, sorted by given name."""
    # Without a search the register is always a queryset (only searches come back as ids).
    return cast(QuerySet, register(user, unit, RegisterFilter(on=on, category=category)))


def unit_names_on(unit_ids: Iterable[int], on: datetime.date) -> dict[int, str]:
    """{unit id: name the unit carried on ``on``} in two queries (``Unit.name_on`` for many)."""
    ids = set(unit_ids)
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    renames = (
        UnitChange.objects.filter(unit_id__in=ids, kind=UnitChange.Kind.RENAME, on__gt=on)
        .order_by("-on", "-id")
        .values_list("unit_id", "old_name")
    )
    for unit_id, old_name in renames:  # the earliest rename after ``on`` is applied last
        names[unit_id] = old_name
    return names


def iter_book_rows(qs: QuerySet, *, unit: Unit, on: datetime.date) -> Iterator[BookRow]:
    """Rows of a book from a register queryset, in its order; three queries plus the rows."""
    values = qs.values_list(*_ROW_FIELDS)
    codes = set(values.order_by().values_list("person__address_code", flat=True).distinct())
    codes.discard("")
    communes = dict(AdminArea.objects.filter(code__in=codes).values_list("code", "name"))
    unit_ids = set(values.order_by().values_list("unit_id", flat=True).distinct())
    units = unit_names_on(unit_ids, on)
    rows = enumerate(values.iterator(chunk_size=2000), start=1)
    for n, (pk, name, sex, year, detail, code, joined, card, unit_id, note, cat, person) in rows:
        address = ", ".join(p for p in (detail, communes.get(code, "")) if p)
        yield BookRow(
            number=n,
            full_name=name,
            sex=sex,
            birth_year=year,
            address=address,
            joined_on=joined,
            card_number=card,
            unit_name="" if unit_id == unit.pk else units.get(unit_id, ""),
            note=note,
            membership_id=pk,
            category=cat,
            person_id=person,
        )


# The book's dues column is the dues app's, which sits above members: DuesConfig.ready registers
# its reader (dues.receipts.book_dues: {person id: (quarter, amount)} of a year as of a date, two
# queries). Without the dues app the column stays empty.
_dues_reader: Callable[[QuerySet, int, datetime.date], Mapping[int, Any]] | None = None


def register_dues_reader(
    reader: Callable[[QuerySet, int, datetime.date], Mapping[int, Any]],
) -> None:
    global _dues_reader
    _dues_reader = reader


def collect_book(user, unit: Unit, on: datetime.date, category: str) -> Book:
    qs = book_queryset(user, unit, on, category)
    rows = list(iter_book_rows(qs, unit=unit, on=on))
    dues = _dues_reader(qs.order_by().values("person_id"), on.year, on) if _dues_reader else {}
    for r in rows:
        if (d := dues.get(r.person_id)) is not None:
            r.dues = (d.quarter, d.amount)
    return Book(
        association=association_name(),
        unit_name=unit.name_on(on),
        title=book_title(category),
        on=on,
        category=category,
        rows=rows,
    )


def export_filename(kind: str, unit: Unit, on: datetime.date, ext: str) -> str:
    """ "so-hoi-vien_hoi-chu-thap-do-phuong-hai-chau_2026-03-01.xlsx": ASCII, no accents."""
    return f"{kind}_{slugify(search_key(unit.name))[:80]}_{on.isoformat()}.{ext}"


@transaction.atomic
def record_export(*, actor, unit: Unit, fmt: str, rows: int, on: datetime.date, category: str):
    """Personal data leaves the system: say who took what (Law 91/2025/QH15)."""
    return audit.record(
        actor=actor,
        action="members.export",
        unit=unit,
        data={"format": fmt, "rows": rows, "on": on.isoformat(), "category": category},
    )


# --- xlsx ------------------------------------------------------------------------------------

# (header, width in characters); "Năm sinh" and "Hội phí" have sub-columns on the second row.
_XLSX_WIDTHS = (5, 26, 7, 7, 34, 11, 12, 6, 6, 6, 6, 24)
_FONT = "Times New Roman"


def build_book_xlsx(book: Book) -> bytes:
    out = io.BytesIO()
    wb = workbook(out, {"constant_memory": True, "in_memory": True})
    ws = wb.add_worksheet(_("Sổ")[:31])

    def fmt(**extra):
        return wb.add_format({"font_name": _FONT, "font_size": 11, "valign": "vcenter", **extra})

    top = fmt(bold=False, align="center")
    top_bold = fmt(bold=True, align="center", underline=True)
    title = fmt(bold=True, font_size=16, align="center")
    subtitle = fmt(italic=True, align="center")
    head = fmt(bold=True, align="center", text_wrap=True, border=1)
    cell = fmt(border=1, text_wrap=True)
    center = fmt(border=1, align="center")
    date = fmt(border=1, align="center", num_format="dd/mm/yyyy")
    money = fmt(border=1, align="center", num_format="#,##0")

    for col, width in enumerate(_XLSX_WIDTHS):
        ws.set_column(col, col, width)
    last = len(_XLSX_WIDTHS) - 1
    # Rows must be written in order (constant_memory keeps only the current row).
    ws.merge_range(0, 0, 0, 5, safe_text(book.association.upper()), top)
    ws.merge_range(1, 0, 1, 5, safe_text(book.unit_name.upper()), top_bold)
    ws.merge_range(3, 0, 3, last, safe_text(book.title), title)
    ws.merge_range(4, 0, 4, last, _("Năm %(year)d") % {"year": book.year}, subtitle)
    ws.merge_range(
        5, 0, 5, last, _("Danh sách tính đến ngày %(date)s") % {"date": format_date(book.on)}, top
    )
    h1, h2 = 7, 8
    ws.set_row(h1, 30)
    singles = {
        0: _("STT"),
        1: _("Họ và tên"),
        4: _("Địa chỉ"),
        5: _("Ngày vào Hội"),
        6: _("Số thẻ"),
        last: _("Ghi chú"),
    }
    for col in range(last + 1):  # first header row, then the vertical merges register
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

    row = h2 + 1
    for r in book.rows:
        ws.write_number(row, 0, r.number, center)
        write_text(ws, row, 1, r.full_name, cell)
        year_col = 3 if r.sex == Sex.FEMALE else 2
        ws.write_blank(row, 2, None, center)
        ws.write_blank(row, 3, None, center)
        if r.birth_year:
            ws.write_number(row, year_col, r.birth_year, center)
        write_text(ws, row, 4, r.address, cell)
        ws.write_datetime(row, 5, r.joined_on, date)
        write_text(ws, row, 6, r.card_number, center)
        for col in range(7, 11):
            ws.write_blank(row, col, None, center)
        if r.dues is not None:
            quarter, amount = r.dues
            if amount is None:
                ws.write_string(row, 7 + quarter, _("Miễn"), center)
            else:
                ws.write_number(row, 7 + quarter, amount, money)
        write_text(ws, row, last, r.remarks, cell)
        row += 1

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_footer(f'&C&"{_FONT},Regular"&10' + _("Trang &P/&N"))
    ws.freeze_panes(h2 + 1, 0)
    wb.close()
    return out.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def csv_header() -> list[str]:
    return [
        _("STT"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Năm sinh"),
        _("Địa chỉ"),
        _("Ngày vào Hội"),
        _("Số thẻ"),
        _("Đơn vị"),
        _("Ghi chú"),
    ]


def iter_csv(rows: Iterable[BookRow]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads Vietnamese), in chunks of lines for streaming; text that
    a spreadsheet would run as a formula is neutralised (core.cells)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")
    writer.writerow(csv_header())
    for n, r in enumerate(rows, start=1):
        writer.writerow(
            safe_row(
                [
                    r.number,
                    r.full_name,
                    r.sex_label,
                    r.birth_year or "",
                    r.address,
                    format_date(r.joined_on),
                    r.card_number,
                    r.unit_name,
                    r.note,
                ]
            )
        )
        if n % 500 == 0:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


# --- cards -----------------------------------------------------------------------------------


def card_title(category: str) -> str:
    if category == "volunteer":
        return _("THẺ TÌNH NGUYỆN VIÊN")
    if category in ("member", ""):
        return _("THẺ HỘI VIÊN")
    name = _(category_names().get(category, category))
    return _("THẺ %(category)s") % {"category": name.upper()}


@dataclass
class Card:
    title: str
    full_name: str
    birth_year: int | None
    unit_name: str  # the branch, team or club when not the issuing unit itself
    card_number: str
    joined_on: datetime.date


def cards_from_rows(rows: Iterable[BookRow]) -> list[Card]:
    titles: dict[str, str] = {}
    return [
        Card(
            title=titles.get(r.category) or titles.setdefault(r.category, card_title(r.category)),
            full_name=r.full_name,
            birth_year=r.birth_year,
            unit_name=r.unit_name,
            card_number=r.card_number,
            joined_on=r.joined_on,
        )
        for r in rows
    ]


def cards_queryset(user, unit: Unit, on: datetime.date, category: str, ids: list[int] | None):
    """The cards to print: the book's rows, or the chosen memberships (all of them must be in
    ``unit``'s subtree and editable by ``user``; the caller answers 404 otherwise)."""
    if ids is None:
        return book_queryset(user, unit, on, category)
    return (
        Membership.objects.visible_to(user, "edit")
        .in_subtree_on(unit, on)
        .filter(pk__in=ids)
        .order_by("person__sort_key", "pk")
    )
