"""Trainees imported from a spreadsheet (xlsx, xls, ods, csv) with the imports app's reading:
header detection under title rows, Vietnamese column names, dates, sex words. All or nothing:
a file with a bad line enrols nobody and the lines are reported."""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
