"""Reading an xlsx sheet a piece at a time gives exactly the rows calamine gives for the whole
sheet: the same values at the same row and column positions, whatever the cuts."""

import datetime
import random
import re
import zipfile

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from imports.reading import Book
from imports.xlsx_pieces import NotSplittable, Pieces

SHEET = "Danh sách & <1>"


def _messy(path, *, constant_memory: bool, rows: int = 2500) -> None:
    """Title lines, a leading empty column, blank rows, dates, big numbers, text to escape;
    shared strings unless ``constant_memory`` (inline strings)."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    ws = wb.add_worksheet(SHEET)
    wb.add_worksheet("Khác").write(0, 0, "x")
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    rng = random.Random(4)
    ws.write(0, 1, "DANH SÁCH HỘI VIÊN")
    for r in range(3, rows):
        if r % 97 == 0:
            continue  # a blank line now and then
        ws.write_string(r, 1, f"Nguyễn Thị {rng.choice('ABCĐƠ')} {r}")
        ws.write_number(r, 2, rng.randint(1945, 2005))
        ws.write_datetime(r, 3, datetime.datetime(1990, 1, 1) + datetime.timedelta(days=r), day)
        if r % 3:
            ws.write_number(r, 5, 12345678901)
        ws.write_string(r, 6, "Tổ 1 & 2 <khu> “A”")
    wb.close()


def _whole(path) -> list[tuple[int, list]]:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET)
    pad = [""] * sheet.start[1]
    rows = [(i, pad + row) for i, row in enumerate(sheet.iter_rows())]
    return [(i, row) for i, row in rows if any(c != "" for c in row)]


def _with_sheet_xml(path, target, edit):
    """A copy of the workbook at ``path`` with its first sheet's XML passed through ``edit``."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            out.writestr(info, data)
    return target


def _pieces(path, piece_bytes: int) -> list[tuple[int, list]]:
    pieces = Pieces(path, SHEET, piece_bytes=piece_bytes)
    try:
        return [(i, row) for i, row in pieces.rows() if any(c != "" for c in row)]
    finally:
        pieces.close()


@pytest.mark.parametrize("constant_memory", [True, False], ids=["inline", "shared"])
def test_pieces_give_the_rows_calamine_gives_for_the_whole_sheet(tmp_path, constant_memory):
    path = tmp_path / "so.xlsx"
    _messy(path, constant_memory=constant_memory)
    whole = _whole(path)
    for piece_bytes in (8_000, 50_000, 10**8):  # many pieces, a few, one
        got = _pieces(path, piece_bytes)
        assert [i for i, _r in got] == [i for i, _r in whole]
        # (a piece is as wide as its own used area: compare on the cells both have)
        assert all(a[: len(b)] == b[: len(a)] for (_i, a), (_j, b) in zip(got, whole, strict=True))
    first = next(row for i, row in whole if i == 3)
    assert first[1].startswith("Nguyễn Thị") and isinstance(first[3], datetime.date)


def test_rows_without_row_numbers_are_counted_across_pieces(tmp_path):
    """Some generators write no ``r`` attributes: rows follow each other from the first."""
    path = tmp_path / "so.xlsx"
    _messy(path, constant_memory=True, rows=400)

    def unnumbered(xml: bytes) -> bytes:
        xml = re.sub(rb'(<(?:row|c)\b[^>]*?) r="[A-Z]*\d+"', rb"\1", xml)
        return re.sub(rb"<row\b[^>]*/>", b"<row/>", xml)

    plain = _with_sheet_xml(path, tmp_path / "plain.xlsx", unnumbered)
    whole, got = _whole(plain), _pieces(plain, 3_000)
    assert [i for i, _r in got] == [i for i, _r in whole]
    assert [r[: len(w)] for (_i, r), (_j, w) in zip(got, whole, strict=True)] == [
        w[: len(r)] for (_i, r), (_j, w) in zip(got, whole, strict=True)
    ]


def test_book_rows_reads_xlsx_in_pieces_and_counts_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "so.xlsx"
    _messy(path, constant_memory=False, rows=1200)
    monkeypatch.setattr("imports.xlsx_pieces.PIECE_BYTES", 10_000)
    book = Book.open(path)
    monkeypatch.setattr(Book, "sheet", lambda *a: pytest.fail("the whole sheet was loaded"))
    rows = list(book.rows(SHEET))
    assert (
        rows[0][1] == "DANH SÁCH HỘI VIÊN"
        and not any(rows[1])
        and rows[3][1].startswith("Nguyễn Thị")
    )
    assert [i for i, r in enumerate(rows) if any(c != "" for c in r)] == [
        i for i, _r in _whole(path)
    ]
    assert book.row_count(SHEET) == 1200


def test_a_file_that_is_not_a_workbook_is_not_split(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(NotSplittable):
        Pieces(path, SHEET)


def test_a_sheet_written_with_a_namespace_prefix_is_cut_at_its_prefixed_rows(tmp_path):
    """Some .NET writers spell every element <x:row>, <x:c>…"""
    path = tmp_path / "so.xlsx"
    _messy(path, constant_memory=True, rows=300)

    def prefixed_xml(xml: bytes) -> bytes:
        xml = xml.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
        return re.sub(rb"<(/?)(?!x:|\?)([a-zA-Z]+)", rb"<\1x:\2", xml)

    prefixed = _with_sheet_xml(path, tmp_path / "x.xlsx", prefixed_xml)
    assert b"<x:row " in zipfile.ZipFile(prefixed).read("xl/worksheets/sheet1.xml")
    whole, got = _whole(prefixed), _pieces(prefixed, 2_000)
    assert [i for i, _r in got] == [i for i, _r in whole] and len(got) > 250
