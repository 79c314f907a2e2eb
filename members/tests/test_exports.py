import datetime
import io
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from python_calamine import CalamineWorkbook
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.textobject import PDFTextObject

from core.models import AuditEvent
from members import exports
from members.exports import pdf
from members.services import end_membership
from members.tests.factories import make_member, make_person
from org.models import AdminArea

D = datetime.date
CCCD = "048190000123"
ON = "2025-01-01"


@pytest.fixture
def data(tree, users):
    a = users.central_admin
    AdminArea.objects.create(
        code="20194", name="Phường Hải Châu", level="commune", division_type="phường",
        province_code="48",
    )  # fmt: skip
    hoa = make_person(
        a, tree.br1a, "Nguyễn Thị Hòa", "F", 1990,
        cccd=CCCD, religion="catholic", ethnicity="01",
        address_code="20194", address_detail="12 Lê Duẩn",
    )  # fmt: skip
    an = make_person(a, tree.br1b, "Trần Văn An", "M", 1980)
    binh = make_person(a, tree.b1, "Lê Văn Bình", "M", 1975)
    cuc = make_person(a, tree.br1a, "Phạm Thị Cúc", "F", 1995)
    dung = make_person(a, tree.br2a, "Đỗ Văn Dũng", "M", 1970)
    m_hoa = make_member(a, tree.br1a, person=hoa, joined=D(2020, 3, 1), card_number="DN-001")
    m_an = make_member(a, tree.br1b, person=an, joined=D(2021, 5, 10), card_number="DN-002")
    m_binh = make_member(a, tree.b1, person=binh, joined=D(2019, 1, 1), card_number="DN-003")
    end_membership(actor=a, membership=m_binh, on=D(2024, 6, 1), reason="moved_away")
    m_cuc = make_member(
        a, tree.br1a, person=cuc, joined=D(2022, 1, 1), card_number="TNV-01", category="volunteer"
    )
    m_dung = make_member(a, tree.br2a, person=dung, joined=D(2020, 1, 1), card_number="HV-900")
    return {"hoa": m_hoa, "an": m_an, "binh": m_binh, "cuc": m_cuc, "dung": m_dung}


def _url(name, unit, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"member_exports:{name}", args=[unit.pk]) + (f"?{query}" if query else "")


def _sheet(content: bytes) -> list[list]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return wb.get_sheet_by_index(0).to_python()


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- the member book in Excel ------------------------------------------------------------------


def test_it_exports_the_member_book_as_xlsx(tree, users, data, login):
    r = login(users.base_viewer).get(_url("book_xlsx", tree.b1, on=ON, category="member"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert r["Content-Disposition"] == (
        'attachment; filename="so-hoi-vien_hoi-chu-thap-do-phuong-hai-chau_2025-01-01.xlsx"'
    )
    rows = _sheet(r.content)
    text = [str(c) for row in rows for c in row if c != ""]
    assert "HỘI CHỮ THẬP ĐỎ VIỆT NAM" in text
    assert "HỘI CHỮ THẬP ĐỎ PHƯỜNG HẢI CHÂU" in text
    assert "SỔ QUẢN LÝ HỘI VIÊN" in text and "Năm 2025" in text
    header = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    assert rows[header][1] == "Họ và tên" and rows[header][2] == "Năm sinh"
    assert rows[header][7] == "Hội phí" and rows[header][11] == "Ghi chú"
    assert rows[header + 1][2:4] == ["Nam", "Nữ"]
    assert rows[header + 1][7:11] == ["Quý I", "Quý II", "Quý III", "Quý IV"]
    body = [row for row in rows[header + 2 :] if any(c != "" for c in row)]
    # Sorted by given name: An before Hòa; Bình left before the date, Dũng is in another base,
    # Cúc is a volunteer.
    assert [row[1] for row in body] == ["Trần Văn An", "Nguyễn Thị Hòa"]
    an, hoa = body
    assert an[0] == 1 and an[2] == 1980 and an[3] == ""  # a man's birth year under "Nam"
    assert hoa[0] == 2 and hoa[2] == "" and hoa[3] == 1990  # a woman's under "Nữ"
    assert hoa[4] == "12 Lê Duẩn, Phường Hải Châu"
    assert hoa[5] == D(2020, 3, 1) and hoa[6] == "DN-001"
    assert hoa[11] == "Chi hội tổ dân phố 1"
    assert hoa[7:11] == ["", "", "", ""]  # dues left blank for hand-filling


def _dues_data(tree, data):
    """Hòa paid 2025's dues in May (quarter II), An was exempt in January (quarter I); a
    cancelled receipt and one paid after the book's date count for nobody."""
    from dues import services as dues_services

    a = None
    for i in range(8):  # the exemption cap is a tenth of the members who must pay
        make_member(a, tree.br1b, f"Đinh Văn Phụ {i}", sex="M", joined=D(2020, 1, 1))
    dues_services.record_payment(
        actor=a, membership=data["hoa"], year=2025, paid_on=D(2025, 5, 10), amount=12_000
    )
    dues_services.grant_exemption(
        actor=a, membership=data["an"], year=2025, decision_ref="QĐ-01", decided_on=D(2025, 1, 20)
    )
    extra = make_member(a, tree.br1a, "Võ Thị Xuân", joined=D(2020, 1, 1))
    late = make_member(a, tree.br1a, "Võ Văn Yên", sex="M", joined=D(2020, 1, 1))
    cancelled = dues_services.record_payment(
        actor=a, membership=extra, year=2025, paid_on=D(2025, 2, 1)
    )
    dues_services.cancel_payment(actor=a, payment=cancelled, reason="Ghi nhầm người")
    dues_services.record_payment(actor=a, membership=late, year=2025, paid_on=D(2025, 8, 1))


def test_it_fills_the_book_dues_columns_from_the_receipts(tree, users, data, login):
    _dues_data(tree, data)
    client = login(users.base_viewer)
    rows = _sheet(client.get(_url("book_xlsx", tree.b1, on="2025-06-30")).content)
    by_name = {row[1]: row for row in rows if len(row) > 10}
    assert by_name["Nguyễn Thị Hòa"][7:11] == ["", 12000, "", ""]  # paid in quarter II
    assert by_name["Trần Văn An"][7:11] == ["Miễn", "", "", ""]  # exempt since January
    assert by_name["Võ Thị Xuân"][7:11] == ["", "", "", ""]  # her receipt was cancelled
    assert by_name["Võ Văn Yên"][7:11] == ["", "", "", ""]  # paid after the book's date

    book = exports.collect_book(users.base_viewer, tree.b1, D(2025, 6, 30), "member")
    cells = {r.full_name: pdf.row_cells(r)[7:11] for r in book.rows}
    assert cells["Nguyễn Thị Hòa"] == ["", "12.000", "", ""]
    assert cells["Trần Văn An"] == ["Miễn", "", "", ""]
    assert cells["Võ Văn Yên"] == ["", "", "", ""]
    # What the printed page shows: the amount in the row of Hòa, inside the "Quý II" column.
    content = client.get(_url("book_pdf", tree.b1, on="2025-06-30")).content
    with pdfplumber.open(io.BytesIO(content)) as doc:
        words = doc.pages[0].extract_words()
    hoa = next(w for w in words if w["text"] == "Hòa")
    amount = next(w for w in words if w["text"] == "12.000")
    assert abs(amount["top"] - hoa["top"]) < 2  # same row
    assert pdf.COL_X[8] < amount["x0"] and amount["x1"] < pdf.COL_X[9]  # the second quarter
    assert sum(w["text"] == "Miễn" for w in words) == 1
    late = make_member(None, tree.br1a, "Võ Văn Zũng", sex="M", joined=D(2020, 1, 1))
    rows = _sheet(client.get(_url("book_xlsx", tree.b1, on="2025-12-31")).content)
    by_name = {row[1]: row for row in rows if len(row) > 10}
    assert by_name["Võ Văn Yên"][7:11] == ["", "", 12000, ""]  # by the year's end: quarter III
    assert late.person.full_name in by_name and by_name["Võ Văn Zũng"][7:11] == ["", "", "", ""]


def test_it_keeps_a_large_amount_inside_its_quarter_column():
    rows = [_row(1), _row(2, "Trần Văn An", "M")]
    rows[0].dues, rows[1].dues = (0, 99_999_000), (3, 12_000)
    content = pdf.build_book_pdf(_synthetic_book(rows))
    with pdfplumber.open(io.BytesIO(content)) as doc:
        words = doc.pages[0].extract_words()
    big = next(w for w in words if w["text"] == "99.999.000")
    assert pdf.COL_X[7] < big["x0"] and big["x1"] < pdf.COL_X[8]  # shrunk to fit quarter I
    small = next(w for w in words if w["text"] == "12.000")
    assert pdf.COL_X[10] < small["x0"] and small["x1"] < pdf.COL_X[11]
    assert small["bottom"] - small["top"] > big["bottom"] - big["top"]  # the usual size


def test_it_merges_the_book_header_cells(tree, users, data, login):
    r = login(users.base_viewer).get(_url("book_xlsx", tree.b1, on=ON))
    sheet_xml = zipfile.ZipFile(io.BytesIO(r.content)).read("xl/worksheets/sheet1.xml").decode()
    for ref in ("A8:A9", "B8:B9", "C8:D8", "H8:K8", "L8:L9"):
        assert f'ref="{ref}"' in sheet_xml
    workbook_xml = zipfile.ZipFile(io.BytesIO(r.content)).read("xl/workbook.xml").decode()
    assert "_xlnm.Print_Titles" in workbook_xml  # header rows repeat on every printed page


def test_it_never_puts_cccd_ethnicity_or_religion_in_the_xlsx(tree, users, data, login):
    r = login(users.base_manager).get(_url("book_xlsx", tree.b1, on=ON))
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert "Nguyễn Thị Hòa" in everything
    assert CCCD not in everything and "Công giáo" not in everything and "Kinh" not in everything


def test_it_respects_the_as_of_date(tree, users, data, login):
    client = login(users.base_viewer)
    before = _sheet(client.get(_url("book_xlsx", tree.b1, on="2024-01-01")).content)
    after = _sheet(client.get(_url("book_xlsx", tree.b1, on=ON)).content)
    names_before = {row[1] for row in before}
    assert {"Lê Văn Bình", "Trần Văn An", "Nguyễn Thị Hòa"} <= names_before
    names_after = {row[1] for row in after}
    assert "Lê Văn Bình" not in names_after and "Trần Văn An" in names_after
    early = _sheet(client.get(_url("book_xlsx", tree.b1, on="2020-12-31")).content)
    assert "Trần Văn An" not in {row[1] for row in early}  # joined on 10/05/2021


def test_it_exports_the_volunteer_book(tree, users, data, login):
    r = login(users.base_viewer).get(_url("book_xlsx", tree.b1, on=ON, category="volunteer"))
    assert "so-tinh-nguyen-vien_" in r["Content-Disposition"]
    rows = _sheet(r.content)
    text = {str(c) for row in rows for c in row}
    assert "SỔ QUẢN LÝ TÌNH NGUYỆN VIÊN" in text
    assert "Phạm Thị Cúc" in text and "Nguyễn Thị Hòa" not in text


def test_it_titles_other_categories_by_their_name(tree, data):
    assert exports.book_title("youth") == "SỔ QUẢN LÝ THANH NIÊN CHỮ THẬP ĐỎ"


def test_it_names_the_unit_as_it_was_on_the_date(tree, users, data, login):
    from org.models import UnitChange

    UnitChange.objects.create(
        unit=tree.b1, kind="rename", on=D(2025, 7, 1), old_name="Hội CTĐ phường Cũ", new_name=""
    )
    rows = _sheet(login(users.base_viewer).get(_url("book_xlsx", tree.b1, on=ON)).content)
    assert "HỘI CTĐ PHƯỜNG CŨ" in {str(c) for row in rows for c in row}


def test_it_records_the_export_in_the_audit_trail(tree, users, data, login):
    login(users.base_viewer).get(_url("book_xlsx", tree.b1, on=ON))
    event = AuditEvent.objects.get(action="members.export")
    assert event.actor == users.base_viewer and event.unit == tree.b1
    assert event.data == {"format": "xlsx", "rows": 2, "on": ON, "category": "member"}


def test_it_rejects_an_unknown_category_or_date(tree, users, data, login):
    client = login(users.base_viewer)
    assert client.get(_url("book_xlsx", tree.b1, category="nope")).status_code == 404
    assert client.get(_url("book_xlsx", tree.b1, on="31-02-2025")).status_code == 404


# --- PDF ---------------------------------------------------------------------------------------


class _RecordingText(PDFTextObject):
    def textLine(self, text=""):
        self._canvas.texts[-1].append(text)
        super().textLine(text)

    def textOut(self, text):
        self._canvas.texts[-1].append(text)
        super().textOut(text)


class _RecordingCanvas(rl_canvas.Canvas):
    """A reportlab canvas that also keeps the strings drawn on each page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.texts: list[list[str]] = [[]]

    def beginText(self, x=0, y=0, direction=None):
        return _RecordingText(self, x, y, direction=direction)

    def showPage(self):
        super().showPage()
        self.texts.append([])


def _recorded(build, *args, **kwargs) -> tuple[bytes, _RecordingCanvas]:
    made: list[_RecordingCanvas] = []

    def maker(*a, **kw):
        made.append(_RecordingCanvas(*a, **kw))
        return made[-1]

    content = build(*args, canvasmaker=maker, **kwargs)
    return content, made[0]


def _page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", content))


def _row(n, name="Nguyễn Thị Hoà", sex="F", **kw):
    values = {
        "number": n,
        "full_name": name,
        "sex": sex,
        "birth_year": 1990,
        "address": "12 Lê Duẩn",
        "joined_on": D(2020, 3, 1),
        "card_number": f"DN-{n:03d}",
        "unit_name": "",
        "note": "",
    } | kw
    return exports.BookRow(**values)


def _synthetic_book(rows) -> exports.Book:
    return exports.Book(
        association="Hội Chữ thập đỏ Việt Nam",
        unit_name="Hội Chữ thập đỏ phường Hải Châu",
        title="SỔ QUẢN LÝ HỘI VIÊN",
        on=D(2025, 1, 1),
        category="member",
        rows=list(rows),
    )


def test_it_lays_out_a_book_row_under_the_right_columns():
    long_address = "Tổ 12, khu phố Thanh Bình, đường Nguyễn Văn Linh kéo dài, Phường Hải Châu"
    book = _synthetic_book(
        [
            _row(1, "Trần Văn An", "M", birth_year=1980),
            _row(2, address=long_address, unit_name="Chi hội 1", note="chuyển đến"),
        ]
    )
    layout = pdf.layout_book(book)
    an, hoa = layout.rows
    assert an.cells[:4] == [["1"], ["Trần Văn An"], ["1980"], []]  # a man's year under "Nam"
    assert hoa.cells[:4] == [["2"], ["Nguyễn Thị Hoà"], [], ["1990"]]  # a woman's under "Nữ"
    assert hoa.cells[5:11] == [["01/03/2020"], ["DN-002"], [], [], [], []]  # dues left blank
    assert hoa.cells[11] == ["Chi hội 1; chuyển đến"]
    address = hoa.cells[4]
    assert len(address) >= 2 and " ".join(address) == long_address  # wrapped at spaces
    f = pdf.fonts()
    room = pdf.COL_W[4] - 2 * pdf.PAD_X
    assert all(pdf.stringWidth(line, f.regular, pdf.SIZE) <= room for line in address)
    assert hoa.height == an.height + (len(address) - 1) * pdf.LEAD  # the row grows


def test_it_cuts_a_word_too_long_for_its_cell_and_limits_the_lines():
    f = pdf.fonts()
    word = "CTĐ-" + "0123456789" * 4
    lines = pdf.wrap(word, f.regular, pdf.SIZE, 60)
    assert len(lines) > 1 and "".join(lines) == word
    assert all(pdf.stringWidth(line, f.regular, pdf.SIZE) <= 60 for line in lines)
    short = pdf.wrap("một hai ba bốn năm sáu bảy tám chín mười", f.regular, pdf.SIZE, 40, 2)
    assert len(short) == 2 and short[-1].endswith("…")
    assert pdf.wrap("", f.regular, pdf.SIZE, 40) == []


def test_it_paginates_rows_and_keeps_an_empty_book_on_one_page():
    assert pdf.paginate([10, 10, 10, 10, 10], 25, 30) == [range(0, 2), range(2, 5)]
    assert pdf.paginate([50, 10], 25, 30) == [range(0, 1), range(1, 2)]  # too tall: alone
    assert pdf.paginate([], 25, 30) == [range(0, 0)]


def test_it_repeats_the_header_and_numbers_the_pages_of_a_long_book():
    book = _synthetic_book(_row(i, f"Người Thứ {i}") for i in range(1, 201))
    content, canvas = _recorded(pdf.build_book_pdf, book)
    pages = canvas.texts[:-1]  # nothing is drawn after the last showPage
    total = pdf.layout_book(book).page_count
    assert total > 1 and len(pages) == total == _page_count(content)
    names = []
    for n, texts in enumerate(pages, start=1):
        for caption in ("STT", "Họ và tên", "Năm sinh", "Nam", "Nữ", "Hội phí", "IV", "Ghi chú"):
            assert caption in texts, (n, caption)
        assert f"Trang {n}/{total}" in texts
        assert ("SỔ QUẢN LÝ HỘI VIÊN" in texts) == (n == 1)  # the title block: first page only
        names += [t for t in texts if t.startswith("Người Thứ ")]
    assert names == [f"Người Thứ {i}" for i in range(1, 201)]  # every row once, in order


def test_it_draws_the_book_in_vietnamese_with_embedded_fonts():
    book = _synthetic_book([_row(1)])
    content, canvas = _recorded(pdf.build_book_pdf, book)
    assert content.startswith(b"%PDF")
    texts = canvas.texts[0]
    for text in ("HỘI CHỮ THẬP ĐỎ VIỆT NAM", "HỘI CHỮ THẬP ĐỎ PHƯỜNG HẢI CHÂU"):
        assert text in texts
    assert "SỔ QUẢN LÝ HỘI VIÊN" in texts and "Năm 2025" in texts
    assert "Danh sách tính đến ngày 01/01/2025" in texts
    assert "Nguyễn Thị Hoà" in texts and "Trang 1/1" in texts
    assert pdf.fonts().family == "Liberation Serif"
    # TrueType subsets embedded with a ToUnicode map: the text can be searched and copied.
    assert b"/FontFile2" in content and b"/ToUnicode" in content
    assert b"Helvetica" not in content and b"Times-Roman" not in content
    info = canvas._doc.info
    assert info.title == "SỔ QUẢN LÝ HỘI VIÊN – Hội Chữ thập đỏ phường Hải Châu"
    assert info.author == "Hội Chữ thập đỏ Việt Nam"


def test_it_draws_the_members_of_the_book_and_no_sensitive_data(tree, users, data):
    book = exports.collect_book(users.base_manager, tree.b1, D(2025, 1, 1), "member")
    assert pdf.row_cells(book.rows[1]) == [
        "2", "Nguyễn Thị Hòa", "", "1990", "12 Lê Duẩn, Phường Hải Châu", "01/03/2020",
        "DN-001", "", "", "", "", "Chi hội tổ dân phố 1",
    ]  # fmt: skip
    _content, canvas = _recorded(pdf.build_book_pdf, book)
    drawn = [t for page in canvas.texts for t in page]
    assert drawn.index("Trần Văn An") < drawn.index("Nguyễn Thị Hòa")
    assert "Lê Văn Bình" not in drawn and "Đỗ Văn Dũng" not in drawn
    everything = " ".join(drawn)
    assert CCCD not in everything and "Công giáo" not in everything and "Kinh" not in everything


def test_it_exports_the_book_as_pdf(tree, users, data, login):
    r = login(users.base_viewer).get(_url("book_pdf", tree.b1, on=ON))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and b"/FontFile2" in r.content
    assert _page_count(r.content) == 1
    assert r["Content-Disposition"] == (
        'attachment; filename="so-hoi-vien_hoi-chu-thap-do-phuong-hai-chau_2025-01-01.pdf"'
    )
    assert AuditEvent.objects.get(action="members.export").data["format"] == "pdf"


def test_it_uses_the_liberation_serif_shipped_in_the_repository():
    files = pdf.font_files()
    assert set(files) == {"regular", "bold", "italic", "bold_italic"}
    for path in files.values():
        assert path.parent == Path(settings.BASE_DIR) / "core" / "fonts"  # never a system font
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType file, not a pointer
    assert (pdf.FONT_DIR / "OFL.txt").read_text().startswith("Digitized data copyright")
    assert "SIL OPEN FONT LICENSE Version 1.1" in (pdf.FONT_DIR / "OFL.txt").read_text()
    assert pdf.fonts().family == "Liberation Serif"


def test_it_says_which_font_file_is_missing(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="LiberationSerif-Regular.ttf"):
        pdf.font_files(tmp_path)


# --- CSV ---------------------------------------------------------------------------------------


def test_it_streams_the_csv_with_a_bom(tree, users, data, login):
    r = login(users.base_viewer).get(_url("csv", tree.b1, on=ON))
    assert r.status_code == 200 and r.streaming
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    raw = _body(r)
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("STT,Họ và tên,Giới tính,Năm sinh")
    assert lines[1] == "1,Trần Văn An,Nam,1980,,10/05/2021,DN-002,Chi hội tổ dân phố 2,"
    assert lines[2].startswith('2,Nguyễn Thị Hòa,Nữ,1990,"12 Lê Duẩn, Phường Hải Châu",01/03/2020')
    assert len(lines) == 3
    assert CCCD not in raw.decode() and "Công giáo" not in raw.decode()


# --- cards -------------------------------------------------------------------------------------


def test_it_prints_member_cards_for_an_editor(tree, users, data, login):
    r = login(users.base_editor).get(_url("cards", tree.b1, on=ON))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r["Content-Disposition"].startswith('attachment; filename="the-hoi-vien_')
    assert AuditEvent.objects.get(action="members.export").data["rows"] == 2


def test_it_refuses_cards_to_a_viewer(tree, users, data, login):
    assert login(users.base_viewer).get(_url("cards", tree.b1, on=ON)).status_code == 403


def test_it_prints_only_the_chosen_cards(tree, users, data, login):
    ids = f"{data['hoa'].pk},{data['cuc'].pk}"
    r = login(users.base_editor).get(_url("cards", tree.b1, on=ON, ids=ids))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(action="members.export").data["rows"] == 2


def test_it_answers_404_for_card_ids_outside_the_subtree(tree, users, data, login):
    client = login(users.province_manager)  # may see b2's member, but not through b1
    ids = f"{data['hoa'].pk},{data['dung'].pk}"
    assert client.get(_url("cards", tree.b1, on=ON, ids=ids)).status_code == 404
    assert client.get(_url("cards", tree.b1, on=ON, ids="abc")).status_code == 404
    assert not AuditEvent.objects.filter(action="members.export").exists()


def _widget_modules(text: str, level: str = "M") -> list[list[bool]]:
    """The modules reportlab's own QR widget would draw for ``text``."""
    widget = QrCodeWidget(text, barLevel=level)
    widget.qr.make()
    return [[bool(dark) for dark in row] for row in widget.qr.modules]


def _is_finder(matrix, top: int, left: int) -> bool:
    """A 7x7 finder pattern at (top, left): dark ring, light ring, dark 3x3 core."""
    for r in range(7):
        for c in range(7):
            ring = max(abs(r - 3), abs(c - 3))
            if matrix[top + r][left + c] != (ring != 2):
                return False
    return True


def test_it_encodes_the_card_number_in_the_qr_code():
    for number in ("DN-001", "48-0001234", "CTĐ-000123"):
        matrix = pdf.qr_matrix(number)
        assert matrix == _widget_modules(number)  # the widget's encoder, same settings
        assert matrix != _widget_modules(number, "L")  # level M (format bits differ)
        n = len(matrix)
        assert n >= 21 and (n - 17) % 4 == 0 and all(len(row) == n for row in matrix)
        assert _is_finder(matrix, 0, 0) and _is_finder(matrix, 0, n - 7)
        assert _is_finder(matrix, n - 7, 0) and not _is_finder(matrix, n - 7, n - 7)
    assert pdf.qr_matrix("DN-001") != pdf.qr_matrix("DN-002")


def test_it_splits_the_dark_modules_into_horizontal_runs():
    matrix = [[True, True, False, True], [False] * 4, [True] * 4]
    assert list(pdf.dark_runs(matrix)) == [(0, 0, 2), (0, 3, 1), (2, 0, 4)]


class _PathCanvas(rl_canvas.Canvas):
    """Keeps each path filled, with the transformation in force."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths: list[tuple[tuple[float, ...], str, int, int]] = []

    def drawPath(self, aPath, stroke=1, fill=0, **kw):
        self.paths.append((self._currentMatrix, aPath.getCode(), stroke, fill))
        super().drawPath(aPath, stroke=stroke, fill=fill, **kw)


def test_it_draws_the_qr_code_as_one_path_inside_its_quiet_zone():
    c = _PathCanvas(io.BytesIO())
    x, y, size = 100.0, 50.0, pdf.QR_SIZE
    pdf._draw_qr(c, "DN-001", x, y)
    [(matrix, code, stroke, fill)] = c.paths
    assert (stroke, fill) == (0, 1)
    expected = pdf.qr_matrix("DN-001")
    n = len(expected)
    box = size / (n + 2 * pdf.QR_BORDER)
    a, b, _c, d, e, f = matrix
    assert b == _c == 0 and a == pytest.approx(box) and d == pytest.approx(box)
    drawn = [[False] * n for _ in range(n)]
    for rx, ry, w, h in re.findall(r"(\S+) (\S+) (\S+) (\S+) re", code):
        left, bottom = e + a * float(rx), f + d * float(ry)
        width, height = a * float(w), d * float(h)
        assert x + pdf.QR_BORDER * box - 1e-6 <= left  # the quiet zone stays light
        assert left + width <= x + size - pdf.QR_BORDER * box + 1e-6
        assert y + pdf.QR_BORDER * box - 1e-6 <= bottom
        assert bottom + height <= y + size - pdf.QR_BORDER * box + 1e-6
        row = round((y + size - pdf.QR_BORDER * box - bottom - height) / box)
        col = round((left - x - pdf.QR_BORDER * box) / box)
        for k in range(round(width / box)):
            drawn[row][col + k] = True
    assert drawn == expected  # top row first, left to right


def test_it_renders_cards_with_a_qr_code_of_the_card_number(tree, users, data, monkeypatch):
    qs = exports.cards_queryset(users.base_editor, tree.b1, D(2025, 1, 1), "member", None)
    cards = exports.cards_from_rows(exports.iter_book_rows(qs, unit=tree.b1, on=D(2025, 1, 1)))
    drawn_qr = []
    draw_qr = pdf._draw_qr
    monkeypatch.setattr(
        pdf, "_draw_qr", lambda c, text, x, y: drawn_qr.append(text) or draw_qr(c, text, x, y)
    )
    content, canvas = _recorded(
        pdf.build_cards_pdf,
        association="Hội Chữ thập đỏ Việt Nam",
        issuer=tree.b1.name,
        cards=cards,
    )
    assert content.startswith(b"%PDF") and _page_count(content) == 1
    texts = canvas.texts[0]
    assert texts.count("THẺ HỘI VIÊN") == 2 and "HỘI CHỮ THẬP ĐỎ VIỆT NAM" in texts
    assert "Nguyễn Thị Hòa" in texts and "DN-001" in texts and "1990" in texts
    assert "01/03/2020" in texts and "Chi hội tổ dân phố 1" in texts
    assert drawn_qr == ["DN-002", "DN-001"]  # An, then Hòa: one code per card


def test_it_puts_eight_cards_on_a_page():
    card = exports.Card("THẺ HỘI VIÊN", "A B", 1990, "", "X-1", D(2020, 1, 1))
    content = pdf.build_cards_pdf(association="H", issuer="U", cards=[card] * 17)
    assert _page_count(content) == 3
    corners = {pdf.card_origin(i) for i in range(8)}
    assert len(corners) == 8 and pdf.card_origin(8) == pdf.card_origin(0)
    width, height = pdf.CARD_PAGE
    for x, y in corners:  # on the sheet, not overlapping (8 mm apart)
        assert x > 0 and x + pdf.CARD_W < width and y > 0 and y + pdf.CARD_H < height
        for x2, y2 in corners - {(x, y)}:
            assert abs(x - x2) >= pdf.CARD_W + pdf.CARD_GAP - 0.01 or (
                abs(y - y2) >= pdf.CARD_H + pdf.CARD_GAP - 0.01
            )


# --- scope, methods ----------------------------------------------------------------------------

ROUTES = ["book_xlsx", "book_pdf", "csv", "cards"]


@pytest.mark.parametrize("name", ROUTES)
def test_it_hides_a_sibling_unit(tree, users, data, login, name):
    assert login(users.sibling).get(_url(name, tree.b1)).status_code == 404


@pytest.mark.parametrize("name", ROUTES)
def test_it_sends_anonymous_users_to_login(tree, client, data, name):
    r = client.get(_url(name, tree.b1))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ROUTES)
def test_it_accepts_only_get(tree, users, data, login, name):
    assert login(users.base_manager).post(_url(name, tree.b1)).status_code == 405


def test_it_limits_a_branch_export_to_the_branch(tree, users, data, login):
    r = login(users.base_viewer).get(_url("csv", tree.br1a, on=ON))
    text = _body(r).decode("utf-8-sig")
    assert "Nguyễn Thị Hòa" in text and "Trần Văn An" not in text


def test_it_reads_a_book_in_a_fixed_number_of_queries(tree, users, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            exports.collect_book(users.base_viewer, tree.b1, D(2025, 1, 1), "member")
        return len(ctx.captured_queries)

    queries()  # warm the user's cached scopes
    before = queries()
    for i in range(5):
        p = make_person(users.central_admin, tree.br1b, f"Hoàng Văn Thêm {i}", "M", 1981)
        make_member(users.central_admin, tree.br1b, person=p, joined=D(2021, 1, 1))
    assert queries() == before


def test_it_offers_the_downloads_in_the_export_menu(tree):
    from django.template.loader import render_to_string

    ctx = {"unit": tree.b1, "on": D(2025, 1, 1), "category": "volunteer"}
    html = render_to_string("members/_export_menu.html", ctx)
    for name in ("book_xlsx", "book_pdf", "csv"):
        assert f"{_url(name, tree.b1)}?on=2025-01-01&amp;category=volunteer" in html
    assert _url("cards", tree.b1) not in html
    assert _url("cards", tree.b1) in render_to_string(
        "members/_export_menu.html", ctx | {"can_edit": True}
    )
