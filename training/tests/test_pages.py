"""Training pages: what the user sees, refusals in Vietnamese, scope, the public verification."""

import datetime
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from members.tests.factories import make_member, make_person
from training import services
from training.models import Activity, Certificate, Participant, TrainingClass, VolunteerHours

from .factories import course, make_class, passed_class, presets

D = datetime.date


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def trainee(users, tree):
    return make_person(users.base_editor, tree.b1, "Võ Thị Mai", sex="F", year=1990,
                       cccd="048190000123", phone="0905123456")  # fmt: skip


def test_an_editor_opens_a_class(users, tree, login):
    presets()
    client = login(users.base_editor)
    url = reverse("training:class_new", args=[tree.b1.pk])
    form = {"course": course().pk, "starts_on": "2025-05-10", "ends_on": "2025-05-11",
            "place": "Nhà văn hoá phường", "cost": "2000000", "cost_source": "fund"}  # fmt: skip
    response = client.post(url, form, follow=True)
    cls = TrainingClass.objects.get()
    assert "Đã mở lớp Sơ cấp cứu cơ bản." in response.content.decode()
    assert cls.fund_entry.amount == 2_000_000
    home = client.get(reverse("training:home", args=[tree.b1.pk])).content.decode()
    assert "Sơ cấp cứu cơ bản" in home and "Nhà văn hoá phường" in home


def test_a_viewer_cannot_open_a_class_and_an_outsider_does_not_see_it(users, tree, login):
    cls = make_class(users.base_editor, tree.b1)
    assert login(users.base_viewer).post(
        reverse("training:class_new", args=[tree.b1.pk])
    ).status_code == 403  # fmt: skip
    assert login(users.base_viewer).get(reverse("training:class", args=[cls.pk])).status_code == 200
    for name in ("class", "attendance", "class_certificates_pdf"):
        assert (
            login(users.sibling).get(reverse(f"training:{name}", args=[cls.pk])).status_code == 404
        )
    assert login(users.sibling).post(reverse("training:enrol", args=[cls.pk])).status_code == 404


def test_anonymous_is_sent_to_the_login(tree, client):
    response = client.get(reverse("training:home", args=[tree.b1.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_enrolling_the_same_person_twice_is_refused(users, tree, trainee, login):
    make_member(users.base_editor, tree.br1a, person=trainee, joined=D(2020, 1, 1))
    cls = make_class(users.base_editor, tree.b1)
    client = login(users.base_editor)
    url = reverse("training:enrol", args=[cls.pk])
    assert client.post(url, {"person": [trainee.pk]}).status_code == 302
    response = client.post(url, {"person": [trainee.pk]})
    assert response.status_code == 422
    assert (
        "Đã có trong danh sách lớp, không ghi danh lần nữa: Võ Thị Mai."
        in response.content.decode()
    )
    assert Participant.objects.count() == 1


def test_a_cccd_held_outside_the_scope_is_refused_without_revealing_the_person(users, tree, login):
    make_person(users.other_province, tree.b3, "Đặng Văn Xa", sex="M", year=1980,
                cccd="051080000111")  # fmt: skip
    cls = make_class(users.base_editor, tree.b1)
    response = login(users.base_editor).post(
        reverse("training:enrol_typed", args=[cls.pk]),
        {"full_name": "Nguyễn Văn Gần", "sex": "M", "birth_year": "1980", "cccd": "051080000111"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Số CCCD đã được đăng ký ở đơn vị khác" in page
    assert "Đặng Văn Xa" not in page and "Cẩm Thành" not in page
    assert not Participant.objects.exists()


def test_a_person_typed_on_a_phone_is_registered_and_enrolled(users, tree, login):
    cls = make_class(users.base_editor, tree.b1)
    response = login(users.base_editor).post(
        reverse("training:enrol_typed", args=[cls.pk]),
        {"full_name": "Học sinh Trần Văn An", "sex": "M", "birth_year": "2009"},
        follow=True,
    )
    assert "Đã ghi danh Học sinh Trần Văn An." in response.content.decode()
    assert Participant.objects.get().person.unit == tree.b1


def test_a_list_is_imported_from_a_spreadsheet(users, tree, login):
    cls = make_class(users.base_editor, tree.b1)
    csv = "DANH SÁCH HỌC VIÊN\nHọ và tên,Giới tính,Năm sinh\nLê Thị Hoa,Nữ,1995\nPhan Văn Bình,Nam,1988\n"
    client = login(users.base_editor)
    url = reverse("training:import", args=[cls.pk])
    response = client.post(url, {"file": SimpleUploadedFile("hv.csv", csv.encode())}, follow=True)
    assert "Đã ghi danh 2 người từ tệp." in response.content.decode()
    bad = "Họ và tên,Giới tính,Năm sinh\nNgô Văn Cường,,1990\n"
    response = client.post(url, {"file": SimpleUploadedFile("hv.csv", bad.encode())})
    assert "Dòng 2: thiếu giới tính (Nam/Nữ)." in response.content.decode()
    assert Participant.objects.count() == 2


def test_attendance_results_and_certificates_on_the_class_page(users, tree, trainee, login):
    cls = make_class(users.base_editor, tree.b1)
    [p] = services.enrol_people(actor=users.base_editor, cls=cls, people=[trainee])
    client = login(users.base_editor)
    url = reverse("training:attendance", args=[cls.pk])
    client.post(url, {"day": "2025-05-10", "present": [p.pk]})
    assert p.attendance.get(day=D(2025, 5, 10)).present
    response = client.post(url, {"day": "2025-05-10", "present": [p.pk + 1000]}, follow=True)
    assert "không có trong danh sách lớp" in response.content.decode()
    client.post(reverse("training:results", args=[cls.pk]), {f"result-{p.pk}": "failed"})
    response = client.post(reverse("training:issue", args=[cls.pk]), {"issued_on": "2025-05-12"})
    assert "Không còn học viên đạt nào" in response.content.decode()
    client.post(
        reverse("training:results", args=[cls.pk]),
        {f"result-{p.pk}": "passed", f"score-{p.pk}": "9,5"},
    )
    response = client.post(
        reverse("training:issue", args=[cls.pk]), {"issued_on": "2025-05-12"}, follow=True
    )
    assert "Đã cấp 1 giấy chứng nhận" in response.content.decode()
    person_page = client.get(reverse("people:detail", args=[trainee.pk])).content.decode()
    assert "Tập huấn và hoạt động tình nguyện" in person_page
    assert Certificate.objects.get().number in person_page


def test_the_certificates_pdf_is_a4_landscape_in_vietnamese(users, tree, trainee, login):
    cls, _ = passed_class(users.base_editor, tree.b1, [trainee])
    [cert] = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    response = login(users.base_viewer).get(
        reverse("training:class_certificates_pdf", args=[cls.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        [page] = pdf.pages
        assert (round(page.width), round(page.height)) == (842, 595)
        text = page.extract_text()
        assert "GIẤY CHỨNG NHẬN" in text and "Võ Thị Mai" in text and cert.number in text
        assert "có giá trị đến hết ngày 11/05/2027" in text and cert.check_code in text
        for ch in page.chars:
            assert ch["x0"] >= 0 and ch["x1"] <= page.width and 0 <= ch["top"] <= page.height


# --- public verification -------------------------------------------------------------------------


def _verify(client, number, code):
    return client.get(reverse("training:verify"), {"so": number, "ma": code})


def test_the_verification_page_shows_only_name_course_dates_and_validity(
    users, tree, trainee, client
):
    cls, _ = passed_class(users.base_editor, tree.b1, [trainee])
    [cert] = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    response = _verify(client, cert.number, cert.check_code.lower())
    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("Võ Thị Mai", "Sơ cấp cứu cơ bản", "10/05/2025", "11/05/2025", "11/05/2027"):
        assert shown in page
    for hidden in ("1990", "048190000123", "0905123456", "Nữ"):
        assert hidden not in page
    page = _verify(client, cert.number, "AAAAAAAA").content.decode()
    assert "Không tìm thấy" in page and "Võ Thị Mai" not in page


def test_the_verification_page_is_rate_limited(db, client):
    for _i in range(20):
        assert _verify(client, "0001/2025/CN-1", "X").status_code == 200
    response = _verify(client, "0001/2025/CN-1", "X")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert client.get(reverse("training:verify")).status_code == 200  # the empty form is free


# --- volunteer activities ------------------------------------------------------------------------


def test_a_team_leader_records_an_activity_with_hours(users, tree, login):
    presets()
    a = make_member(users.base_editor, tree.br1a, "Lý Văn Một", sex="M", category="volunteer")
    b = make_member(users.base_editor, tree.br1a, "Lý Thị Hai", category="volunteer")
    client = login(users.base_editor)
    url = reverse("training:activity_new", args=[tree.br1a.pk])
    page = client.get(url).content.decode()
    assert "Lý Văn Một" in page and "Lý Thị Hai" in page
    form = {"kind": "first_aid", "on": "2025-05-10", "hours": "4", "ids": [a.person_id, b.person_id],
            f"hours-{b.person_id}": "6,5"}  # fmt: skip
    response = client.post(url, form, follow=True)
    assert "Đã ghi hoạt động với 2 tình nguyện viên." in response.content.decode()
    assert sorted(VolunteerHours.objects.values_list("hours", flat=True)) == [4, 6.5]
    assert AuditEvent.objects.filter(action="training.activity.record").count() == 1
    form = {"kind": "relief", "on": "2025-05-10", "hours": "20", "ids": [b.person_id]}
    response = client.post(url, form)
    assert (
        "Quá 24 giờ trong ngày 10/05/2025: Lý Thị Hai (đã ghi 6.5 giờ" in response.content.decode()
    )
    assert Activity.objects.count() == 1
    vols = client.get(reverse("training:volunteers", args=[tree.b1.pk])).content.decode()
    assert "0 tích cực / 2 tình nguyện viên" in vols


def test_the_training_tab_reads_a_fixed_number_of_queries(users, tree, trainee, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users.base_viewer)
    url = reverse("training:home", args=[tree.b1.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    passed_class(users.base_editor, tree.b1, [trainee])
    one = count()
    for _i in range(3):
        cls, _ = passed_class(users.base_editor, tree.br1a, [trainee])
        services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    assert count() == one


def test_hours_for_someone_outside_the_teams_list_are_refused(users, tree, login):
    presets()
    outsider = make_member(users.base_editor, tree.br1b, "Lâm Văn Ngoài", sex="M")
    response = login(users.base_editor).post(
        reverse("training:activity_new", args=[tree.br1a.pk]),
        {"kind": "relief", "on": "2025-05-10", "hours": "4", "ids": [outsider.person_id]},
    )
    assert "Có người không thuộc danh sách của đơn vị." in response.content.decode()
    assert not Activity.objects.exists()


def test_the_qr_codes_address_opens_the_verification(users, tree, trainee, client):
    from training.printing import certificate_rows

    cls, _ = passed_class(users.base_editor, tree.b1, [trainee])
    [cert] = services.issue_certificates(actor=users.base_editor, cls=cls, issued_on=D(2025, 5, 12))
    [sheet] = certificate_rows(Certificate.objects.filter(pk=cert.pk), "http://testserver/")
    assert sheet.verify_url == f"HTTP://TESTSERVER/CN/{tree.b1.pk}/2025/1/{cert.check_code}/"
    page = client.get(sheet.verify_url.split("TESTSERVER", 1)[1]).content.decode()
    assert "Võ Thị Mai" in page and "Còn hiệu lực" in page and "1990" not in page
    wrong = client.get(f"/CN/{tree.b1.pk}/2025/1/AAAAAAAA/").content.decode()
    assert "Không tìm thấy" in wrong and "Võ Thị Mai" not in wrong


def test_the_verification_page_refuses_a_post(db, client):
    assert client.post(reverse("training:verify")).status_code == 405
    assert client.post("/CN/1/2025/1/ABCDEFGH/").status_code == 405


def test_hours_are_imported_from_a_spreadsheet(users, tree, login):
    presets()
    a = make_member(users.base_editor, tree.br1a, "Quách Văn Một", sex="M", category="volunteer")
    make_member(users.base_editor, tree.br1a, "Quách Thị Hai", category="volunteer")
    client = login(users.base_editor)
    url = reverse("training:activity_new", args=[tree.br1a.pk])
    form = {"kind": "environment", "on": "2025-05-10", "hours": "4"}
    bad = "Họ và tên,Số giờ\nQuach Van Mot,3\nNgười Lạ,2\n"
    response = client.post(url, {**form, "file": SimpleUploadedFile("g.csv", bad.encode())})
    assert "Dòng 3: “Người Lạ” không có trong danh sách của đơn vị." in response.content.decode()
    assert not Activity.objects.exists()
    good = 'DANH SÁCH\nHọ và tên,Số giờ\nQuách Văn Một,"3,5"\nQuách Thị Hai,25\n'
    response = client.post(url, {**form, "file": SimpleUploadedFile("g.csv", good.encode())})
    assert "Quách Thị Hai: Số giờ phải lớn hơn 0 và không quá 24." in response.content.decode()
    good = good.replace(",25", ",2")
    client.post(url, {**form, "file": SimpleUploadedFile("g.csv", good.encode())})
    hours = dict(VolunteerHours.objects.values_list("person_id", "hours"))
    assert hours[a.person_id] == Decimal("3.5") and len(hours) == 2
    assert AuditEvent.objects.get(action="training.activity.record").data["source"] == "import"
