"""A province's indicator table and charts with ~90 child units, on a phone and a desktop."""

import datetime

import pytest
from playwright.sync_api import expect

from indicators import figures
from members.tests.factories import make_member
from org.models import Unit, UnitKind

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMUNES = ["An", "Bình", "Cẩm", "Điện", "Hòa", "Lộc", "Phước", "Quế", "Tam", "Thăng"]


@pytest.fixture
def province(tree, users):
    """p1 with 90 more bases (two of them with members), their figures counted."""
    for i in range(90):
        Unit.objects.add_child(
            tree.p1,
            {
                "name": f"Hội Chữ thập đỏ xã {COMMUNES[i % 10]} Phú Nam {i + 1}",
                "kind": UnitKind.BASE,
            },
        )
    p1 = Unit.objects.get(pk=tree.p1.pk)
    first, second = Unit.objects.children_of(p1).order_by("path")[2:4]
    for unit, n in ((first, 3), (second, 1)):
        for k in range(n):
            make_member(users.superuser, unit, f"Nguyễn Thị {k}", joined=datetime.date(2020, 1, 1))
    figures.refresh_all()
    return p1


@pytest.mark.parametrize("size", [(360, 800), (1366, 900)], ids=["phone", "desktop"])
def test_a_province_reads_its_indicator_table_and_charts(page, users, province, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "tinh_ql")
    expect(page.get_by_test_id("unit-name")).to_have_text(province.name)
    page.goto(f"/u/{province.pk}/indicators/")
    table = page.get_by_test_id("children")
    expect(table.locator("tbody tr")).to_have_count(92)
    if width == 360:
        assert_fits_the_phone(page)

    # One line per unit name: every name cell as tall as the first, which holds one line.
    heights = table.locator("tbody th").evaluate_all("cells => cells.map(c => c.offsetHeight)")
    assert max(heights) <= min(heights) + 1, "a unit name wraps"
    name = table.locator("tbody th a").first
    expect(name).not_to_contain_text("Hội Chữ thập đỏ")  # the words every unit shares, dropped
    scroller = page.get_by_test_id("children-scroll")
    before = name.bounding_box()
    scroller.evaluate("e => { e.scrollLeft = 2000; }")
    assert scroller.evaluate("e => e.scrollLeft") > 0
    after = name.bounding_box()
    assert before and after and abs(after["x"] - before["x"]) < 1, "the name column scrolled away"
    page.screenshot(path=SCREENSHOTS / f"indicator-table-{width}.png")

    # Sorted by members, the unit with 3 members first.
    table.get_by_role("link", name="Hội viên", exact=True).click()  # ascending
    table.get_by_role("link", name="Hội viên", exact=True).click()  # descending
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("3")

    # Only the columns picked.
    page.get_by_test_id("column-picker").locator("summary").click()
    picker = page.get_by_test_id("column-picker")
    for box in picker.get_by_role("checkbox").all():
        box.uncheck()
    picker.get_by_role("checkbox", name="Hội viên", exact=True).check()
    picker.get_by_role("checkbox", name="Tỷ lệ thu hội phí").check()
    picker.get_by_role("button", name="Chỉ hiện các cột đã chọn").click()
    expect(table.locator("thead th")).to_have_count(3)
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("3")  # still sorted
    if width == 360:
        assert_fits_the_phone(page)

    # The charts: the ten highest and the ten lowest, not 92 bars.
    page.get_by_test_id("chart-indicator").select_option(label="Hội viên")
    bars = page.evaluate(
        "['chart-top', 'chart-bottom'].map(id => window.Chart.getChart(id).data.labels)"
    )
    assert [len(b) for b in bars] == [10, 10]
    assert bars[0][0].startswith("xã ")  # the short name
    page.get_by_test_id("chart-n").select_option("5")
    assert page.evaluate("window.Chart.getChart('chart-top').data.labels.length") == 5
    page.locator("#charts-title").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"indicator-charts-{width}.png")
    assert page.console_errors == []
