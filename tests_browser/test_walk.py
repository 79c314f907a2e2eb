import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

# A phone-sized picture of a unit page, for a person to look at (default /tmp/unit360.png).
SCREENSHOTS = Path(os.environ.get("SOHOI_SCREENSHOTS", tempfile.gettempdir()))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def unit_name(page):
    return page.get_by_test_id("unit-name")


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px screen"


def test_it_walks_the_tree_down_and_back_up_on_a_phone(page, users, tree):
    log_in(page, "tw_admin")
    expect(unit_name(page)).to_have_text(tree.central.name)  # the only top unit: redirected
    expect(page.get_by_test_id("unit-kind")).to_have_text("Trung ương Hội")

    for child in (tree.p1, tree.b1, tree.br1a):
        page.get_by_test_id("children").get_by_role("link", name=child.name).click()
        expect(unit_name(page)).to_have_text(child.name)
        assert_fits_the_phone(page)

    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs).to_contain_text(tree.central.name)
    expect(crumbs).to_contain_text(tree.p1.name)
    expect(page.get_by_test_id("no-children")).to_be_visible()

    crumbs.get_by_role("link", name=tree.b1.name).click()
    expect(unit_name(page)).to_have_text(tree.b1.name)
    expect(page.get_by_test_id("children")).to_contain_text(tree.br1b.name)
    page.screenshot(path=SCREENSHOTS / "unit360.png", full_page=True)

    page.get_by_test_id("breadcrumbs").get_by_role("link", name=tree.p1.name).click()
    expect(unit_name(page)).to_have_text(tree.p1.name)
    expect(page.get_by_test_id("kind-counts")).to_contain_text("Chi hội: 3")
    page.get_by_test_id("breadcrumbs").get_by_role("link", name=tree.central.name).click()
    expect(unit_name(page)).to_have_text(tree.central.name)
    assert page.console_errors == []


def test_it_shows_a_base_manager_only_their_part_of_the_path(page, users, tree):
    log_in(page, "coso_ql")
    expect(unit_name(page)).to_have_text(tree.b1.name)
    page.get_by_test_id("children").get_by_role("link", name=tree.br1b.name).click()
    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs.get_by_role("link", name=tree.b1.name)).to_be_visible()
    expect(crumbs).not_to_contain_text(tree.p1.name)
    expect(crumbs).not_to_contain_text(tree.central.name)


def test_it_searches_units_with_htmx_without_accents(page, users, tree):
    log_in(page, "tinh_ql")
    expect(unit_name(page)).to_have_text(tree.p1.name)
    url = page.url
    page.get_by_placeholder("Tìm đơn vị cấp dưới theo tên…").fill("la bong")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text(tree.br2a.name)
    assert page.url == url  # swapped in place by htmx, no navigation
    results.get_by_role("link", name=tree.br2a.name).click()
    expect(unit_name(page)).to_have_text(tree.br2a.name)
    assert page.console_errors == []


def test_it_opens_the_collapsed_menu_and_logs_out(page, users, tree):
    log_in(page, "coso_ql")
    expect(unit_name(page)).to_be_visible()
    user_link = page.get_by_test_id("nav-user")
    expect(user_link).to_be_hidden()
    page.get_by_role("button", name="Mở trình đơn").click()
    expect(user_link).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert page.console_errors == []
