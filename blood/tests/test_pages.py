"""Pages: drives, registration (refusal, override), the phone outcome screens, the donor page with
its sensitive facts gated and logged, the roster and its call list, honours and certificates,
rules; scope (404 outside, 403 without edit)."""

import datetime
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from blood import services
from blood.models import Donor, Drive, Honour, Registration
from core.models import AuditEvent

from .conftest import donate

D = datetime.date


def test_an_editor_organises_a_drive(users, tree, login):
    client = login(users.base_editor)
    url = reverse("blood:home", args=[tree.b1.pk])
    response = client.post(url, {
        "date": "2025-03-02", "site": "Trường THPT Phan Châu Trinh", "centre": "Bệnh viện Đà Nẵng",
        "campaign": "red_sunday", "target_units": "150", "note": "",
    }, follow=True)  # fmt: skip
    d = Drive.objects.get()
    assert (d.unit, d.target_units) == (tree.b1, 150)
    assert "Trường THPT Phan Châu Trinh" in response.content.decode()
    assert "0/150 đơn vị" in client.get(url).content.decode()


def test_a_viewer_sees_drives_but_cannot_organise(users, tree, login, drive_factory):
    drive_factory()
    client = login(users.base_viewer)
    url = reverse("blood:home", args=[tree.b1.pk])
    assert "Nhà văn hoá phường" in client.get(url).content.decode()
    assert client.post(url, {"site": "x"}).status_code == 403


def test_outside_the_scope_is_404(users, login, drive_factory, person_factory):
    d = drive_factory()
    reg = services.register(actor=users.base_editor, drive=d, person=person_factory(),
                            weight_kg="60")  # fmt: skip
    client = login(users.sibling)
    for url in (
        reverse("blood:drive", args=[d.pk]),
        reverse("blood:outcome", args=[reg.pk]),
        reverse("blood:donor", args=[reg.person_id]),
        reverse("blood:field", args=[d.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_registering_a_found_person_refused_then_overridden(
    users, login, drive_factory, person_factory
):
    p = person_factory(name="Trần Thị Mai", sex="F", birth=D(2008, 6, 1))
    d = drive_factory(date=D(2025, 3, 2))
    client = login(users.base_editor)
    page = client.get(reverse("blood:drive", args=[d.pk]), {"q": "tran thi mai"}).content.decode()
    assert "Trần Thị Mai" in page
    url = reverse("blood:register", args=[d.pk])
    form = client.get(url, {"person": p.pk}).content.decode()
    assert "Chưa đủ 18 tuổi: được hiến máu từ ngày 01/06/2026." in form
    response = client.post(url, {"person": p.pk, "weight_kg": "50"})
    assert "Có thể hiến từ ngày 01/06/2026." in response.content.decode()
    assert not Registration.objects.exists()
    client.post(
        url, {"person": p.pk, "weight_kg": "50", "override_reason": "Đủ 18 tuổi theo CCCD mới"}
    )
    assert Registration.objects.get().override_reason == "Đủ 18 tuổi theo CCCD mới"


def test_registering_a_new_person_with_a_cccd_held_elsewhere_reveals_nothing(
    users, tree, login, drive_factory, person_factory
):
    person_factory(name="Phạm Văn Bình", unit=tree.b3, cccd="048090000123", birth=D(1990, 1, 1))
    d = drive_factory()
    client = login(users.base_editor)
    response = client.post(reverse("blood:register", args=[d.pk]), {
        "full_name": "Phạm Văn Bình", "sex": "M", "birth_date": "1990-01-01",
        "cccd": "048090000123", "weight_kg": "60",
    })  # fmt: skip
    text = response.content.decode()
    assert "Số CCCD đã được đăng ký ở đơn vị khác" in text
    assert "Cẩm Thành" not in text
    assert not Registration.objects.exists()


def test_the_phone_screens_record_one_donor_after_another(
    users, login, drive_factory, person_factory
):
    d = drive_factory(date=D(2025, 3, 2))
    a = services.register(actor=users.base_editor, drive=d, person=person_factory(name="Lê Văn A"),
                          weight_kg="48")  # fmt: skip
    b = services.register(actor=users.base_editor, drive=d,
                          person=person_factory(name="Võ Thị B", sex="F"), weight_kg="55")  # fmt: skip
    client = login(users.base_editor)
    page = client.get(reverse("blood:outcome", args=[a.pk])).content.decode()
    assert "Đã hiến 250 ml" in page and "Đã hiến 350 ml" not in page  # 48 kg: 250 ml at most
    response = client.post(reverse("blood:outcome", args=[a.pk]),
                           {"outcome": "donated", "volume_ml": "250", "kind": "whole"})  # fmt: skip
    assert response.url == reverse("blood:outcome", args=[b.pk])
    response = client.post(reverse("blood:outcome", args=[b.pk]), {
        "outcome": "deferred", "deferral_category": "haemoglobin", "deferred_until": "2025-04-01",
    })  # fmt: skip
    assert response.url == reverse("blood:field", args=[d.pk])
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.outcome, a.volume_ml, b.outcome, b.deferred_until) == (
        "donated",
        250,
        "deferred",
        D(2025, 4, 1),
    )
    field = client.get(reverse("blood:field", args=[d.pk])).content.decode()
    assert "Đã hiến 1/100" in field and "Còn 0 người chưa ghi" in field
    assert AuditEvent.objects.filter(action="blood.outcomes.record").count() == 2


def test_a_deferral_without_a_date_is_refused_on_the_screen(
    users, login, drive_factory, person_factory
):
    d = drive_factory()
    r = services.register(actor=users.base_editor, drive=d, person=person_factory(), weight_kg="60")
    client = login(users.base_editor)
    page = client.post(reverse("blood:outcome", args=[r.pk]),
                       {"outcome": "deferred", "deferral_category": "pressure"}).content.decode()  # fmt: skip
    assert "hoãn tạm thời cần ngày được hiến lại" in page
    r.refresh_from_db()
    assert r.outcome == "pending"


def test_sensitive_facts_are_for_editors_and_their_view_is_logged(
    users, login, drive_factory, person_factory
):
    p = person_factory()
    donate(users.base_editor, drive_factory(), p)
    services.update_donor(actor=users.base_editor, person=p, abo="AB", rh="-")
    url = reverse("blood:donor", args=[p.pk])
    viewer = login(users.base_viewer).get(url).content.decode()
    assert "Đã hiến 1 lần" in viewer
    assert "AB-" not in viewer and 'data-testid="health"' not in viewer
    assert not AuditEvent.objects.filter(action="people.person.view_sensitive").exists()
    editor = login(users.base_editor).get(url).content.decode()
    assert "AB-" in editor
    event = AuditEvent.objects.get(action="people.person.view_sensitive")
    assert event.data["fields"] == ["blood_group", "weight", "health_answers"]
    assert (
        login(users.base_viewer).get(reverse("blood:roster", args=[p.unit_id])).status_code == 403
    )


def _on_call(users, person_factory, name, abo, rh, last, unit=None, sex="M"):
    p = person_factory(name=name, sex=sex, unit=unit, phone="0905123456")
    services.update_donor(actor=users.superuser, person=p, abo=abo, rh=rh, on_call=True,
                          opening_count=1, opening_source="Sổ phường", opening_last_on=last)  # fmt: skip
    return p


def test_the_roster_finds_who_can_give_a_group_today(users, tree, login, person_factory):
    old = _on_call(users, person_factory, "Nguyễn Văn Cũ", "O", "+", D(2024, 1, 1), tree.br1a)
    recent = _on_call(users, person_factory, "Nguyễn Văn Mới", "O", "+", D(2025, 1, 1), tree.b1)
    _on_call(
        users, person_factory, "Trần Văn Vừa", "O", "+", D(2025, 2, 20), tree.b1
    )  # 84 days not past
    _on_call(users, person_factory, "Lê Thị A", "A", "+", D(2024, 1, 1), tree.b1, sex="F")
    _on_call(users, person_factory, "Phạm Văn Xa", "O", "+", D(2024, 1, 1), tree.b3)
    client = login(users.province_manager)
    url = reverse("blood:roster", args=[tree.p1.pk])
    page = client.get(url, {"abo": "O", "rh": "+", "on": "2025-04-01"}).content.decode()
    names = [n for n in ("Nguyễn Văn Cũ", "Nguyễn Văn Mới", "Trần Văn Vừa", "Lê Thị A", "Phạm Văn Xa")
             if n in page]  # fmt: skip
    assert names == ["Nguyễn Văn Cũ", "Nguyễn Văn Mới"]
    assert page.index("Nguyễn Văn Cũ") < page.index("Nguyễn Văn Mới")  # the longest rested first
    assert "2 người có thể hiến" in page
    response = client.get(reverse("blood:roster_xlsx", args=[tree.p1.pk]),
                          {"abo": "O", "rh": "+", "on": "2025-04-01"})  # fmt: skip
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = [r for r in sheet.to_python()[4:] if r[1]]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("Nguyễn Văn Cũ", "O+", "0905123456"), ("Nguyễn Văn Mới", "O+", "0905123456"),
    ]  # fmt: skip
    assert old.pk and recent.pk
    base = login(users.base_editor).get(reverse("blood:roster", args=[tree.b1.pk]),
                                        {"on": "2025-04-01"}).content.decode()  # fmt: skip
    assert "Nguyễn Văn Cũ" in base and "Lê Thị A" in base and "Phạm Văn Xa" not in base


def test_honours_list_and_certificates(users, tree, login, person_factory, drive_factory):
    p = person_factory(name="Hoàng Văn Vinh")
    services.update_donor(actor=users.base_editor, person=p, opening_count=4,
                          opening_source="Giấy chứng nhận 2019")  # fmt: skip
    donate(users.base_editor, drive_factory(date=D(2025, 3, 2)), p)
    client = login(users.base_editor)
    page = client.get(reverse("blood:honours", args=[tree.b1.pk]), {"year": 2025}).content.decode()
    assert "Mốc 5 lần: 1 người" in page and "Hoàng Văn Vinh" in page
    pdf = client.get(reverse("blood:certificates", args=[tree.b1.pk]), {"year": 2025})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    h = Honour.objects.get()
    client.post(reverse("blood:honours", args=[tree.b1.pk]) + "?year=2025",
                {"honour": [h.pk], "on": "2025-06-14"})  # fmt: skip
    h.refresh_from_db()
    assert h.awarded_on == D(2025, 6, 14)
    assert "Mốc 5 lần, đạt ngày 02/03/2025" in client.get(
        reverse("blood:donor", args=[p.pk])).content.decode()  # fmt: skip


def test_a_province_manager_adds_a_rule(users, tree, login, make_user):
    client = login(users.province_manager)
    url = reverse("blood:rules", args=[tree.p1.pk])
    response = client.post(url, {
        "effective_from": "2026-01-01", "min_age": "18", "max_age": "60",
        "min_weight_female": "42", "min_weight_male": "45", "whole_blood_days": "90",
        "apheresis_days": "14", "weight_350": "50", "weight_450": "60", "source": "QĐ 12/UBND",
    }, follow=True)  # fmt: skip
    assert "QĐ 12/UBND" in response.content.decode()
    province_editor = make_user("tinh_nhap", tree.p1, "editor")
    assert login(province_editor).get(url).status_code == 200
    assert login(province_editor).post(url, {}).status_code == 403
    assert login(users.base_manager).get(url).status_code == 404
    assert (
        login(users.base_manager).get(reverse("blood:rules", args=[tree.b1.pk])).status_code == 404
    )


@pytest.mark.parametrize("name", ["blood:home", "blood:roster", "blood:honours"])
def test_anonymous_is_sent_to_login(client, tree, name):
    response = client.get(reverse(name, args=[tree.b1.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_donor_rows_follow_the_person_unit(users, person_factory, drive_factory):
    p = person_factory()
    services.register(actor=users.base_editor, drive=drive_factory(), person=p, weight_kg="60")
    assert Donor.objects.get().unit_path == p.unit.path
