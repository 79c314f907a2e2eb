"""A recipient list brought as a spreadsheet: read with the imports app's reading (header
detection under title lines, Vietnamese header synonyms) and value parsing (dates and years,
CCCD as a number, control characters), into the lines :func:`aid.services.add_recipients`
checks. A line the reading itself refuses (a sex or year that is no value) is reported by its
row number like the others."""

import tempfile
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from imports.cells import Bad, cell_text, is_footer_cell, parse_date
from imports.reading import Book, ReadError, find_layout
from people.models import Sex

from .services import RecipientLine

MAX_BYTES = 10 * 1024 * 1024
_SEX = {"nam": Sex.MALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE,
        "x": ""}  # fmt: skip


class Unreadable(Exception):
    pass


def _sex(value) -> str:
    text = cell_text(value).strip().lower()
    if not text:
        return ""
    if text not in _SEX:
        raise Bad(_("giới tính “%(v)s” không rõ (Nam/Nữ)") % {"v": text[:20]})
    return _SEX[text]


def read_upload(upload, parcel_id: int) -> tuple[list[RecipientLine], list[tuple[int, str]]]:
    """The lines of an uploaded file and the rows refused while reading."""
    if upload.size > MAX_BYTES:
        raise Unreadable(_("Tệp lớn hơn 10 MB."))
    suffix = Path(upload.name or "").suffix.lower() or ".xlsx"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        return read_path(tmp.name, parcel_id)


def read_path(path, parcel_id: int) -> tuple[list[RecipientLine], list[tuple[int, str]]]:
    try:
        book = Book.open(path)
        layout = find_layout(book)
    except ReadError as e:
        raise Unreadable(str(e)) from None
    if layout is None or "full_name" not in layout.columns.values():
        raise Unreadable(_("Không tìm thấy dòng tiêu đề có cột “Họ và tên”."))
    col = {field: i for i, field in layout.columns.items()}
    today = timezone.localdate()
    lines: list[RecipientLine] = []
    errors: list[tuple[int, str]] = []

    def get(row, field):
        i = col.get(field)
        return row[i] if i is not None and i < len(row) else ""

    for index, row in enumerate(book.rows(layout.sheet)):
        if index < layout.data_row or not any(c not in ("", None) for c in row):
            continue
        n = index + 1  # the row number Excel shows
        name = cell_text(get(row, "full_name"))
        if not name and any(is_footer_cell(c) for c in row):
            break
        if is_footer_cell(name):
            break
        try:
            _day, year = parse_date(get(row, "birth_date") or get(row, "birth_year"), today)
            sex = _sex(get(row, "sex"))
        except Bad as e:
            errors.append((n, str(e)))
            continue
        lines.append(
            RecipientLine(
                line=n, full_name=name, birth_year=year, sex=sex,
                cccd=cell_text(get(row, "cccd")), address=cell_text(get(row, "address_detail")),
                phone=cell_text(get(row, "phone")), parcel_type_id=parcel_id,
            )
        )  # fmt: skip
    if not lines and not errors:
        raise Unreadable(_("Tệp không có dòng nào dưới dòng tiêu đề."))
    return lines, errors
