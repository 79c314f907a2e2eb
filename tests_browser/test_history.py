"""The tree before 1/7/2025 on a phone: pick a date, open an old district, find an old ward."""

import pytest
from playwright.sync_api import expect

from org.legacy_areas import load_legacy_areas
from org.models import Unit
from org.services import setup_association
from org.services.history import attach_history

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_city_manager_walks_the_tree_of_2019_and_finds_an_old_ward(page, make_user):
    central = setup_association(actor=None, preset="red_cross")
    load_legacy_areas("48")
    city = attach_history(actor=None, central=central, province_code="48").province
    make_user("qldanang", city, "manager")
    log_in(page, "qldanang")
    expect(page.get_by_test_id("unit-name")).to_have_text("Hội Chữ thập đỏ thành phố Đà Nẵng")

    # Today: the 94 wards and communes; the date picker shows the tree of 31/12/2019.
    expect(page.get_by_test_id("children").locator("a")).to_have_count(94)
    form = page.get_by_test_id("as-of-form")
    form.get_by_label("Xem cây đơn vị ngày").fill("2019-12-31")
    form.get_by_role("button", name="Xem cây").click()
    expect(page.get_by_test_id("as-of")).to_have_text("Cây đơn vị ngày 31/12/2019")
    districts = page.get_by_test_id("children").locator("a")
    expect(districts).to_have_count(8)
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "history-2019-phone.png", full_page=True)

    # Quận Hải Châu then: its nine wards, with their codes of the time.
    districts.filter(has_text="quận Hải Châu").click()
    expect(page.get_by_test_id("unit-name")).to_have_text("Hội Chữ thập đỏ quận Hải Châu")
    wards = page.get_by_test_id("children").locator("a")
    expect(wards).to_have_count(9)
    expect(wards.filter(has_text="phường Thạch Thang")).to_contain_text("20233")

    # Back to today: search the ended ward, and see where it went.
    page.goto(f"/u/{city.pk}/")
    page.get_by_label("Tìm cả đơn vị đã giải thể, sáp nhập").check()
    page.get_by_role("searchbox", name="Tìm đơn vị").fill("thach thang")
    found = page.get_by_test_id("search-results")
    expect(found).to_contain_text("đã sáp nhập vào Hội Chữ thập đỏ phường Hải Châu từ 01/07/2025")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "history-search-phone.png", full_page=True)
    found.get_by_role("link").first.click()
    expect(page.get_by_test_id("unit-name")).to_have_text("Hội Chữ thập đỏ phường Thạch Thang")
    assert Unit.objects.filter(kind="district", valid_to__isnull=True).count() == 0
