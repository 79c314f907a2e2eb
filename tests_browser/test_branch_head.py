"""A branch head on a phone lands on what they do, and reaches every section from a visible menu."""

import datetime

import pytest
from playwright.sync_api import expect

from members.tests.factories import make_member

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["Tổng quan", "Hội viên", "Thống kê", "Chỉ tiêu", "Cán bộ", "Hội phí", "Quỹ", "Lịch sử"]


def test_a_branch_head_lands_on_their_work_and_finds_every_section_on_a_phone(
    page, users, tree, make_user
):
    make_user("chi_hoi_truong", tree.br1a, "editor")
    for name in ("Lê Thị Hoa", "Trần Thị Lan", "Phạm Thị Cúc"):
        make_member(users.base_manager, tree.br1a, name, joined=datetime.date(2020, 1, 1))
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, "chi_hoi_truong")
    expect(page.get_by_test_id("unit-name")).to_have_text(tree.br1a.name)
    glance = page.get_by_test_id("glance")
    expect(glance.get_by_test_id("glance-members")).to_contain_text("3")
    expect(glance.get_by_test_id("glance-dues")).to_contain_text("0/3")
    expect(glance.get_by_test_id("glance-fund")).to_contain_text("0 đ")
    expect(page.get_by_test_id("action-ticklist")).to_be_visible()
    expect(page.get_by_test_id("no-children")).to_have_count(0)
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "branch-head-home-360.png", full_page=True)

    menu = page.get_by_test_id("unit-menu")
    menu.get_by_role("button").click()
    for name in SECTIONS + ["Nhập từ tệp"]:
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "branch-head-menu-360.png")
    menu.get_by_role("link", name="Hội phí", exact=True).click()
    expect(page.get_by_test_id("unit-menu").get_by_role("button")).to_contain_text("Hội phí")
    nav = page.get_by_test_id("dues-nav")
    for link in nav.get_by_role("link").all():  # every dues page in sight, none to swipe to
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, link.inner_text()
    nav.get_by_role("link", name="Thu hội phí").click()
    expect(page.get_by_text("Lê Thị Hoa")).to_be_visible()
    assert_fits_the_phone(page)

    page.goto("/")  # the start page again: the branch itself
    page.get_by_test_id("action-ticklist").click()
    expect(page.get_by_text("Phạm Thị Cúc")).to_be_visible()
    assert page.console_errors == []


def test_every_tab_is_in_sight_on_a_desktop(page, users, tree):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "coso_ql")
    expect(page.get_by_test_id("unit-name")).to_have_text(tree.b1.name)
    expect(page.get_by_test_id("unit-menu")).to_be_hidden()
    tabs = page.get_by_test_id("unit-tabs").locator(".nav-tabs")
    for name in SECTIONS + ["Nhập từ tệp", "Tài khoản", "Nhật ký"]:
        link = tabs.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] + box["width"] <= 1366
    expect(page.get_by_test_id("glance")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "base-home-1366.png", full_page=True)
    assert page.console_errors == []
