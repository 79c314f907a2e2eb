import datetime
import unicodedata

import pytest

from core.text import nfc
from imports.reading import Book, column_letter, detect_layout, field_for_header, find_layout

from .files import register_csv, register_xlsx, sheet_xlsx


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("ho ten", "full_name"),
        ("Họ và tên hội viên (ghi có dấu)", "full_name"),
        ("Ngày, tháng, năm sinh", "birth_date"),
        ("Năm sinh", "birth_year"),
        ("Giới tính", "sex"),
        ("Số CCCD", "cccd"),
        ("CMND/CCCD", "cccd"),
        ("SĐT", "phone"),
        ("Chi hội", "branch"),
        ("Ngày vào Hội", "joined_on"),
        ("Số thẻ", "card_number"),
        ("Nam", "male_birth"),
        ("Nữ", "female_birth"),
        ("STT", ""),
    ],
)
def test_it_maps_vietnamese_headers_without_regard_to_accents_or_case(header, field):
    assert field_for_header(header) == field


def test_it_does_not_take_nam_for_nam_without_its_accent():
    assert field_for_header("Năm") is None
    assert field_for_header("Mã hồ sơ lưu trữ") is None


def test_it_finds_the_header_under_title_lines_and_a_merged_birth_header(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(register_xlsx())
    book = Book.open(path)
    layout = find_layout(book)
    assert layout.sheet == "Danh sách"  # the cover sheet has no header
    assert layout.header_row == 3
    assert layout.data_row == 6  # under the "Nam | Nữ" row and the "(1) (2) …" row
    assert layout.columns[2] == "male_birth"
    assert layout.columns[3] == "female_birth"
    assert layout.columns[4] == "cccd"
    assert 0 not in layout.columns  # STT


def test_it_keeps_excel_row_numbers_when_the_sheet_starts_lower(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        sheet_xlsx({"A": [[], [], ["", "Họ và tên", "Giới tính"], ["", "Lê Văn A", "Nam"]]})
    )
    rows = list(Book.open(path).rows("A"))
    assert rows[3][1] == "Lê Văn A"
    layout = detect_layout(rows, "A")
    assert (layout.header_row, layout.data_row) == (2, 3)


def test_it_does_not_take_a_data_row_with_nam_for_a_sub_header():
    rows = [["Họ và tên", "Giới tính", "Năm sinh"], ["Lê Văn A", "Nam", 1980]]
    layout = detect_layout(rows, "A")
    assert layout.data_row == 1
    assert layout.columns == {0: "full_name", 1: "sex", 2: "birth_year"}


def test_it_gives_up_without_a_header():
    assert detect_layout([["Sổ hội viên"], ["abc", "def"]], "A") is None


def _cp1258_form(text: str) -> str:
    """Windows' Vietnamese code page: letters with their shape (â, ơ …) precomposed, tones as
    combining marks."""
    out = ""
    for ch in unicodedata.normalize("NFD", text):
        if ch in "\u0302\u0306\u031b" and out:
            out = out[:-1] + unicodedata.normalize("NFC", out[-1] + ch)
        else:
            out += ch
    return out


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t"), ("cp1258", ",")],
)
def test_it_reads_csv_in_the_usual_encodings(tmp_path, encoding, delimiter):
    rows = [["Họ và tên", "Giới tính", "Ngày sinh"], ["Nguyễn Thị Hoa", "Nữ", "01/02/1990"]]
    if encoding == "cp1258":
        rows = [[_cp1258_form(c) for c in row] for row in rows]
    path = tmp_path / "ds.csv"
    path.write_bytes(register_csv(rows, encoding=encoding, delimiter=delimiter))
    got = list(Book.open(path).rows("CSV"))
    assert nfc(got[1][0]) == "Nguyễn Thị Hoa"
    assert got[1][2] == "01/02/1990"
    assert detect_layout(got, "CSV").columns[2] == "birth_date"


def test_it_reads_dates_as_dates(tmp_path):
    path = tmp_path / "d.xlsx"
    path.write_bytes(
        sheet_xlsx({"A": [["Họ và tên", "Ngày sinh"], ["Lê A", datetime.date(1990, 1, 2)]]})
    )
    rows = list(Book.open(path).rows("A"))
    assert rows[1][1] in (datetime.date(1990, 1, 2), datetime.datetime(1990, 1, 2))


def test_it_names_columns_like_excel():
    assert [column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
