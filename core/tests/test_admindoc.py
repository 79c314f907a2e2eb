"""core.admindoc: the Decree 30 layout as Word and PDF, read back as a reader would."""

import datetime
import io

import docx
import pdfplumber
import pytest

from core.admindoc import (
    MOTTO,
    NATION,
    Document,
    Heading,
    Paragraph,
    Run,
    Signature,
    Table,
    place_date_line,
    recipient_lines,
    to_docx,
    to_pdf,
)


def report(rows: int = 3, **kw) -> Document:
    body = [[str(i), f"Hội Chữ thập đỏ phường {i}", f"{1000 + i}"] for i in range(1, rows + 1)]
    return Document(
        parent="Hội Chữ thập đỏ thành phố Đà Nẵng",
        issuer="Hội Chữ thập đỏ quận Hải Châu",
        kind="Báo cáo",
        number="Số: 10/BC-CTĐ",
        place_date=place_date_line("Hải Châu", datetime.date(2019, 12, 5)),
        summary="Tổng kết công tác Hội năm 2019",
        blocks=[
            Heading("I. TÌNH HÌNH CHUNG"),
            Paragraph("Toàn quận tiếp nhận 1.085 đơn vị máu."),
            Paragraph([Run("Số hội viên: "), Run("12.345", bold=True)]),
            Table(["STT", "Đơn vị", "Hội viên"], body, numeric={2}, total=["", "Tổng cộng", "9"]),
        ],
        recipients=["Hội CTĐ thành phố;", "Lưu: VT"],
        signatures=[Signature("Chủ tịch", "TM. Ban Thường vụ", "Nguyễn Văn An")],
        **kw,
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2019, 12, 5), "Hải Châu, ngày 05 tháng 12 năm 2019"),
        (datetime.date(2024, 1, 15), "Hải Châu, ngày 15 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 9), "Hải Châu, ngày 09 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 10), "Hải Châu, ngày 10 tháng 3 năm 2024"),
    ],
)
def test_place_date_line_pads_days_below_10_and_months_below_3(day, expected):
    assert place_date_line("Hải Châu", day) == expected


def test_recipients_end_with_semicolons_and_a_full_stop():
    assert recipient_lines(["Như trên", "Quận ủy;", " ", "Lưu: VT."]) == [
        "- Như trên;", "- Quận ủy;", "- Lưu: VT."
    ]  # fmt: skip


def test_word_document_has_the_header_title_body_and_closing():
    word = docx.Document(io.BytesIO(to_docx(report())))
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    left, right = (c.text for c in word.tables[0].rows[0].cells)
    assert left.splitlines()[:2] == [
        "HỘI CHỮ THẬP ĐỎ THÀNH PHỐ ĐÀ NẴNG",
        "HỘI CHỮ THẬP ĐỎ QUẬN HẢI CHÂU",
    ]
    assert "Số: 10/BC-CTĐ" in left
    assert NATION in right and MOTTO in right and "Hải Châu, ngày 05 tháng 12 năm 2019" in right
    texts = [p.text for p in word.paragraphs]
    assert "BÁO CÁO" in texts and "Tổng kết công tác Hội năm 2019" in texts
    assert "Toàn quận tiếp nhận 1.085 đơn vị máu." in texts
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert "12.345" in bold and "I. TÌNH HÌNH CHUNG" in bold
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size.pt == 14
    data = word.tables[1]
    assert [c.text for c in data.rows[0].cells] == ["STT", "Đơn vị", "Hội viên"]
    assert [c.text for c in data.rows[-1].cells] == ["", "Tổng cộng", "9"]
    recipients, signature = (c.text for c in word.tables[-1].rows[0].cells)
    assert recipients.splitlines() == ["Nơi nhận:", "- Hội CTĐ thành phố;", "- Lưu: VT."]
    assert signature.split("\n")[:2] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert signature.strip().endswith("Nguyễn Văn An")


def test_word_landscape_and_two_signatures():
    doc = report(landscape=True, motto=False)
    doc.signatures = [
        Signature("Trưởng đoàn", name="Lê Thị Bình"),
        Signature("Chủ tịch", name="Trần C"),
    ]
    word = docx.Document(io.BytesIO(to_docx(doc)))
    assert round(word.sections[0].page_width.mm) == 297
    assert NATION not in word.tables[0].rows[0].cells[1].text
    sign = word.tables[-2].rows[0].cells
    assert "TRƯỞNG ĐOÀN" in sign[0].text and "Lê Thị Bình" in sign[0].text
    assert "CHỦ TỊCH" in sign[1].text and "Trần C" in sign[1].text
    assert word.tables[-1].rows[0].cells[0].text.startswith("Nơi nhận:")


def test_pdf_has_the_same_text_and_repeats_table_headers_over_pages():
    pdf = pdfplumber.open(io.BytesIO(to_pdf(report(rows=60))))
    assert len(pdf.pages) >= 2
    page = pdf.pages[0]
    issuer = " ".join(page.crop((0, 0, 295, 160)).extract_text().split())
    assert "HỘI CHỮ THẬP ĐỎ QUẬN HẢI CHÂU" in issuer and "Số: 10/BC-CTĐ" in issuer
    first = page.extract_text()
    for text in (NATION, MOTTO, "Số: 10/BC-CTĐ", "BÁO CÁO",
                 "Hải Châu, ngày 05 tháng 12 năm 2019", "1.085 đơn vị máu"):  # fmt: skip
        assert text in first, text
    second = pdf.pages[1].extract_text()
    assert "STT Đơn vị Hội viên" in second and second.lstrip().startswith("2")
    last = pdf.pages[-1].extract_text()
    assert "Nơi nhận:" in last and "- Lưu: VT." in last and "Nguyễn Văn An" in last
    assert page.width == pytest.approx(595.3, abs=1) and page.height == pytest.approx(841.9, abs=1)
    fonts = {c["fontname"].split("+")[-1] for c in page.chars}
    assert fonts == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
    inside = [
        c for c in page.chars if not (c["x0"] >= 30 * 2.83 - 1 and c["x1"] <= 595.3 - 15 * 2.83 + 1)
    ]
    assert not inside, "text outside the margins"


def test_text_is_escaped_not_interpreted():
    doc = report()
    doc.blocks = [Paragraph("a < b & <b>không đậm</b>")]
    assert (
        "a < b & <b>không đậm</b>"
        in pdfplumber.open(io.BytesIO(to_pdf(doc))).pages[0].extract_text()
    )
    assert "a < b & <b>không đậm</b>" in [
        p.text for p in docx.Document(io.BytesIO(to_docx(doc))).paragraphs
    ]


def test_a_heading_before_a_long_table_stays_on_the_page_with_the_table_s_first_rows():
    doc = report(rows=80)
    doc.blocks = [Paragraph("Mở đầu."), Heading("5. Các chỉ tiêu"), doc.blocks[3]]
    first = pdfplumber.open(io.BytesIO(to_pdf(doc))).pages[0].extract_text()
    assert "5. Các chỉ tiêu" in first and "Hội Chữ thập đỏ phường 1 " in first
