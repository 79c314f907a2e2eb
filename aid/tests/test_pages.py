"""The aid pages and API as users see them: scope, rights, sensitive data, exports."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from aid import services
from aid.models import Recipient
from core.models import AuditEvent

from .factories import D, beneficiary, campaign, line


@pytest.fixture
def ben(users, tree):
    return beneficiary(users.base_editor, tree.b1, "Nguyễn Thị Hoa", categories=("poor", "lonely_elderly"))  # fmt: skip


@pytest.fixture
def tet(users, tree):
    return campaign(users.province_manager, tree.p1, [(tree.b1, 50), (tree.b2, 30)])


@pytest.fixture
def approved(users, tree, tet):
    rl = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    services.add_recipients(
        actor=users.base_editor, rlist=rl,
        lines=[line(1, address="Tổ 5, phường Hải Châu"), line(2, "Lê Thị Cúc", 1960, "F")],
    )  # fmt: skip
    return services.approve_list(actor=users.base_editor, rlist=rl, on=D(2025, 1, 25))


def _views(user):
    return AuditEvent.objects.filter(action="people.person.view_sensitive", actor=user).count()


def test_sensitive_data_is_for_editors_only_and_every_view_is_logged(
    users, ben, login, bearer, client
):
    url = reverse("aid:beneficiary", args=[ben.pk])
    page = login(users.base_viewer).get(url).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Hộ nghèo" not in page and "Tai biến" not in page and "Không có thu nhập" not in page
    assert _views(users.base_viewer) == 0
    page = login(users.base_editor).get(url).content.decode()
    assert "Hộ nghèo" in page and "Tai biến, liệt nửa người" in page
    assert _views(users.base_editor) == 1
    # The API: the same rule, the same log.
    api = f"/api/v1/aid/beneficiaries/{ben.pk}"
    body = client.get(api, **bearer(users.base_viewer)).json()
    assert body["categories"] is None and body["health"] is None
    body = client.get(api, **bearer(users.base_editor)).json()
    assert sorted(body["categories"]) == ["lonely_elderly", "poor"]
    assert _views(users.base_editor) == 2
    # The unit's list (page and API) never carries them.
    listing = client.get(f"/api/v1/units/{users.base_editor and ben.unit_id}/aid/beneficiaries", **bearer(users.base_editor)).json()  # fmt: skip
    assert listing[0]["categories"] is None and _views(users.base_editor) == 2


def test_scope_isolation_of_pages_exports_and_api(
    users, tree, ben, approved, login, bearer, client
):
    a = services.propose_address(actor=users.base_editor, beneficiary=ben, on=D(2025, 1, 5))
    urls = [
        reverse("aid:beneficiary", args=[ben.pk]),
        reverse("aid:address", args=[a.pk]),
        reverse("aid:list", args=[approved.pk]),
        reverse("aid:deliver", args=[approved.pk]),
        reverse("aid:list_export", args=[approved.pk, "pdf"]),
        reverse("aid:list_export", args=[approved.pk, "xlsx"]),
    ]
    sibling = login(users.sibling)
    for url in urls:
        assert sibling.get(url).status_code == 404, url
    viewer = login(users.base_viewer)
    for url in urls:
        assert viewer.get(url).status_code == 200, url
    # A viewer cannot write: 403 inside the scope.
    r = viewer.post(reverse("aid:deliver", args=[approved.pk]), {})
    assert r.status_code == 403
    for api in (f"/api/v1/aid/lists/{approved.pk}", f"/api/v1/aid/addresses/{a.pk}",
                f"/api/v1/aid/beneficiaries/{ben.pk}"):  # fmt: skip
        assert client.get(api, **bearer(users.sibling)).status_code == 404
        assert client.get(api, **bearer(users.base_viewer)).status_code == 200
    r = client.post(
        f"/api/v1/aid/lists/{approved.pk}/deliveries", json.dumps({"marks": [{"id": 1, "delivery": "delivered"}]}),
        content_type="application/json", **bearer(users.base_viewer),
    )  # fmt: skip
    assert r.status_code == 403


def test_the_phone_tick_list_saves_every_mark_in_one_post(users, approved, login):
    client = login(users.base_editor)
    r1, r2 = approved.lines.order_by("sort_key")
    url = reverse("aid:deliver", args=[approved.pk])
    response = client.post(url, {f"d-{r1.pk}": "delivered", f"d-{r2.pk}": "refused"}, follow=True)
    assert "Đã lưu 2 thay đổi." in response.content.decode()
    assert dict(approved.lines.values_list("pk", "delivery")) == {
        r1.pk: "delivered",
        r2.pk: "refused",
    }
    assert AuditEvent.objects.filter(action="aid.list.deliver").count() == 1
    page = client.get(url).content.decode()
    assert "đã nhận 1" in page and "từ chối 1" in page


def test_the_signed_receipt_list_as_xlsx_and_pdf(users, approved, login):
    import pdfplumber

    client = login(users.base_viewer)
    body = client.get(reverse("aid:list_export", args=[approved.pk, "xlsx"])).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
    head = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[head] == ["STT", "Họ và tên", "Năm sinh", "Địa chỉ", "Loại quà", "Giá trị (đồng)", "Ký nhận"]  # fmt: skip
    # Sorted by given name (Bình before Cúc), as Vietnamese lists are.
    assert rows[head + 1][1:6] == ["Trần Văn Bình", "1948", "Tổ 5, phường Hải Châu", "Suất quà Tết", 500000.0]  # fmt: skip
    assert rows[head + 2][1:4] == ["Lê Thị Cúc", "1960", "Tổ 5"]
    pdf = client.get(reverse("aid:list_export", args=[approved.pk, "pdf"])).content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        text = page.extract_text()
        assert (round(page.width), round(page.height)) == (595, 842)  # A4
        for word in ("DANH SÁCH KÝ NHẬN QUÀ", "STT", "Ký nhận", "Trần Văn Bình", "Cộng: 2 người"):
            assert word in text
        for ch in page.chars:  # nothing outside the page
            assert (
                ch["x0"] >= 0
                and ch["x1"] <= page.width
                and ch["top"] >= 0
                and ch["bottom"] <= page.height
            )


def test_an_xlsx_list_with_bad_lines_is_refused_line_by_line(users, tree, tet, login):
    import xlsxwriter

    rl = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    other = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    services.add_recipients(actor=users.province_manager, rlist=other, lines=[line(1, "Hà Văn Một", 1950, cccd="048050000001")])  # fmt: skip
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["DANH SÁCH TẶNG QUÀ TẾT"])
    ws.write_row(2, 0, ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Địa chỉ"])
    ws.write_row(3, 0, [1, "Trần Văn Bình", 1948, "Nam", "", "Tổ 1"])
    ws.write_row(4, 0, [2, "Trần Văn Bình", 1948, "Nam", "", "Tổ 1"])
    ws.write_row(5, 0, [3, "Hà Văn Một", 1950, "Nam", 48050000001, "Tổ 2"])  # the lost leading zero
    ws.write_row(6, 0, [4, "Lê Thị Cúc", "", "Nữ", "", "Tổ 3"])
    wb.close()
    upload = SimpleUploadedFile("ds.xlsx", out.getvalue())
    parcel = tet.parcel_types.get()
    client = login(users.base_editor)
    page = client.post(
        reverse("aid:list", args=[rl.pk]), {"action": "import", "file": upload, "parcel": parcel.pk}
    ).content.decode()
    assert "Dòng 5: trùng với dòng 4 của danh sách này" in page
    assert (
        "Dòng 6: đã có trong danh sách nhận quà của đợt này tại Hội Chữ thập đỏ xã Hòa Vang" in page
    )
    assert "Dòng 7: thiếu năm sinh" in page
    assert not rl.lines.exists()


def test_a_person_typed_on_a_phone_is_added_and_the_api_reports_refused_lines(users, tree, tet, login, bearer, client):  # fmt: skip
    rl = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    parcel = tet.parcel_types.get()
    c = login(users.base_editor)
    form = {"action": "one", "full_name": "Võ Văn Kiệt", "birth_year": "1945", "sex": "M",
            "cccd": "", "address": "Tổ 9", "phone": "", "parcel": parcel.pk}  # fmt: skip
    missing = c.post(reverse("aid:list", args=[rl.pk]), {**form, "sex": ""}).content.decode()
    assert 'value="Võ Văn Kiệt"' in missing  # what was typed stays, to be corrected
    assert not Recipient.objects.exists()
    r = c.post(reverse("aid:list", args=[rl.pk]), form, follow=True)
    assert "Đã thêm 1 người." in r.content.decode()
    api = f"/api/v1/aid/lists/{rl.pk}/recipients"
    body = {"lines": [{"full_name": "Võ Văn Kiệt", "birth_year": 1945, "sex": "M"}]}
    r = client.post(
        api, json.dumps(body), content_type="application/json", **bearer(users.base_editor)
    )
    assert r.status_code == 422
    assert r.json()["lines"][0]["reason"].startswith("đã có trong danh sách nhận quà của đợt này")
    assert Recipient.objects.count() == 1


def test_the_province_campaign_page_shows_each_bases_progress(users, tree, approved, login):
    page = (
        login(users.province_manager)
        .get(reverse("aid:campaign", args=[approved.campaign_id]))
        .content.decode()
    )
    assert "Hội Chữ thập đỏ phường Hải Châu" in page and "Hội Chữ thập đỏ xã Hòa Vang" in page
    assert "4%" in page  # 2 of 50
    base = (
        login(users.base_viewer)
        .get(reverse("aid:campaign", args=[approved.campaign_id]))
        .content.decode()
    )
    assert "Hội Chữ thập đỏ xã Hòa Vang" not in base  # a base sees its own row only


def test_an_address_walks_its_lifecycle_on_the_page_and_its_files_are_scoped(
    users, ben, login, tree, bearer, client
):
    c = login(users.base_editor)
    r = c.post(
        reverse("aid:propose", args=[ben.pk]), {"on": "2025-01-02", "reason": "Chi hội đề xuất"}
    )
    a = ben.addresses.get()
    url = reverse("aid:address", args=[a.pk])
    c.post(url, {"action": "advance", "to": "surveyed", "on": "2025-01-03", "survey": "Nhà tạm"})
    c.post(url, {"action": "advance", "to": "approved", "on": "2025-01-04"})
    a.refresh_from_db()
    assert a.status == "approved" and a.review_due == D(2026, 1, 4)
    c.post(reverse("aid:file_add", args=[a.pk]), {"title": "Biên bản khảo sát", "file": SimpleUploadedFile("bb.pdf", b"%PDF-1.4")})  # fmt: skip
    f = a.files.get()
    assert c.get(reverse("aid:file", args=[f.pk])).status_code == 200
    assert login(users.base_viewer).get(reverse("aid:file", args=[f.pk])).status_code == 403
    assert login(users.sibling).get(reverse("aid:file", args=[f.pk])).status_code == 404
    api = f"/api/v1/aid/addresses/{a.pk}/files"
    assert client.get(api, **bearer(users.base_editor)).json()[0]["title"] == "Biên bản khảo sát"
    assert client.get(api, **bearer(users.base_viewer)).status_code == 403
    assert client.get(api, **bearer(users.sibling)).status_code == 404
    assert r.status_code == 302


def test_a_case_file_is_added_over_the_api_by_an_editor_only(users, ben, tree, bearer, client):
    a = services.propose_address(actor=users.base_editor, beneficiary=ben, on=D(2025, 1, 2))
    api = f"/api/v1/aid/addresses/{a.pk}/files"

    def upload(user):
        pdf = SimpleUploadedFile("anh.pdf", b"%PDF-1.4", content_type="application/pdf")
        return client.post(api, {"title": "Ảnh nhà", "file": pdf}, **bearer(user))

    assert upload(users.sibling).status_code == 404
    assert upload(users.base_viewer).status_code == 403
    r = upload(users.base_editor)
    assert r.status_code == 201, r.content
    assert r.json()["title"] == "Ảnh nhà"
    assert [f["title"] for f in client.get(api, **bearer(users.base_editor)).json()] == ["Ảnh nhà"]
    assert a.files.count() == 1
