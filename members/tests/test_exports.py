import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from core.models import AuditEvent
from members import exports
from members.services import admit_member, end_membership
from org.models import AdminArea
from people.services import create_person

D = datetime.date
CCCD = "048190000123"
ON = "2025-01-01"


def _person(actor, unit, name, sex, year, **extra):
    return create_person(
        actor=actor,
        unit=unit,
        full_name=name,
        sex=sex,
        birth_year=year,
        confirm_duplicate=True,
        **extra,
    )


def _admit(actor, unit, person, joined, card="", category="member"):
    return admit_member(
        actor=actor,
        person=person,
        unit=unit,
        category=category,
        joined_on=joined,
        card_number=card,
    )


@pytest.fixture
def data(tree, users):
    a = users.central_admin
    AdminArea.objects.create(
        code="20194", name="Phường Hải Châu", level="commune", division_type="phường",
        province_code="48",
    )  # fmt: skip
    hoa = _person(
        a, tree.br1a, "Nguyễn Thị Hòa", "F", 1990,
        cccd=CCCD, religion="catholic", ethnicity="01",
        address_code="20194", address_detail="12 Lê Duẩn",
    )  # fmt: skip
    an = _person(a, tree.br1b, "Trần Văn An", "M", 1980)
    binh = _person(a, tree.b1, "Lê Văn Bình", "M", 1975)
    cuc = _person(a, tree.br1a, "Phạm Thị Cúc", "F", 1995)
    dung = _person(a, tree.br2a, "Đỗ Văn Dũng", "M", 1970)
    m_hoa = _admit(a, tree.br1a, hoa, D(2020, 3, 1), "DN-001")
    m_an = _admit(a, tree.br1b, an, D(2021, 5, 10), "DN-002")
    m_binh = _admit(a, tree.b1, binh, D(2019, 1, 1), "DN-003")
    end_membership(actor=a, membership=m_binh, on=D(2024, 6, 1), reason="moved_away")
    m_cuc = _admit(a, tree.br1a, cuc, D(2022, 1, 1), "TNV-01", category="volunteer")
    m_dung = _admit(a, tree.br2a, dung, D(2020, 1, 1), "HV-900")
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


def test_it_renders_the_book_html_with_the_rows_and_no_sensitive_data(tree, users, data):
    book = exports.collect_book(users.base_viewer, tree.b1, D(2025, 1, 1), "member")
    html = exports.render_book_html(book)
    assert "SỔ QUẢN LÝ HỘI VIÊN" in html and "Năm 2025" in html
    assert "<thead>" in html and "size: A4 landscape" in html
    assert '"Times New Roman", "Liberation Serif", "DejaVu Serif"' in html
    assert html.index("Trần Văn An") < html.index("Nguyễn Thị Hòa")
    assert "01/03/2020" in html and "DN-001" in html
    assert CCCD not in html and "Công giáo" not in html
    # The woman's birth year sits in the second ("Nữ") column.
    assert '<td>Nguyễn Thị Hòa</td><td></td><td class="c">1990</td>' in html


def test_it_exports_the_book_as_pdf(tree, users, data, login):
    r = login(users.base_viewer).get(_url("book_pdf", tree.b1, on=ON))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 1000
    assert r["Content-Disposition"].endswith('_2025-01-01.pdf"')


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


def test_it_renders_cards_with_a_qr_code_of_the_card_number(tree, users, data):
    qs = exports.cards_queryset(users.base_editor, tree.b1, D(2025, 1, 1), "member", None)
    cards = exports.cards_from_rows(exports.iter_book_rows(qs, unit=tree.b1, on=D(2025, 1, 1)))
    html = exports.render_cards_html(
        association="Hội Chữ thập đỏ Việt Nam", issuer=tree.b1.name, cards=cards
    )
    assert html.count('class="card') == 2 and "THẺ HỘI VIÊN" in html
    assert "Nguyễn Thị Hòa" in html and "DN-001" in html and "1990" in html
    assert "01/03/2020" in html and "Chi hội tổ dân phố 1" in html
    assert cards[1].qr.startswith("data:image/svg+xml") and cards[1].qr in html.replace(
        "&#x27;", "'"
    )
    assert exports.qr_data_uri("DN-001") != exports.qr_data_uri("DN-002")


def test_it_puts_eight_cards_on_a_page():
    card = exports.Card("THẺ HỘI VIÊN", "A B", 1990, "", "X-1", D(2020, 1, 1))
    html = exports.render_cards_html(association="H", issuer="U", cards=[card] * 17)
    assert html.count('class="sheet"') == 3


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
        p = _person(users.central_admin, tree.br1b, f"Hoàng Văn Thêm {i}", "M", 1981)
        _admit(users.central_admin, tree.br1b, p, D(2021, 1, 1))
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
