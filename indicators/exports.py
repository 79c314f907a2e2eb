"""Spreadsheets of the indicators: the child-unit table (xlsx), the denominator template and
its reader (python-calamine). Plain rows in, bytes out; no database here except the reader's
unit lookup done by the caller."""

import io
from typing import Any

from django.utils.translation import gettext as _

from core.cells import workbook, write_cells, write_text

from .models import DenominatorKind
from .selectors import Dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(d: Dashboard) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(str(d.year))
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    num = book.add_format({"num_format": "#,##0", "border": 1})
    dec = book.add_format({"num_format": "#,##0.00", "border": 1})
    cell = book.add_format({"border": 1})
    title = _("Chỉ tiêu của %(unit)s năm %(year)s") % {"unit": d.unit.name, "year": d.year}
    write_text(sheet, 0, 0, title, bold)
    header = [_("Đơn vị")] + [f"{i.name} ({i.unit})" for i in d.indicators]
    write_cells(sheet, 2, 0, header, bold)
    for r, row in enumerate([*d.children, d.own], start=3):
        name = row.unit.name if row is not d.own else _("Cộng: %(unit)s") % {"unit": d.unit.name}
        write_text(sheet, r, 0, name, bold if row is d.own else cell)
        for c, ind in enumerate(d.indicators, start=1):
            v = row.cells[ind.code].value
            if v is None:
                sheet.write_blank(r, c, None, cell)
            else:
                sheet.write_number(r, c, v, dec if ind.decimals else num)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(d.indicators), 14)
    sheet.freeze_panes(3, 1)
    _sources_sheet(book, d, bold, cell)
    book.close()
    return out.getvalue()


def _sources_sheet(book, d: Dashboard, bold, cell) -> None:
    """The same table with each figure's source (từ hồ sơ / số báo cáo / hồ sơ và số báo cáo,
    with the number of units below that reported)."""
    sheet = book.add_worksheet(_("Nguồn số liệu"))
    write_cells(sheet, 0, 0, [_("Đơn vị")] + [str(i.name) for i in d.indicators], bold)
    for r, row in enumerate([*d.children, d.own], start=1):
        write_text(sheet, r, 0, row.unit.name if row is not d.own else d.unit.name, cell)
        for c, ind in enumerate(d.indicators, start=1):
            x = row.cells[ind.code]
            text = x.source_text + (f" ({x.reported_below})" if x.reported_below else "")
            write_text(sheet, r, c, text, cell)
    sheet.set_column(0, 0, 40)


TEMPLATE_HEADER = ["ID", "Đơn vị", "Năm"] + [str(label) for _k, label in DenominatorKind.choices]


def denominator_template(units, year: int) -> bytes:
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Mẫu số"))
    bold = book.add_format({"bold": True})
    header = ["ID", _("Đơn vị"), _("Năm")] + [str(label) for _k, label in DenominatorKind.choices]
    write_cells(sheet, 0, 0, header, bold)
    for r, u in enumerate(units, start=1):
        write_cells(sheet, r, 0, [u.pk, u.name, year])
    sheet.set_column(1, 1, 40)
    sheet.set_column(3, 6, 18)
    book.close()
    return out.getvalue()


def read_denominators(data: bytes) -> list[dict]:
    """Rows of the template: ``{"line", "unit_id", "year", "values": {kind: int | None}}``.
    Raises ValueError with the line of the first unreadable cell."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    out = []
    kinds = DenominatorKind.values
    for line, raw in enumerate(rows[1:], start=2):
        if not raw or all(c in ("", None) for c in raw):
            continue
        row: list[Any] = list(raw) + [""] * (3 + len(kinds) - len(raw))
        try:
            unit_id, year = int(row[0]), int(row[2])
            values = {
                k: None if row[3 + i] in ("", None) else int(float(row[3 + i]))
                for i, k in enumerate(kinds)
            }
        except (TypeError, ValueError):
            raise ValueError(line) from None
        out.append({"line": line, "unit_id": unit_id, "year": year, "values": values})
    return out
