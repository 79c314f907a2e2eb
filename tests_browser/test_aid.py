"""A Tết gift list on a phone: add a person typed on the phone, see a person another unit listed
refused with that unit's name, approve, then tick the deliveries and save them in one go."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aid import services
from aid.tests.factories import beneficiary, campaign, line

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 800), "desktop": (1366, 900)}


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


def _shot(page, viewport, name):
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"aid-{name}-{viewport}.png", full_page=True)


def test_a_gift_list_is_drawn_up_and_delivered_on_a_phone(page, viewport, users, tree):
    tet = campaign(users.province_manager, tree.p1, [(tree.b1, 50), (tree.b2, 30)])
    beneficiary(users.base_editor, tree.b1, "Nguyễn Thị Hoa")
    other = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    services.add_recipients(actor=users.province_manager, rlist=other, lines=[line(1, "Hà Văn Một", 1950, cccd="048050000001")])  # fmt: skip
    rl = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    log_in(page, "coso_nhap")
    page.goto(f"/aid/lists/{rl.pk}/")
    # Tick a beneficiary.
    pick = page.get_by_test_id("pick-form")
    pick.get_by_label("Nguyễn Thị Hoa").check()
    pick.get_by_role("button", name="Thêm những người đã chọn").click()
    expect(page.get_by_text("Đã thêm 1 người.")).to_be_visible()
    # Type someone on the phone.
    form = page.get_by_test_id("recipient-form")
    form.get_by_label("Họ và tên").fill("Trần Văn Bình")
    form.get_by_label("Năm sinh").fill("1948")
    form.get_by_label("Nam", exact=True).check()
    form.get_by_label("Địa chỉ").fill("Tổ 5, phường Hải Châu")
    form.get_by_role("button", name="Thêm vào danh sách").click()
    expect(page.get_by_text("Đã thêm 1 người.")).to_be_visible()
    # Someone the other base listed already: refused, naming that base.
    form = page.get_by_test_id("recipient-form")
    form.get_by_label("Họ và tên").fill("Hà Văn Một")
    form.get_by_label("Năm sinh").fill("1950")
    form.get_by_label("Nam", exact=True).check()
    form.get_by_label("Số CCCD").fill("048050000001")
    form.get_by_role("button", name="Thêm vào danh sách").click()
    expect(page.get_by_test_id("refused")).to_contain_text(
        "đã có trong danh sách nhận quà của đợt này tại Hội Chữ thập đỏ xã Hòa Vang"
    )
    expect(page.get_by_test_id("lines").locator("li")).to_have_count(2)
    _shot(page, viewport, "list")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("list-status")).to_have_text("Đã duyệt")
    page.get_by_test_id("deliver-link").click()
    rows = page.get_by_test_id("deliver-row")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Trần Văn Bình").get_by_text("Đã nhận").click()
    rows.filter(has_text="Nguyễn Thị Hoa").get_by_text("Vắng mặt").click()
    _shot(page, viewport, "deliver")
    page.get_by_test_id("deliver-submit").click()
    expect(page.get_by_text("Đã lưu 2 thay đổi.")).to_be_visible()
    expect(page.get_by_test_id("deliver-totals")).to_contain_text("đã nhận 1 · vắng 1")
    assert rl.lines.get(full_name="Trần Văn Bình").delivered_at.date() <= timezone.localdate()
    # The province sees each base's progress.
    page.context.clear_cookies()
    log_in(page, "tinh_ql")
    page.goto(f"/aid/campaigns/{tet.pk}/")
    expect(page.get_by_test_id("progress")).to_contain_text("Hội Chữ thập đỏ phường Hải Châu")
    _shot(page, viewport, "campaign")


def test_an_editor_sees_the_sensitive_part_and_walks_an_address(page, viewport, users, tree):
    b = beneficiary(users.base_editor, tree.b1, "Nguyễn Thị Hoa")
    log_in(page, "coso_nhap")
    page.goto(f"/aid/beneficiaries/{b.pk}/")
    expect(page.get_by_test_id("sensitive")).to_contain_text("Tai biến, liệt nửa người")
    _shot(page, viewport, "beneficiary")
    page.get_by_text("Đề xuất làm địa chỉ nhân đạo").click()
    page.get_by_role("button", name="Đề xuất", exact=True).click()
    expect(page.get_by_test_id("address-status")).to_have_text("Đề xuất")
    page.get_by_label("Kết quả khảo sát (hoàn cảnh, nhà ở, nhu cầu)").fill("Nhà tạm, sống một mình")
    page.get_by_role("button", name="Ghi đã khảo sát").click()
    expect(page.get_by_test_id("address-status")).to_have_text("Đã khảo sát")
    _shot(page, viewport, "address")
    page.goto(f"/u/{tree.b1.pk}/aid/")
    expect(page.get_by_test_id("status-surveyed")).to_have_text("1")
    _shot(page, viewport, "home")
