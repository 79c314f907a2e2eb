"""Found a club and add a member to it, on a phone and a desktop: what the user sees."""

import datetime

import pytest
from playwright.sync_api import expect

from members.tests.factories import make_member

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 800), "desktop": (1366, 900)}


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


def test_it_founds_a_club_and_adds_a_member(page, viewport, users, tree):
    make_member(users.base_editor, tree.br1a, "Trần Thị Lan", joined=datetime.date(2020, 3, 1))
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/clubs/")
    form = page.get_by_test_id("club-form")
    form.get_by_label("Tên câu lạc bộ, tổ, nhóm").fill("CLB Dưỡng sinh người cao tuổi")
    form.get_by_label("Loại").select_option(label="Theo lứa tuổi")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"clubs-{viewport}.png", full_page=True)
    form.get_by_role("button", name="Lập").click()
    expect(page.get_by_test_id("club-name")).to_have_text("CLB Dưỡng sinh người cao tuổi")
    page.get_by_test_id("club-search").fill("tran thi lan")
    page.get_by_test_id("club-search").press("Enter")
    candidates = page.get_by_test_id("club-candidates")
    candidates.locator("label", has_text="Trần Thị Lan").click()
    page.get_by_test_id("club-add-form").get_by_role("button", name="Thêm vào nhóm").click()
    expect(
        page.get_by_text("Đã thêm Trần Thị Lan vào CLB Dưỡng sinh người cao tuổi.")
    ).to_be_visible()
    expect(page.get_by_test_id("club-members")).to_contain_text("Trần Thị Lan")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"club-{viewport}.png", full_page=True)
