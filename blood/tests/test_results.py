"""The blood centre's result list: matched to the drive's registrations by CCCD or by name and
date of birth, every bad line reported, nothing written while one is bad, then all at once."""

import datetime

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.urls import reverse

from blood import results, services
from blood.models import Donor, Honour, Registration, ResultImport

D = datetime.date
HEAD = ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Nhóm máu", "Thể tích (ml)", "Kết quả"]


def _xlsx(path, rows, title=True):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    r = 0
    if title:
        ws.write_string(0, 0, "VIỆN HUYẾT HỌC - TRUYỀN MÁU TRUNG ƯƠNG")
        ws.write_string(1, 0, "DANH SÁCH KẾT QUẢ TIẾP NHẬN MÁU")
        r = 3
    for c, h in enumerate(HEAD):
        ws.write_string(r, c, h)
    for i, row in enumerate(rows, start=r + 1):
        for c, v in enumerate(row):
            ws.write(i, c, v)
    wb.close()
    return path


@pytest.fixture
def drive_with_three(users, drive_factory, person_factory):
    d = drive_factory(date=D(2025, 3, 2))
    people = [
        person_factory(name="Nguyễn Văn An", birth=D(1990, 5, 10), cccd="048090000011"),
        person_factory(name="Trần Thị Bình", sex="F", birth=D(1995, 2, 3)),
        person_factory(name="Lê Văn Cường", birth=D(1988, 7, 7)),
    ]
    for p in people:
        services.register(actor=users.base_editor, drive=d, person=p, weight_kg="62")
    return d, people


def test_a_clean_list_is_matched_previewed_and_written(users, tmp_path, drive_with_three, login):
    d, (an, binh, cuong) = drive_with_three
    path = _xlsx(tmp_path / "kq.xlsx", [
        [1, "Nguyễn Văn An", "", "048090000011", "O Rh+", 350, "Đạt"],
        [2, "TRẦN THỊ BÌNH", "03/02/1995", "", "AB-", "250", "Không đạt"],
        [3, "Lê Văn Cường", "07/07/1988", "", "B", 450, "đạt"],
    ])  # fmt: skip
    imp = results.preview(actor=users.base_editor, drive=d, path=path, file_name="kq.xlsx")
    assert imp.errors == [] and len(imp.lines) == 3
    assert not Registration.objects.filter(outcome="donated").exists()
    client = login(users.base_editor)
    page = client.get(reverse("blood:result_import", args=[imp.pk])).content.decode()
    assert "Ghi kết quả của 3 người" in page
    client.post(reverse("blood:result_commit", args=[imp.pk]))
    regs = {r.person_id: r for r in Registration.objects.all()}
    assert (regs[an.pk].volume_ml, regs[an.pk].centre_accepted) == (350, True)
    assert (regs[binh.pk].volume_ml, regs[binh.pk].centre_accepted) == (250, False)
    assert regs[cuong.pk].outcome == "donated"
    donors = {x.pk: x for x in Donor.objects.all()}
    assert (donors[an.pk].group, donors[an.pk].group_source) == ("O+", "centre")
    assert donors[binh.pk].group == "AB-" and donors[cuong.pk].group == "B"
    assert donors[an.pk].last_donation_on == D(2025, 3, 2)
    with pytest.raises(ValidationError):
        results.commit(actor=users.base_editor, imp=ResultImport.objects.get())


def test_bad_lines_are_each_reported_and_nothing_is_written(
    users, tmp_path, drive_with_three, client
):
    d, _people = drive_with_three
    path = _xlsx(tmp_path / "kq.xlsx", [
        [1, "Nguyễn Văn An", "", "048090000011", "O+", 350, "Đạt"],
        [2, "Người Lạ Mặt", "01/01/1990", "", "A+", 350, "Đạt"],
        [3, "Trần Thị Bình", "03/02/1995", "12345", "A+", 350, "Đạt"],
        [4, "Nguyễn Văn An", "10/05/1990", "", "O+", 350, "Đạt"],
        [5, "Lê Văn Cường", "07/07/1988", "", "Z", 300, "có lẽ"],
    ], title=False)  # fmt: skip
    imp = results.preview(actor=users.base_editor, drive=d, path=path, file_name="kq.xlsx")
    by_row = {e["row"]: e["message"] for e in imp.errors}
    assert sorted(by_row) == [3, 4, 5, 6]
    assert by_row[3] == "Không khớp với người nào đã đăng ký đợt hiến máu này."
    assert by_row[4].startswith("CCCD: Số CCCD phải có 12 chữ số")
    assert by_row[5] == "Trùng với dòng 2."
    assert "nhóm máu “Z”" in by_row[6] and "300" in by_row[6] and "có lẽ" in by_row[6]
    with pytest.raises(ValidationError) as e:
        results.commit(actor=users.base_editor, imp=imp)
    assert "Còn 4 dòng lỗi" in e.value.messages[0]
    assert not Registration.objects.filter(outcome="donated").exists()
    assert not Donor.objects.exclude(abo="").exists()


def test_a_list_without_headers_is_refused(users, tmp_path, drive_with_three):
    d, _people = drive_with_three
    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    wb.add_worksheet().write_string(0, 0, "không phải danh sách")
    wb.close()
    imp = results.preview(actor=users.base_editor, drive=d, path=tmp_path / "x.xlsx", file_name="x")
    assert "Không tìm thấy dòng tiêu đề" in imp.errors[0]["message"]


def test_the_import_makes_honours(users, tmp_path, drive_with_three):
    d, (an, _b, _c) = drive_with_three
    services.update_donor(actor=users.base_editor, person=an, opening_count=9,
                          opening_source="Sổ hiến máu")  # fmt: skip
    path = _xlsx(tmp_path / "kq.xlsx", [[1, "Nguyễn Văn An", "", "048090000011", "O+", 350, "Đạt"]])
    imp = results.preview(actor=users.base_editor, drive=d, path=path, file_name="kq.xlsx")
    results.commit(actor=users.base_editor, imp=imp)
    assert Honour.objects.get().milestone == 10


def test_the_upload_page_needs_edit_and_scope(users, tmp_path, drive_with_three, login):
    d, _people = drive_with_three
    path = _xlsx(tmp_path / "kq.xlsx", [[1, "Nguyễn Văn An", "", "048090000011", "O+", 350, "Đạt"]])
    url = reverse("blood:results_upload", args=[d.pk])
    with open(path, "rb") as f:
        assert login(users.base_viewer).post(url, {"file": f}).status_code == 403
    with open(path, "rb") as f:
        assert login(users.sibling).post(url, {"file": f}).status_code == 404
    with open(path, "rb") as f:
        response = login(users.base_editor).post(url, {"file": f})
    imp = ResultImport.objects.get()
    assert response.url == reverse("blood:result_import", args=[imp.pk])
    assert login(users.sibling).get(response.url).status_code == 404
