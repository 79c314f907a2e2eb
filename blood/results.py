"""The blood centre's result list of a drive (xlsx, xls, ods or csv: name, date of birth, CCCD,
blood group, volume, accepted or not), read with the imports app's reading and value parsing,
matched to the drive's registrations, previewed with an error per line, then written all at
once or not at all."""

import datetime
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import search_key
from core.vn import clean_cccd
from imports.cells import Bad, cell_text, is_footer_cell, parse_date
from imports.reading import HEADER_SCAN_ROWS, Book, ReadError
from org.locks import ensure_open

from .bulk import update_rows
from .models import VOLUMES, Donor, Drive, GroupSource, Kind, Outcome, Registration, ResultImport
from .services import refresh_donors

MAX_LINES = 5000

# Header texts (accent-free, lower case) naming each column of a centre's list.
SYNONYMS = {
    "full_name": ["ho va ten", "ho ten", "ten nguoi hien", "ho va ten nguoi hien mau", "hoten"],
    "birth": ["ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay"],
    "cccd": ["cccd", "so cccd", "can cuoc cong dan", "so can cuoc", "cmnd", "so cmnd/cccd",
             "cmnd/cccd", "so dinh danh", "ma dinh danh"],
    "group": ["nhom mau", "nhom mau abo/rh", "abo/rh", "abo", "nhom mau abo"],
    "volume": ["the tich", "luong mau", "the tich (ml)", "luong mau (ml)", "ml", "so ml",
               "the tich mau", "luong mau hien"],
    "result": ["ket qua", "ket qua sang loc", "dat/khong dat", "tiep nhan", "ket qua xet nghiem"],
}  # fmt: skip
_FIELD = {name: f for f, names in SYNONYMS.items() for name in names}
_YES = {"dat", "co", "x", "nhan", "tiep nhan", "1", "ok", "accepted", "yes", "dung"}
_NO = {"khong dat", "khong", "0", "loai", "khong tiep nhan", "no", "rejected", "huy"}
_GROUP = re.compile(r"^(AB|A|B|O)\s*(?:RH)?\s*\(?\s*(?:RH)?\s*([+-]|DUONG|AM|D|POS|NEG)?\s*\)?$")


def _header(cell) -> str | None:
    if not isinstance(cell, str):
        return None
    key = " ".join(search_key(cell).replace(":", " ").split())
    return _FIELD.get(key)


def _columns(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {}
        for col, cell in enumerate(row):
            f = _header(cell)
            if f and f not in found:
                found[f] = col
        if {"full_name", "volume"} <= set(found) and len(found) >= 3:
            return i, found
    return None


def parse_group(text: str) -> tuple[str, str]:
    t = search_key(text).upper().replace(" ", "").replace("−", "-")
    t = t.replace("RH(+)", "+").replace("RH(-)", "-").replace("RH+", "+").replace("RH-", "-")
    m = _GROUP.match(t)
    if not m:
        raise Bad(_("nhóm máu “%(v)s” không đọc được (ví dụ: O+, AB Rh-)") % {"v": text[:20]})
    rh = {"+": "+", "DUONG": "+", "D": "+", "POS": "+", "-": "-", "AM": "-", "NEG": "-"}
    return m[1], rh.get(m[2] or "", "")


def _volume(value) -> int:
    digits = re.sub(r"[^\d]", "", cell_text(value).split(",")[0].split(".")[0])
    if not digits or int(digits) not in VOLUMES:
        raise Bad(_("thể tích “%(v)s” không phải 250, 350 hay 450 ml") % {"v": cell_text(value)})
    return int(digits)


def _result(value) -> bool | None:
    key = " ".join(search_key(cell_text(value)).split())
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise Bad(_("kết quả “%(v)s” không rõ (Đạt / Không đạt)") % {"v": cell_text(value)[:20]})


def _parse_cells(i: int, cells: dict, today: datetime.date) -> tuple[dict, list[str], Any, Any]:
    """One line's values read from its cells and what is wrong with them; the birth date, year."""
    problems: list[str] = []
    name = cell_text(cells.get("full_name", ""))
    line: dict = {"row": i, "name": name}
    birth, year = None, None
    try:
        birth, year = parse_date(cells.get("birth", ""), today)
    except Bad as e:
        problems.append(str(e))
    line["birth"] = birth.isoformat() if birth else (str(year) if year else "")
    cccd = ""
    try:
        cccd = clean_cccd(cells.get("cccd", ""))
    except ValidationError as e:
        problems.append(_("CCCD: %(m)s") % {"m": " ".join(e.messages)})
    line["cccd"] = cccd
    line["abo"], line["rh"] = "", ""
    group = cell_text(cells.get("group", ""))
    try:
        if group:
            line["abo"], line["rh"] = parse_group(group)
    except Bad as e:
        problems.append(str(e))
    try:
        line["volume"] = _volume(cells.get("volume", ""))
    except Bad as e:
        problems.append(str(e))
    try:
        line["accepted"] = _result(cells.get("result", ""))
    except Bad as e:
        problems.append(str(e))
    return line, problems, birth, year


def _match(
    line: dict,
    birth,
    year,
    by_cccd: dict[str, Registration],
    by_name: dict[str, list[Registration]],
) -> Registration | None:
    """The drive's registration a line is about: by CCCD, else the only one by name and birth."""
    cccd, name = line["cccd"], line["name"]
    reg = by_cccd.get(cccd) if cccd else None
    if reg is None and name:
        same = [
            r for r in by_name.get(search_key(name), [])
            if (birth and r.person.birth_date == birth)
            or (not birth and year and r.person.birth_year == year)
            or (not birth and not year and not cccd)
        ]  # fmt: skip
        reg = same[0] if len(same) == 1 else None
    return reg


def read_lines(path: Path, drive: Drive) -> tuple[list[dict], list[dict]]:
    """(lines, errors) of the file for ``drive``: each line matched to a registration."""
    try:
        book = Book.open(path)
        rows = list(book.rows(book.sheet_names[0]))
    except ReadError as e:
        return [], [{"row": 0, "message": str(e)}]
    found = _columns(rows)
    if found is None:
        return [], [{"row": 0, "message": _(
            "Không tìm thấy dòng tiêu đề (cần các cột Họ và tên, Ngày sinh hoặc CCCD, Nhóm máu, "
            "Thể tích, Kết quả).")}]  # fmt: skip
    header, cols = found
    regs = list(drive.registrations.select_related("person"))
    by_cccd = {r.person.cccd: r for r in regs if r.person.cccd}
    by_name: dict[str, list[Registration]] = {}
    for r in regs:
        by_name.setdefault(r.person.search_key, []).append(r)
    today = timezone.localdate()
    lines: list[dict] = []
    errors: list[dict] = []
    seen: dict[int, int] = {}
    for i, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = {f: (row[c] if c < len(row) else "") for f, c in cols.items()}
        if not any(cell_text(v) for v in cells.values()):
            continue
        if any(is_footer_cell(v) for v in row[:3]):
            break
        if len(lines) + len(errors) >= MAX_LINES:
            errors.append({"row": i, "message": _("Tệp quá dài (tối đa 5.000 dòng).")})
            break
        line, problems, birth, year = _parse_cells(i, cells, today)
        reg = _match(line, birth, year, by_cccd, by_name)
        if reg is None and not problems:
            problems.append(_("Không khớp với người nào đã đăng ký đợt hiến máu này."))
        elif reg is not None and reg.pk in seen:
            problems.append(_("Trùng với dòng %(n)d.") % {"n": seen[reg.pk]})
        if reg is not None:
            seen.setdefault(reg.pk, i)
            line["registration"] = reg.pk
        if problems:
            errors.append({"row": i, "name": line["name"], "message": "; ".join(problems)})
        else:
            lines.append(line)
    if not lines and not errors:
        errors.append({"row": 0, "message": _("Tệp không có dòng nào.")})
    return lines, errors


@transaction.atomic
def preview(*, actor, drive: Drive, path: Path, file_name: str) -> ResultImport:
    lines, errors = read_lines(path, drive)
    imp = ResultImport.objects.create(
        drive=drive,
        file_name=file_name[:255],
        lines=lines,
        errors=errors,
        created_by=user_or_none(actor),
    )
    audit.record(actor=actor, action="blood.results.preview", unit=drive.unit, obj=imp,
                 data={"lines": len(lines), "errors": len(errors)})  # fmt: skip
    return imp


@transaction.atomic
def commit(*, actor, imp: ResultImport) -> int:
    """Write every line, or none: refused while any line has an error."""
    imp = ResultImport.objects.select_for_update().select_related("drive__unit").get(pk=imp.pk)
    drive = imp.drive
    if imp.status != ResultImport.Status.PREVIEW:
        raise ValidationError(_("Danh sách này đã được ghi."))
    if imp.errors:
        raise ValidationError(
            _("Còn %(n)d dòng lỗi: sửa tệp rồi tải lên lại; chưa ghi dòng nào.")
            % {"n": len(imp.errors)}
        )
    ensure_open(unit=drive.unit, on=drive.date)
    ids = [ln["registration"] for ln in imp.lines]
    regs = {
        r.pk: r for r in Registration.objects.select_for_update().filter(drive=drive, pk__in=ids)
    }
    if len(regs) != len(set(ids)):
        raise ValidationError(_("Danh sách đăng ký đã thay đổi: hãy tải tệp lên lại."))
    now = timezone.now()
    donors = {d.pk: d for d in Donor.objects.filter(pk__in=[r.person_id for r in regs.values()])}
    for ln in imp.lines:
        r = regs[ln["registration"]]
        r.outcome, r.volume_ml = Outcome.DONATED, ln["volume"]
        r.kind = r.kind or Kind.WHOLE
        r.deferral_category, r.deferred_until, r.deferral_permanent = "", None, False
        r.centre_accepted = ln.get("accepted")
        r.recorded_at, r.recorded_by = now, actor if getattr(actor, "pk", None) else None
        d = donors.get(r.person_id)
        if d is not None and ln.get("abo"):
            d.abo, d.rh, d.group_source = ln["abo"], ln.get("rh", ""), GroupSource.CENTRE
    update_rows(
        Registration,
        list(regs.values()),
        ["outcome", "volume_ml", "kind", "deferral_category", "deferred_until",
         "deferral_permanent", "centre_accepted", "recorded_at", "recorded_by"],
    )  # fmt: skip
    update_rows(Donor, list(donors.values()), ["abo", "rh", "group_source"])
    honours = refresh_donors(person_ids=[r.person_id for r in regs.values()], honours=True)
    imp.status, imp.committed_at = ResultImport.Status.COMMITTED, now
    imp.save(update_fields=["status", "committed_at"])
    audit.record(actor=actor, action="blood.results.commit", unit=drive.unit, obj=imp,
                 data={"lines": len(imp.lines), "honours": honours})  # fmt: skip
    note_changed(unit_ids=[drive.unit_id], since=drive.date)
    return len(imp.lines)
