"""A province officer builds the year's summary report on a phone, edits a sentence, saves a
version and sees it listed; then the data is corrected and the change accepted."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.figures import refresh_year
from indicators.models import ReportedValue

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report(unit, year, **values):
    for code, value in values.items():
        ReportedValue.objects.update_or_create(
            unit=unit, year=year, code=code, defaults={"value": value}
        )
    refresh_year(year)


def test_a_province_officer_builds_edits_and_saves_the_years_report(page, users, tree):
    year = timezone.localdate().year - 1
    _report(tree.p1, year, blood_drives=2, blood_units=1085)
    log_in(page, "tinh_ql")
    page.goto(f"/u/{tree.p1.pk}/reports/")
    page.get_by_test_id(f"period-{year}").click()
    expect(page.get_by_test_id("report-title")).to_have_text(f"Báo cáo tổng kết năm {year}")
    expect(page.get_by_test_id("sections")).to_contain_text("tiếp nhận 1.085 đơn vị máu")
    page.get_by_test_id("start").click()
    expect(page.get_by_text("Đã lập báo cáo từ số liệu (phiên bản 1).")).to_be_visible()
    blood = page.get_by_test_id("text_blood")
    expect(blood).to_have_value("Tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu.")
    blood.fill(
        "Trong năm, toàn thành phố tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu."
    )
    page.get_by_label("Ghi chú phiên bản").fill("Sửa câu hiến máu")
    assert_fits_the_phone(page)
    page.get_by_test_id("save").click()
    expect(page.get_by_text("Đã lưu phiên bản 2.")).to_be_visible()
    expect(page.get_by_test_id("version-2")).to_contain_text("Sửa câu hiến máu")
    expect(page.get_by_test_id("version-2")).to_contain_text("tinh_ql")
    expect(page.get_by_test_id("version-1")).to_be_visible()
    expect(page.get_by_test_id("text_blood")).to_have_value(
        "Trong năm, toàn thành phố tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.085 đơn vị máu."
    )
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "reports-phone.png", full_page=True)
    # The province corrects its number: the figure in the text is offered for update.
    _report(tree.p1, year, blood_units=1120)
    page.reload()
    expect(page.get_by_test_id("diffs")).to_contain_text("1.120")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("text_blood")).to_have_value(
        "Trong năm, toàn thành phố tổ chức 2 đợt hiến máu tình nguyện, tiếp nhận 1.120 đơn vị máu."
    )
    expect(page.get_by_test_id("version-3")).to_be_visible()
    assert page.console_errors == []


def test_a_report_for_a_quarter_chosen_by_its_dates(page, users, tree):
    log_in(page, "tinh_ql")
    page.goto(f"/u/{tree.p1.pk}/reports/")
    page.get_by_label("Từ ngày").fill("2025-07-01")
    page.get_by_label("Đến ngày").fill("2025-09-30")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "reports-home-phone.png", full_page=True)
    page.get_by_role("button", name="Mở kỳ này").click()
    expect(page.get_by_test_id("report-title")).to_have_text("Báo cáo tổng kết quý III năm 2025")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "reports-quarter-phone.png", full_page=True)
    page.goto(f"/u/{tree.p1.pk}/reports/")
    page.get_by_label("Từ ngày").fill("2025-09-30")
    page.get_by_label("Đến ngày").fill("2025-07-01")
    page.get_by_role("button", name="Mở kỳ này").click()
    expect(page.get_by_role("alert").first).to_contain_text("Kỳ báo cáo không hợp lệ")
    assert page.console_errors == []
