import datetime
import unicodedata

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from members.services import admit_member
from people.services import create_person

from .test_walk import assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _admit(actor, unit, name, sex="F", year=1985):
    p = create_person(
        actor=actor, unit=unit, full_name=name, sex=sex, birth_year=year, confirm_duplicate=True
    )
    return admit_member(
        actor=actor, person=p, unit=unit, category="member", joined_on=datetime.date(2020, 1, 1)
    )


def test_it_finds_a_member_by_unaccented_name_and_downloads_the_book(page, users, tree, tmp_path):
    a = users.base_editor
    _admit(a, tree.br1a, "Nguyễn Thị Hoà")  # old tone placement
    _admit(a, tree.br1b, unicodedata.normalize("NFD", "Nguyễn Thị Hòa"), year=1990)  # decomposed
    _admit(a, tree.br1a, "Trần Văn Hùng", sex="M", year=1970)
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/members/")
    rows = page.get_by_test_id("register-rows")
    expect(rows).to_contain_text("Trần Văn Hùng")

    page.get_by_role("searchbox").fill("nguyen thi hoa")
    expect(rows).not_to_contain_text("Trần Văn Hùng")  # htmx replaced the rows
    expect(rows.get_by_role("link", name="Nguyễn Thị Hoà")).to_have_count(1)
    expect(rows.get_by_role("link", name="Nguyễn Thị Hòa")).to_have_count(1)
    assert "q=nguyen" in page.url  # the filtered list has a shareable address
    assert_fits_the_phone(page)

    page.get_by_test_id("export-menu").get_by_role("button").click()
    with page.expect_download() as info:
        page.get_by_test_id("export-book-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    cells = [
        str(c)
        for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        for c in row
    ]
    assert "SỔ QUẢN LÝ HỘI VIÊN" in cells
    names = [c for c in cells if c.startswith(("Nguyễn", "Trần"))]
    # The whole register (the search narrows the page, not the book), sorted by given name.
    assert names == ["Nguyễn Thị Hoà", "Nguyễn Thị Hòa", "Trần Văn Hùng"]
    assert page.console_errors == []
