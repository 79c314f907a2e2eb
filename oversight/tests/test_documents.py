"""The visit record and the plan's report as Word (read back with python-docx) and PDF."""

import io

import docx
import pdfplumber

from core.admindoc import to_docx, to_pdf
from oversight import services
from oversight.documents import plan_report, visit_record

from .factories import D, plan, visit


def _text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _setup(users, tree):
    pm = users.province_manager
    p = plan(pm, tree.p1, [tree.b1, tree.b2])
    v = visit(pm, tree.b1, plan=p, place="Hội trường UBND phường", figures={"members": 1234, "fund_balance": 5_500_000},
              checks={"books": ("yes", ""), "dues": ("no", "Thu chậm")})  # fmt: skip
    services.add_recommendation(actor=pm, visit=v, text_="Hoàn thiện sổ quỹ nhân đạo", owner=tree.br1a, due=D(2025, 12, 15))  # fmt: skip
    return p, v


def test_visit_record_docx_names_people_dates_and_figures(users, tree):
    _p, v = _setup(users, tree)
    text = _text(to_docx(visit_record(v)))
    for expected in [
        "BIÊN BẢN", "Kiểm tra công tác Hội tại Hội Chữ thập đỏ phường Hải Châu",
        "HỘI CHỮ THẬP ĐỎ THÀNH PHỐ ĐÀ NẴNG", "Đà Nẵng, ngày 16 tháng 10 năm 2025",
        "Kế hoạch số 10/KH-CTĐ ngày 18/04/2025",
        "Nguyễn Văn An, Phó Bí thư Đảng uỷ", "Trần Thị Bích", "Phạm Thị Dung, Trưởng đoàn",
        "1.234", "5.500.000", "Thu chậm", "Sổ sách đầy đủ", "Thiếu kinh phí",
        "Hoàn thiện sổ quỹ nhân đạo", "Chi hội tổ dân phố 1", "15/12/2025",
        "TRƯỞNG ĐOÀN KIỂM TRA",
    ]:  # fmt: skip
        assert expected in text, expected


def test_plan_report_counts_units_and_recommendations(users, tree):
    p, _v = _setup(users, tree)
    doc = plan_report(p, today=D(2026, 1, 5))
    text = _text(to_docx(doc))
    assert "BÁO CÁO" in text and "Kết quả kiểm tra công tác Hội năm 2025" in text
    assert "Số đơn vị được kiểm tra: 1/2 đơn vị theo kế hoạch." in text
    assert "1 nội dung: 0 đã thực hiện, 0 đang thực hiện, 1 quá hạn" in text
    assert "Hội Chữ thập đỏ phường Hải Châu" in text and "16/10/2025" in text
    with pdfplumber.open(io.BytesIO(to_pdf(doc))) as pdf:
        first = pdf.pages[0].extract_text()
    assert "BÁO CÁO" in first and "10/KH-CTĐ" in first
