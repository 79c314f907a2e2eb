"""A form as a spreadsheet for a unit and the units that report to it (one row each), and the
reader of the same sheet filled in: for people who prefer Excel.

Row 4 holds the item codes (the reader finds columns by them, so a column moved or hidden still
reads); a row is a unit by its ID. A cell left as downloaded changes nothing; a different number
becomes the unit's typed number (replacing the computed one for a count); an emptied cell clears
a typed number. All or nothing: a refused row writes nothing."""

import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import has_perm_on
from core.cells import workbook, write_cells, write_text
from org.models import Unit

from . import selectors, services
from . import values as values_
from .forms import parse_number
from .models import Report, ReportForm
from .periods import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE_ROW = 3  # 0-based: the fourth row


def _rows(form: ReportForm, unit: Unit, period: Period):
    items = services.items_for(form, unit)
    own = selectors.report_of(form, unit, period)
    own_lines = values_.lines(own, items, values_.figures(items, [unit], period).get(unit.pk, {}))
    rows: list[tuple[Unit, Report | None, dict]] = [
        (unit, own, {x.item.code: x.value for x in own_lines})
    ]
    for row in selectors.children_rows(form, unit, period, items):
        rows.append((row.unit, row.report, row.values))
    return items, rows


def form_xlsx(form: ReportForm, unit: Unit, period: Period) -> bytes:
    items, rows = _rows(form, unit, period)
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(period.key)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    small = book.add_format({"font_color": "#777777", "font_size": 8})
    num = book.add_format({"num_format": "#,##0", "border": 1})
    cell = book.add_format({"border": 1})
    write_text(sheet, 0, 0, f"{form.name} – {period.label}", bold)
    write_text(sheet, 1, 0, unit.name)
    write_cells(sheet, 2, 0, ["ID", _("Đơn vị"), _("Trạng thái")] + [values_.item_name(i) for i in items], bold)  # fmt: skip
    write_cells(sheet, CODE_ROW, 0, ["id", "unit", "status"] + [i.code for i in items], small)
    for r, (u, report, vals) in enumerate(rows, start=CODE_ROW + 1):
        status = report.get_status_display() if report is not None and report.pk else _("Chưa lập")
        write_cells(sheet, r, 0, [u.pk], cell)
        write_text(sheet, r, 1, u.name, cell)
        write_text(sheet, r, 2, str(status), cell)
        for c, item in enumerate(items, start=3):
            v = vals.get(item.code)
            if v is None:
                sheet.write_blank(r, c, None, cell)
            else:
                sheet.write_number(r, c, v, num)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 16)
    sheet.set_column(3, 2 + len(items), 14)
    sheet.set_row(CODE_ROW, None, None, {"hidden": False})
    sheet.freeze_panes(CODE_ROW + 1, 2)
    book.close()
    return out.getvalue()


def _read(data: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 (any unreadable file: one message)
        raise ValidationError(
            _("Không đọc được tệp: hãy dùng tệp Excel đã tải về từ trang này.")
        ) from None


def _number(raw) -> int | None:
    if raw in ("", None):
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("Hãy nhập một số nguyên không âm (ví dụ 1.085)."))
    if isinstance(raw, int | float):
        if raw < 0 or raw != int(raw):
            raise ValidationError(_("Hãy nhập một số nguyên không âm (ví dụ 1.085)."))
        return int(raw)
    return parse_number(str(raw))


@transaction.atomic
def read_form_xlsx(user, form: ReportForm, unit: Unit, period: Period, data: bytes) -> int:
    """Write the numbers of the sheet that differ from the page's (see the module's docstring).
    Returns the number of values written; raises ValidationError listing every refused cell."""
    sheet = _read(data)
    if len(sheet) <= CODE_ROW:
        raise ValidationError(_("Tệp không có dòng mã chỉ tiêu (dòng 4)."))
    codes = [str(c).strip() for c in sheet[CODE_ROW]]
    items, rows = _rows(form, unit, period)
    by_id = {u.pk: (u, report, vals) for u, report, vals in rows}
    columns = [(c, i) for c, code in enumerate(codes) for i in items if i.code == code]
    errors: list[str] = []
    written = 0
    for n, raw in enumerate(sheet[CODE_ROW + 1 :], start=CODE_ROW + 2):
        if not raw or all(c in ("", None) for c in raw):
            continue
        try:
            uid = int(raw[0])
        except (TypeError, ValueError):
            errors.append(_("Dòng %(n)s: thiếu ID đơn vị.") % {"n": n})
            continue
        found = by_id.get(uid)
        if found is None:
            errors.append(
                _("Dòng %(n)s: đơn vị %(id)s không báo cáo cho đơn vị này.") % {"n": n, "id": uid}
            )
            continue
        u, report, vals = found
        changes = []
        for c, item in columns:
            try:
                value = _number(raw[c] if c < len(raw) else None)
            except ValidationError as e:
                errors.append(
                    _("Dòng %(n)s, %(item)s: %(e)s")
                    % {"n": n, "item": item.code, "e": e.messages[0]}
                )
                continue
            if value == vals.get(item.code):
                continue
            line_ind = values_.indicator_of(item)
            if line_ind is not None and line_ind.rollup != "sum":
                continue  # a rate follows its parts: never typed
            changes.append((item.code, value))
        if not changes:
            continue
        if not has_perm_on(user, u, "edit"):
            errors.append(
                _("Dòng %(n)s: bạn không có quyền nhập liệu cho %(unit)s.")
                % {"n": n, "unit": u.name}
            )
            continue
        try:
            r = services.open_report(actor=user, form=form, unit=u, period=period)
            for code, value in changes:
                services.save_value(actor=user, report=r, code=code, value=value)
                written += 1
        except ValidationError as e:
            errors.append(
                _("Dòng %(n)s (%(unit)s): %(e)s")
                % {"n": n, "unit": u.name, "e": " ".join(e.messages)}
            )
    if errors:  # raised inside the transaction: nothing of the file stays
        raise ValidationError(errors)
    return written
