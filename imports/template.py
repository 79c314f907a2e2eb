"""The register template offered on the import page: an empty sheet under the headers the import
recognises, and a sheet that says what each column takes and which branches there are.

The headers stay Vietnamese whatever the page's language: the import finds columns by their
Vietnamese names (imports.reading.SYNONYMS), and a test reads the template back through it.
"""

import io

from django.utils.translation import gettext as _

from core.cells import safe_text, workbook, write_text

# (header, width, kind): kind "text" keeps leading zeros (CCCD, phone, card), "date" shows dates.
COLUMNS = [
    ("STT", 5, ""),
    ("Họ và tên", 26, ""),
    ("Giới tính", 9, ""),
    ("Ngày sinh", 12, "date"),
    ("Số CCCD", 15, "text"),
    ("Số điện thoại", 13, "text"),
    ("Địa chỉ", 28, ""),
    ("Dân tộc", 10, ""),
    ("Tôn giáo", 11, ""),
    ("Nghề nghiệp", 14, ""),
    ("Chi hội", 22, ""),
    ("Ngày vào Hội", 12, "date"),
    ("Số thẻ", 11, "text"),
    ("Ghi chú", 20, ""),
]
HEADER_ROW = 3
FORMATTED_ROWS = 2000


def _guide() -> list[tuple[str, str]]:
    return [
        ("Họ và tên", _("Bắt buộc; ghi đủ họ, chữ đệm và tên, có dấu.")),
        ("Giới tính", _("Nam hoặc Nữ; có thể bỏ trống nếu có số CCCD.")),
        ("Ngày sinh", _("dd/mm/yyyy, hoặc chỉ năm sinh (ví dụ 1975).")),
        ("Số CCCD", _("12 chữ số; cột đã để dạng văn bản để giữ số 0 ở đầu.")),
        ("Số điện thoại", _("Số di động 10 chữ số, ví dụ 0912345678.")),
        ("Dân tộc", _("Tên một trong 54 dân tộc, ví dụ Kinh.")),
        ("Tôn giáo", _("Ví dụ Không, Phật giáo, Công giáo.")),
        (
            "Chi hội",
            _(
                "Tên chi hội như trong danh sách bên dưới; bỏ trống nếu cả tệp nhập vào một chi hội (chọn khi tải lên)."
            ),
        ),  # fmt: skip
        ("Ngày vào Hội", _("dd/mm/yyyy hoặc năm; bỏ trống thì lấy ngày chọn khi tải lên.")),
        ("Số thẻ", _("Không bắt buộc; không trùng với thẻ đang dùng.")),
    ]


def template_workbook(unit, branches=()) -> bytes:
    """The template for ``unit``; ``branches``: the names of the branches rows may name."""
    buf = io.BytesIO()
    wb = workbook(buf, {"in_memory": True})
    title = wb.add_format({"bold": True, "align": "center", "font_size": 13})
    head = wb.add_format(
        {
            "bold": True,
            "border": 1,
            "bg_color": "#E7E6E6",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }  # fmt: skip
    )
    text = wb.add_format({"num_format": "@", "border": 1})
    date = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    plain = wb.add_format({"border": 1})
    ws = wb.add_worksheet(_("Danh sách")[:31])
    last = len(COLUMNS) - 1
    ws.merge_range(0, 0, 0, last, _("DANH SÁCH HỘI VIÊN"), title)
    ws.merge_range(
        1, 0, 1, last, safe_text(unit.name), wb.add_format({"align": "center", "italic": True})
    )
    for c, (header, width, kind) in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, c, header, head)
        fmt = {"text": text, "date": date}.get(kind, plain)
        ws.set_column(c, c, width)
        for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + FORMATTED_ROWS):
            ws.write_blank(r, c, None, fmt)
    ws.set_row(HEADER_ROW, 30)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.data_validation(
        HEADER_ROW + 1, 2, HEADER_ROW + FORMATTED_ROWS, 2,
        {"validate": "list", "source": ["Nam", "Nữ"], "ignore_blank": True},
    )  # fmt: skip
    guide = wb.add_worksheet(_("Hướng dẫn")[:31])
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 80)
    guide.write_string(0, 0, _("Cách điền danh sách"), bold)
    r = 2
    for header, note in _guide():
        guide.write_string(r, 0, header, bold)
        guide.write_string(r, 1, note, wrap)
        r += 1
    r += 1
    guide.write_string(r, 0, _("Các chi hội"), bold)
    for name in branches:
        r += 1
        write_text(guide, r, 1, name)
    wb.close()
    return buf.getvalue()
