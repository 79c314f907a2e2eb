"""The ceremony list of commendations (xlsx, through core.cells)."""

import io

from django.utils.translation import gettext as _

from core.cells import workbook, write_cell, write_text
from org.models import Unit

from .selectors import ceremony_list

HEADER = ("TT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức", "Cấp khen", "Lĩnh vực", "Số quyết định", "Ngày", "Tiền thưởng (đ)", "Thành tích")  # fmt: skip


def ceremony_xlsx(unit: Unit, year: int, *, level: str = "", decision: str = "") -> bytes:
    rows = list(ceremony_list(unit, year, level=level, decision=decision))
    out = io.BytesIO()
    wb = workbook(out)
    ws = wb.add_worksheet(_("Danh sách khen thưởng")[:31])
    bold = wb.add_format({"bold": True, "align": "center"})
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})  # fmt: skip
    cell = wb.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    money = wb.add_format({"border": 1, "num_format": "#,##0"})
    date = wb.add_format({"border": 1, "num_format": "dd/mm/yyyy"})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    for col, width in enumerate((5, 28, 30, 14, 10, 20, 14, 11, 14, 40)):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, len(HEADER) - 1, unit.name.upper(), bold)
    ws.merge_range(
        1, 0, 1, len(HEADER) - 1, _("DANH SÁCH KHEN THƯỞNG NĂM %(y)d") % {"y": year}, bold
    )
    for col, text in enumerate(HEADER):
        write_text(ws, 3, col, text, head)
    total = 0
    for i, c in enumerate(rows, start=1):
        r = 3 + i
        write_cell(ws, r, 0, i, cell)
        write_text(ws, r, 1, c.person.full_name if c.person is not None else c.unit.name, cell)
        write_text(ws, r, 2, c.unit.name, cell)
        write_text(ws, r, 3, c.get_form_display(), cell)
        write_text(ws, r, 4, c.get_level_display(), cell)
        write_text(ws, r, 5, c.get_field_display(), cell)
        write_text(ws, r, 6, c.decision_number, cell)
        write_cell(ws, r, 7, c.decision_on, date)
        write_cell(ws, r, 8, c.amount, money)
        write_text(ws, r, 9, c.achievement, cell)
        total += c.amount
    r = 4 + len(rows)
    write_text(ws, r, 1, _("Cộng: %(c)d tập thể, %(i)d cá nhân") % {
        "c": sum(1 for c in rows if c.person_id is None), "i": sum(1 for c in rows if c.person_id)}, head)  # fmt: skip
    write_cell(ws, r, 8, total, money)
    wb.close()
    return out.getvalue()
