"""The report as Word and PDF in the Decree 30 layout, read back: header, title, numbers, fonts;
the statistical table and the FDRS export read back."""

import datetime
import io

import docx
import pdfplumber
import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from core.admindoc import to_docx, to_pdf
from indicators.catalogue import BY_CODE
from members.tests.factories import make_member
from reports import exports, services
from reports.data import collect, table
from reports.document import build_document
from reports.periods import parse_period

from .conftest import YEAR, report_values

PERIOD = parse_period(str(YEAR))
DAY = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def doc(tree, users):
    report_values(tree.p1, blood_drives=2, blood_units=1085, aid_gifts_tet=8578,
                  aid_gifts_value_tet=3_050_000_000)  # fmt: skip
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    report.number = "12"
    data = collect(tree.p1, PERIOD)
    return build_document(report, services.latest(report), data, today=DAY)


def _docx_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_the_word_file_has_the_decree_30_header_title_numbers_and_fonts(doc):
    d = docx.Document(io.BytesIO(to_docx(doc)))
    text = _docx_text(d)
    for expected in (
        "TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM",
        "HỘI CHỮ THẬP ĐỎ THÀNH PHỐ ĐÀ NẴNG",
        "Số: 12/BC-CTĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Đà Nẵng, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Tổng kết công tác Hội năm 2025 và phương hướng, nhiệm vụ năm 2026",
        "I. KẾT QUẢ CÔNG TÁC NĂM 2025",
        "Tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu.",
        "trao tặng 8.578 suất quà trị giá hơn 3 tỷ đồng",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "Nơi nhận:",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
    ):
        assert expected in text, expected
    body = next(p for p in d.paragraphs if "1.085 đơn vị máu" in p.text)
    sizes = {r.font.size.pt for r in body.runs if r.font.size} or {d.styles["Normal"].font.size.pt}
    assert sizes <= {13.0, 14.0}
    fonts = {r.font.name for r in body.runs if r.font.name} or {d.styles["Normal"].font.name}
    assert fonts == {"Times New Roman"}
    section = d.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert 20 <= round(section.left_margin.mm) <= 30


def test_the_pdf_reads_back_as_text(doc):
    with pdfplumber.open(io.BytesIO(to_pdf(doc))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert round(pdf.pages[0].width) == 595  # A4 portrait
    flat = " ".join(text.split())
    for expected in ("Số: 12/BC-CTĐ", "BÁO CÁO", "1.085 đơn vị máu", "hơn 3 tỷ đồng", "Nơi nhận"):
        assert expected in flat, expected


def test_the_figure_table_has_the_previous_year_the_target_and_met(tree, users):
    from indicators.models import Plan, Target

    report_values(tree.p1, year=YEAR - 1, blood_units=900)
    report_values(tree.p1, blood_units=1085, blood_drives=2)
    plan = Plan.objects.create(unit=tree.p1, number="1/NQ", issued_on=datetime.date(2025, 1, 5),
                               title="Kế hoạch 2025", start_year=YEAR, end_year=YEAR)  # fmt: skip
    Target.objects.create(plan=plan, unit=tree.p1, indicator="blood_units", low=1200)
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    data = collect(tree.p1, PERIOD)
    fig = data.figures["blood_units"]
    assert (fig.value, fig.previous, fig.met) == (1085, 900, False)
    doc = build_document(report, services.latest(report), data, today=DAY)
    d = docx.Document(io.BytesIO(to_docx(doc)))
    rows = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
    row = next(r for r in rows if r and r[0] == str(BY_CODE["blood_units"].name))
    assert row[1:] == ["1.085 (*)", "900", "≥ 1.200", "Chưa đạt"]  # (*): reported
    assert any(p.text.startswith("(*) Số có phần do đơn vị báo cáo") for p in d.paragraphs)
    limits = services.latest(report).text_of("limitations")
    assert "đơn vị máu tiếp nhận đạt 1.085 (chỉ tiêu ≥ 1.200)" in limits


def _sheet(data: bytes, index=0):
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(index).to_python()


def test_the_statistical_table_has_a_row_per_unit_below_and_the_total(tree, users):
    make_member(users.superuser, tree.b1)
    make_member(users.superuser, tree.b1)
    make_member(users.superuser, tree.b2)
    report_values(tree.b2, blood_units=40)
    inds = [BY_CODE["members"], BY_CODE["blood_units"]]
    data, rows = table(tree.p1, PERIOD, inds)
    sheet = _sheet(exports.table_xlsx(data, inds, rows))
    assert sheet[3] == ["id", "unit", "members", "blood_units"]
    body = {r[1]: r[2:] for r in sheet[4:]}
    assert body["Hội Chữ thập đỏ phường Hải Châu"] == [2, 0]
    assert body["Hội Chữ thập đỏ xã Hòa Vang"] == [1, 40]
    assert body["Cộng: Hội Chữ thập đỏ thành phố Đà Nẵng"] == [3, 40]
    sources = _sheet(exports.table_xlsx(data, inds, rows), 1)
    assert sources[3][1:] == ["Hội Chữ thập đỏ xã Hòa Vang", "", "reported"]
    data, rows = table(tree.central, PERIOD, inds, bases=True)
    assert [u.name for u, _f in rows] == [
        "Hội Chữ thập đỏ phường Hải Châu", "Hội Chữ thập đỏ xã Hòa Vang",
        "Hội Chữ thập đỏ phường Cẩm Thành",
    ]  # fmt: skip


def test_the_fdrs_export_has_the_codes_and_the_volunteers_by_sex_and_age_band(tree, users):
    su = users.superuser
    make_member(su, tree.b1, category="volunteer", sex="F", year=2000)  # 25 in 2025
    make_member(su, tree.b1, category="volunteer", sex="M", year=1990)  # 35
    make_member(su, tree.b1, category="volunteer", sex="M", year=1940)  # 85
    report_values(tree.b1, blood_donors=30)
    data = collect(tree.p1, PERIOD, whole=True)
    rows = {(r[0]): r for r in exports.fdrs_rows(data)}
    assert rows["KPI_PeopleVol_Tot"][4] == 3
    assert rows["KPI_PeopleVol_Tot_F"][4] == 1
    assert rows["KPI_DonBlood_Tot"][4:6] == [30, "mixed"]
    # The codes as the FDRS codebook spells them.
    assert rows["KPI_PeopleVol_F_age_18_29"][4] == 1
    assert rows["KPI_PeopleVol_M_age_30_39"][4] == 1
    assert rows["KPI_PeopleVol_Tot_age_30_39"][4] == 1
    assert rows["KPI_PeopleVol_M_age_80"][4] == 1
    assert rows["KPI_PeopleVol_F_age_80"][4] == 0
    assert rows["KPI_PeopleVol_Tot_UnknownSex"][4] == 0  # the form asks every person's sex
    assert rows["KPI_PeopleVol_F_age_Other"][4] == 0
    assert not [code for code in rows if "_U_age_" in code or "plus" in code]
    by_band = sum(rows[f"KPI_PeopleVol_Tot_age_{b}"][4] for b in exports.FDRS_BANDS)
    assert by_band == rows["KPI_PeopleVol_Tot"][4]
    csv_text = exports.fdrs_csv(data).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(exports.FDRS_HEADER)
    assert "KPI_PeopleVol_F_age_18_29,volunteers,F,18_29,1,records" in csv_text
    sheet = _sheet(exports.fdrs_xlsx(data))
    assert sheet[0] == exports.FDRS_HEADER and len(sheet) == len(rows) + 1


def test_the_womens_union_report_has_its_symbol_and_no_blood_section(tree, users):
    from org.models import AssociationProfile
    from org.presets import PRESETS

    wu = PRESETS["women_union"]
    AssociationProfile.objects.filter(pk=1).update(
        preset="women_union", name=wu["name"], short_name=wu["short_name"],
        member_categories=wu["member_categories"], terminology=wu["terminology"],
    )  # fmt: skip
    make_member(users.superuser, tree.b1)
    report_values(tree.p1, blood_drives=2, blood_units=1085, dues_collected=12_500_000)
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    doc = build_document(report, services.latest(report), collect(tree.p1, PERIOD), today=DAY)
    text = _docx_text(docx.Document(io.BytesIO(to_docx(doc))))
    assert "Số: \u00a0" in text and "/BC-LHPN" in text
    assert "hiến máu tình nguyện" not in text
    assert "Thu hội phí được hơn 12 triệu đồng." in text
