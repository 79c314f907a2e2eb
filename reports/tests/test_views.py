"""The report pages: a province officer builds the year's report, saves a version, accepts a
corrected figure; files download; scope (404 outside, 403 without edit)."""

import io

import docx
import pytest
from django.utils import translation

from reports.models import Report

from .conftest import YEAR, report_values

KEY = str(YEAR)


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def _url(unit, tail=""):
    return f"/u/{unit.pk}/reports/{KEY}/{tail}"


def test_a_province_officer_builds_edits_and_saves_the_years_report(tree, users, login):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    client = login(users.province_manager)
    page = client.get(f"/u/{tree.p1.pk}/reports/")
    assert page.status_code == 200 and f"/u/{tree.p1.pk}/reports/{KEY}/" in page.content.decode()
    r = client.get(f"/u/{tree.p1.pk}/reports/", {"start": "2025-07-01", "end": "2025-09-30"})
    assert r.url == f"/u/{tree.p1.pk}/reports/2025-07-01..2025-09-30/"
    r = client.get(f"/u/{tree.p1.pk}/reports/", {"start": "2025-09-30", "end": "2025-07-01"}, follow=True)  # fmt: skip
    assert "Kỳ báo cáo không hợp lệ" in r.content.decode()
    assert client.get(f"/u/{tree.p1.pk}/reports/", {"period": "2025-H1"}).url == (
        f"/u/{tree.p1.pk}/reports/2025-H1/"
    )
    preview = client.get(_url(tree.p1)).content.decode()
    assert "tiếp nhận 1.085 đơn vị máu" in preview and 'data-testid="start"' in preview
    assert client.post(_url(tree.p1, "start/")).status_code == 302
    report = Report.objects.get(unit=tree.p1, period_key=KEY)
    sections = report.versions.get().sections
    texts = {f"text_{s['key']}": s["text"] for s in sections}
    texts["text_blood"] = "Năm nay, " + texts["text_blood"]
    r = client.post(_url(tree.p1, "save/"), {**texts, "note": "sửa lời", "number": "12"})
    assert r.status_code == 302
    page = client.get(_url(tree.p1)).content.decode()
    assert "Năm nay, Tổ chức 2 đợt" in page
    assert "Phiên bản 2" in page and "sửa lời" in page and "tinh_ql" in page
    report.refresh_from_db()
    assert report.number == "12"
    report_values(tree.p1, blood_units=1100)
    page = client.get(_url(tree.p1)).content.decode()
    assert 'data-testid="diffs"' in page and "<s>1.085</s>" in page
    client.post(_url(tree.p1, "accept/"))
    assert "tiếp nhận 1.100 đơn vị máu" in report.versions.first().text_of("blood")


def test_the_files_download(tree, users, login):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    client = login(users.base_viewer)  # a viewer of b1 reads b1's report and files
    for tail, kind in (
        ("file/docx", "wordprocessingml"),
        ("file/pdf", "application/pdf"),
        ("table.xlsx", "spreadsheetml"),
        ("table.xlsx?bases=1&codes=members,blood_units", "spreadsheetml"),
        ("file/fdrs.csv", "text/csv"),
        ("file/fdrs.xlsx", "spreadsheetml"),
    ):
        r = client.get(_url(tree.b1, tail))
        assert r.status_code == 200 and kind in r["Content-Type"], tail
    client = login(users.province_manager)
    d = docx.Document(io.BytesIO(client.get(_url(tree.p1, "file/docx")).content))
    assert any("1.085 đơn vị máu" in p.text for p in d.paragraphs)
    assert client.get(_url(tree.p1, "file/odt")).status_code == 404
    assert client.get(f"/u/{tree.p1.pk}/reports/2025-H3/").status_code == 404


@pytest.mark.parametrize(
    "tail",
    ["", "start/", "save/", "accept/", "table.xlsx", "file/docx", "file/pdf", "file/fdrs.csv"],
)
def test_a_sibling_sees_nothing(tree, users, login, tail):
    client = login(users.sibling)
    assert client.get(_url(tree.b1, tail)).status_code in (404, 405)
    assert client.post(_url(tree.b1, tail)).status_code in (404, 405)


def test_writing_needs_edit(tree, users, login):
    client = login(users.base_viewer)
    assert client.get(_url(tree.b1)).status_code == 200
    assert 'data-testid="start"' not in client.get(_url(tree.b1)).content.decode()
    assert client.post(_url(tree.b1, "start/")).status_code == 403
    assert not Report.objects.exists()
    assert login(users.base_editor).post(_url(tree.b1, "start/")).status_code == 302
    client = login(users.base_viewer)
    assert client.post(_url(tree.b1, "save/")).status_code == 403
    assert client.post(_url(tree.b1, "accept/")).status_code == 403
    assert 'data-testid="save"' not in client.get(_url(tree.b1)).content.decode()
