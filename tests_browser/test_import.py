"""Import a small register into a chosen branch, on a phone and a desktop: upload, choose the
branch, check, commit, and see the members in that branch."""

import re

import pytest
from playwright.sync_api import expect

from imports import services
from imports.models import ImportJob
from imports.tests.files import sheet_xlsx

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 800), "desktop": (1366, 900)}
ROWS = [
    ["DANH SÁCH HỘI VIÊN"],
    [],
    ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Số CCCD", "Ghi chú"],
    [1, "Nguyễn Văn Khánh", "Nam", 1975, "", ""],
    [2, "Phạm Thị Lụa", "Nữ", 1982, "", "chuyển đến"],
    [],
    ["", "Người lập biểu", "", "", "Hải Châu, ngày 5 tháng 3 năm 2025"],
]


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


def test_it_imports_a_register_into_the_chosen_branch(page, viewport, users, tree, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(sheet_xlsx({"Danh sách": ROWS}))
    log_in(page, "coso_nhap")
    expect(page.get_by_test_id("unit-name")).to_have_text(tree.b1.name)
    page.goto(f"/u/{tree.b1.pk}/imports/new/")
    expect(page.get_by_test_id("import-template")).to_be_visible()
    form = page.get_by_test_id("import-upload")
    form.get_by_label("Tệp danh sách").set_input_files(str(path))
    branch = form.get_by_label("Chi hội cho các dòng không ghi chi hội")
    options = [o.strip() for o in branch.locator("option").all_inner_texts()]
    assert tree.br1b.name in options and tree.br2a.name not in options  # the base's own only
    branch.select_option(label=tree.br1b.name)
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"import-new-{viewport}.png", full_page=True)
    form.get_by_role("button", name="Tải lên và kiểm tra").click()

    # The mapping: the columns found under the title, the samples as written (1975, not 1975,0).
    mapping = page.get_by_test_id("mapping-table")
    expect(mapping).to_be_visible()
    year = mapping.get_by_test_id("mapping-row").nth(3)  # STT, Họ và tên, Giới tính, Năm sinh
    expect(year.locator("label")).to_have_text("Năm sinh")
    expect(year).to_contain_text(re.compile(r"1975\s+1982"), use_inner_text=True)
    expect(year).not_to_contain_text(",0")
    expect(page.get_by_label("Chi hội cho các dòng không ghi chi hội")).to_have_value(
        str(tree.br1b.pk)
    )
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"import-mapping-{viewport}.png", full_page=True)
    page.get_by_test_id("mapping-submit").click()

    # The check: two new rows in the chosen branch, the signature line not an error.
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    expect(page.get_by_test_id("count-error")).to_have_text("0")
    new = page.get_by_test_id("sample-new")
    expect(new.locator("tr", has_text="Nguyễn Văn Khánh")).to_contain_text(tree.br1b.name)
    expect(new.locator("tr", has_text="Phạm Thị Lụa")).to_contain_text(tree.br1b.name)
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"import-checked-{viewport}.png", full_page=True)
    page.get_by_test_id("import-commit").click()

    expect(page.get_by_test_id("job-status")).to_have_text("Đang chờ nhập")
    job = ImportJob.objects.get()
    services.commit_job(job.pk, users.base_editor)  # what the task worker runs
    # The progress bar polls and reloads the page once the import is done.
    expect(page.get_by_test_id("job-status")).to_have_text("Đã nhập xong", timeout=15_000)
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"import-done-{viewport}.png", full_page=True)

    page.goto(f"/u/{tree.br1b.pk}/members/")
    rows = page.get_by_test_id("register-row")
    expect(rows.filter(has_text="Nguyễn Văn Khánh")).to_have_count(1)
    expect(rows.filter(has_text="Phạm Thị Lụa")).to_have_count(1)
    page.goto(f"/u/{tree.br1a.pk}/members/")
    expect(page.get_by_test_id("register-row").filter(has_text="Nguyễn Văn Khánh")).to_have_count(0)
