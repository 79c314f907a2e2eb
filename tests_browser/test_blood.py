"""At the blood drive, on a phone: open the drive, record one donor after another with big
buttons (a donation, a deferral, an absence), and see the counts the branch head sees."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blood import services
from people.services import create_person

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_the_outcomes_of_a_drive_on_a_phone(page, users, tree):
    page.set_viewport_size({"width": 360, "height": 800})
    today = timezone.localdate()
    drive = services.create_drive(
        actor=users.base_editor, unit=tree.b1, date=today, site="Nhà văn hoá phường Hải Châu",
        centre="Bệnh viện Đà Nẵng", campaign="red_sunday", target_units=3,
    )  # fmt: skip
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    for i, name in enumerate(names):
        p = create_person(actor=users.base_editor, unit=tree.b1, full_name=name,
                          sex="F" if i == 1 else "M", birth_date=datetime.date(1990 + i, 3, 1),
                          phone="0905000111")  # fmt: skip
        services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="55",
                          health={"ill_now": i == 2})  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/blood/drives/{drive.pk}/")
    page.get_by_test_id("open-field").click()
    expect(page.get_by_test_id("field-counts")).to_contain_text("Đã hiến 0/3")
    assert_fits_the_phone(page)
    page.get_by_test_id("field-list").get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.get_by_test_id("donor-name")).to_have_text("Nguyễn Văn An")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "blood-outcome-phone.png", full_page=True)
    # 55 kg: 350 ml at most, so there is no 450 ml button.
    expect(page.get_by_test_id("donated-450")).to_have_count(0)
    page.get_by_test_id("donated-350").click()
    # The next donor's screen comes up by itself.
    expect(page.get_by_test_id("donor-name")).to_have_text("Trần Thị Bình")
    page.get_by_test_id("defer").locator("summary").click()
    page.get_by_label("Lý do tạm hoãn").select_option(label="Huyết sắc tố thấp")
    page.get_by_label("Được hiến lại từ ngày").fill(
        (today + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_role("button", name="Ghi tạm hoãn").click()
    expect(page.get_by_test_id("donor-name")).to_have_text("Lê Văn Cường")
    expect(page.get_by_test_id("health-flags")).to_contain_text("ốm, sốt")
    page.get_by_test_id("absent").click()
    counts = page.get_by_test_id("field-counts")
    expect(counts).to_contain_text("Đã hiến 1/3")
    expect(counts).to_contain_text("Còn 0 người chưa ghi")
    expect(page.get_by_test_id("field-list")).to_contain_text("350 ml")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "blood-field-phone.png", full_page=True)
    assert page.console_errors == []
    if os.environ.get("SOHOI_SCREENSHOTS"):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"/blood/drives/{drive.pk}/")
        page.screenshot(path=SCREENSHOTS / "blood-drive-desktop.png", full_page=True)
