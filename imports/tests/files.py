"""Messy register files built by the tests, the way bases keep them in Excel."""

import csv
import datetime
import io

import xlsxwriter

TITLE = "HỘI CHỮ THẬP ĐỎ PHƯỜNG HẢI CHÂU"
HEADER = ["STT", "Họ và tên", "Năm sinh", "", "Số CCCD", "Số điện thoại", "Chi hội",
          "Ngày vào Hội", "Số thẻ", "Ghi chú"]  # fmt: skip

# (name, male year/date, female year/date, cccd, phone, branch, joined, card)
ROWS = [
    ("Nguyễn Văn An", 1985, "", 48085000123, "0912345678", "Chi hội tổ dân phố 1", "12/03/2010", "DN-0001"),
    ("Trần Thị Bình", "", datetime.date(1990, 5, 17), "048190000456", "+84 912 345 679", "chi hoi to dan pho 2", 40179, "DN-0002"),
    ("Lê Văn Cường", "03/04/1978", "", "", "84912345680", "TỔ DÂN PHỐ 1", "1/6/15", ""),
    ("Phạm Thị Dung", "", "12 tháng 3 năm 1985", "", "", "2", "2012", ""),
    ("Hoàng Văn Em", "x", "", "048092000789", "", "Chi hội tổ dân phố 1", "05/05/2020", ""),
]  # fmt: skip


def register_xlsx(rows=ROWS, *, extra_rows=(), cover_sheet=True) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    if cover_sheet:
        cover = wb.add_worksheet("Bìa")
        cover.write(0, 0, "Sổ hội viên")
        cover.write(2, 0, "Người lập: Nguyễn Thị Hoa")
    ws = wb.add_worksheet("Danh sách")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.merge_range(0, 0, 0, 9, TITLE)
    ws.merge_range(1, 0, 1, 9, "DANH SÁCH HỘI VIÊN NĂM 2025")
    for c, h in enumerate(HEADER):
        if h:
            ws.write(3, c, h)
    ws.merge_range(3, 2, 3, 3, "Năm sinh")
    ws.write(4, 2, "Nam")
    ws.write(4, 3, "Nữ")
    ws.write_row(5, 0, [f"({i})" for i in range(1, 11)])
    r = 6
    for i, (name, male, female, cccd, phone, branch, joined, card) in enumerate(
        [*rows, *extra_rows], 1
    ):
        ws.write(r, 0, i)
        ws.write(r, 1, name)
        for c, v in ((2, male), (3, female)):
            if isinstance(v, datetime.date):
                ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date_fmt)
            elif v != "":
                ws.write(r, c, v)
        for c, v in ((4, cccd), (5, phone), (6, branch), (7, joined), (8, card)):
            if v != "":
                ws.write(r, c, v)
        r += 1
        if i == 2:
            r += 1  # a blank line in the middle
    wb.close()
    return buf.getvalue()


def sheet_xlsx(sheets: dict[str, list[list]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, datetime.date):
                    ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date_fmt)
                else:
                    ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


def register_csv(rows: list[list], *, encoding="utf-8-sig", delimiter=",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)
