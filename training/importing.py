"""Trainees and volunteer hours imported from a spreadsheet (xlsx, xls, ods, csv) with the imports app's reading:
header detection under title rows, Vietnamese column names, dates, sex words. All or nothing:
a file with a bad line enrols nobody and the lines are reported."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import search_key
from imports.cells import SEX_WORDS, Bad, cell_text, clean_text, parse_date
from imports.reading import Book, ReadError, find_layout
from people.models import Person
from people.services import DuplicateWarning, create_person

from .models import TrainingClass
from .services import enrol_people

MAX_ROWS = 2000


@dataclass
class Line:
    number: int  # the spreadsheet's row number
    full_name: str
    sex: str
    birth_year: int | None
    cccd: str
    phone: str


def read_lines(path: Path) -> tuple[list[Line], list[str]]:
    """(lines, errors) of the first sheet with a recognisable header."""
    try:
        book = Book.open(path)
        layout = find_layout(book)
    except ReadError as e:
        return [], [str(e)]
    if layout is None:
        return [], [_("Không tìm thấy dòng tiêu đề (cần ít nhất cột “Họ và tên”).")]
    fields = {f: i for i, f in layout.columns.items()}
    if "full_name" not in fields:
        return [], [_("Không tìm thấy cột “Họ và tên”.")]
    today = timezone.localdate()
    lines: list[Line] = []
    errors: list[str] = []
    for index, row in enumerate(book.rows(layout.sheet)):
        if index < layout.data_row or not any(cell_text(v) for v in row):
            continue
        if len(lines) + len(errors) >= MAX_ROWS:
            errors.append(_("Tệp quá %(n)d dòng.") % {"n": MAX_ROWS})
            break

        def get(field: str, row=row):
            i = fields.get(field)
            return row[i] if i is not None and i < len(row) else None

        name = clean_text(cell_text(get("full_name")))
        sex = SEX_WORDS.get(clean_text(cell_text(get("sex"))).lower(), "")
        year = None
        try:
            for f in ("birth_date", "birth_year"):
                if get(f) not in (None, ""):
                    _day, year = parse_date(get(f), today)
                    break
        except Bad as e:
            errors.append(_("Dòng %(n)d: %(err)s") % {"n": index + 1, "err": e})
            continue
        if not name:
            errors.append(_("Dòng %(n)d: thiếu họ và tên.") % {"n": index + 1})
            continue
        if not sex:
            errors.append(_("Dòng %(n)d: thiếu giới tính (Nam/Nữ).") % {"n": index + 1})
            continue
        lines.append(
            Line(index + 1, name, sex, year, cell_text(get("cccd")).replace(" ", ""),
                 cell_text(get("phone")))
        )  # fmt: skip
    return lines, errors


@transaction.atomic
def import_participants(*, actor, cls: TrainingClass, path: Path) -> int:
    """Enrol the people of the file at ``path``: the person with the line's CCCD when the user
    sees them, else a new person of the class's unit (a CCCD held outside the user's scope is
    refused with the neutral message). Raises one ValidationError listing every bad line."""
    lines, errors = read_lines(path)
    people: list[Person] = []
    for line in lines:
        person = None
        if line.cccd:
            person = Person.objects.visible_to(actor).filter(cccd=line.cccd).first()
        if person is None:
            try:
                with transaction.atomic():
                    person = create_person(
                        actor=actor, unit=cls.unit, full_name=line.full_name, sex=line.sex,
                        birth_year=line.birth_year, cccd=line.cccd, phone=line.phone,
                        confirm_duplicate=False,
                    )  # fmt: skip
            except DuplicateWarning:
                errors.append(
                    _("Dòng %(n)d: đã có người cùng họ tên và năm sinh trong cơ sở Hội; hãy ghi "
                      "số CCCD hoặc chọn người đó trong danh sách.") % {"n": line.number}
                )  # fmt: skip
                continue
            except ValidationError as e:
                errors.append(
                    _("Dòng %(n)d: %(err)s") % {"n": line.number, "err": " ".join(e.messages)}
                )
                continue
        people.append(person)
    if not errors and not people:
        errors.append(_("Tệp không có dòng nào."))
    if not errors:
        try:
            enrol_people(actor=actor, cls=cls, people=people, source="import")
        except ValidationError as e:
            errors.extend(e.messages)
    if errors:
        raise ValidationError(errors)
    return len(people)


HOURS_HEADERS = {"so gio", "gio", "so gio tinh nguyen", "so gio tham gia", "gio tinh nguyen"}
NAME_HEADERS = {"ho va ten", "ho ten", "ho va ten tinh nguyen vien", "ten tinh nguyen vien"}
CCCD_HEADERS = {"so cccd", "cccd", "can cuoc cong dan", "so can cuoc"}


def read_hours(path: Path, roster: list[Person]) -> tuple[dict[Person, Decimal], list[str]]:
    """Hours per volunteer from a sheet with a name (or CCCD) column and a "Số giờ" column; each
    line must name one person of ``roster`` (the unit's list the tick-list shows)."""
    try:
        book = Book.open(path)
        sheet = book.sheet_names[0]
        head = book.head(sheet)
    except ReadError as e:
        return {}, [str(e)]
    header = next(
        (
            (i, [search_key(cell_text(v)) for v in row])
            for i, row in enumerate(head)
            if any(search_key(cell_text(v)) in HOURS_HEADERS for v in row)
        ),
        None,
    )
    if header is None:
        return {}, [_("Cần cột “Họ và tên” (hoặc “Số CCCD”) và cột “Số giờ”.")]
    data_row, keys = header[0] + 1, header[1]

    def col(names: set[str]) -> int | None:
        return next((i for i, k in enumerate(keys) if k in names), None)

    name_col, cccd_col, hours_col = col(NAME_HEADERS), col(CCCD_HEADERS), col(HOURS_HEADERS)
    if name_col is None and cccd_col is None:
        return {}, [_("Cần cột “Họ và tên” (hoặc “Số CCCD”) và cột “Số giờ”.")]
    by_name: dict[str, list[Person]] = {}
    for p in roster:
        by_name.setdefault(search_key(p.full_name), []).append(p)
    by_cccd = {p.cccd: p for p in roster if p.cccd}
    out: dict[Person, Decimal] = {}
    errors: list[str] = []
    for index, row in enumerate(book.rows(sheet)):
        if index < data_row or not any(cell_text(v) for v in row):
            continue
        if len(out) + len(errors) >= MAX_ROWS:
            errors.append(_("Tệp quá %(n)d dòng.") % {"n": MAX_ROWS})
            break
        n = index + 1

        def cell(i, row=row) -> str:
            return cell_text(row[i]) if i is not None and i < len(row) else ""

        cccd = cell(cccd_col).replace(" ", "")
        name = clean_text(cell(name_col))
        found = [by_cccd[cccd]] if cccd in by_cccd else by_name.get(search_key(name), [])
        if len(found) != 1:
            errors.append(
                (_("Dòng %(n)d: có %(k)d người tên “%(name)s” trong danh sách; hãy ghi số CCCD.")
                 if found else
                 _("Dòng %(n)d: “%(name)s” không có trong danh sách của đơn vị."))
                % {"n": n, "k": len(found), "name": name or cccd}
            )  # fmt: skip
            continue
        try:
            hours = Decimal(cell(hours_col).replace(",", "."))
        except InvalidOperation:
            errors.append(_("Dòng %(n)d: số giờ không hợp lệ.") % {"n": n})
            continue
        if found[0] in out:
            errors.append(_("Dòng %(n)d: %(name)s đã có ở dòng trên.") % {"n": n, "name": name})
            continue
        out[found[0]] = hours
    if not out and not errors:
        errors.append(_("Tệp không có dòng nào."))
    return out, errors
