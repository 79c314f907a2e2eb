"""A book of the register read for export: its rows (a fixed number of queries whatever the size,
and never CCCD, ethnicity or religion), its title, the file name and the audit event of an export."""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit
from core.formatting import format_number
from core.text import search_key
from org.models import AdminArea, AssociationProfile, Unit, UnitChange
from people.models import Sex

from ..selectors import RegisterFilter, category_names, register

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
