"""A base fills and submits its annual report on a phone (numbers saved as they are typed); the
province approves it from the table of its bases: what each of them sees."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from indicators.figures import refresh_year
from members.tests.factories import make_member
from org.models import PeriodLock
from reporting.models import Report, Status
from reporting.presets import load_preset

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_base_submits_its_annual_report_and_the_province_approves_it(page, users, tree):
    load_preset(actor=None, preset="red_cross")
    make_member(None, tree.br1a, "Trần Thị Lan", joined=datetime.date(2020, 3, 1))
    year = timezone.localdate().year - 1
    refresh_year(year)  # what the refresh task keeps current
    log_in(page, "coso_ql")
    page.goto(f"/u/{tree.b1.pk}/reporting/")
    page.get_by_test_id("form-rc-annual").get_by_test_id(f"period-{year}").click()
    expect(page.get_by_test_id("status")).to_have_text("Chưa lập")
    # Computed from the records: shown, not an input.
    expect(page.get_by_test_id("source-members")).to_have_text("Từ hồ sơ")
    expect(page.get_by_test_id("value-members")).to_have_text("1")
    expect(page.get_by_test_id("input-members")).to_be_hidden()
    # A wrong number is refused where it was typed, then put right.
    page.get_by_test_id("input-relief_people").fill("mười")
    page.get_by_test_id("input-relief_people").press("Tab")
    expect(page.get_by_test_id("error-relief_people")).to_contain_text("số nguyên không âm")
    for code, typed in (
        ("relief_people", "8.578"),
        ("funds_raised", "3.000.000.000"),
    ):
        page.get_by_test_id(f"input-{code}").fill(typed)
        page.get_by_test_id(f"input-{code}").press("Tab")
        expect(page.get_by_test_id(f"saved-{code}")).to_have_text("Đã lưu")
        expect(page.get_by_test_id(f"value-{code}")).to_contain_text(typed)
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "reporting-entry-phone.png", full_page=True)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã nộp, chờ duyệt")
    expect(page.get_by_text(f"Đã nộp báo cáo năm {year}.")).to_be_visible()
    expect(page.get_by_test_id("input-relief_people")).to_have_count(0)  # no longer typed
    assert_fits_the_phone(page)

    page.context.clear_cookies()
    log_in(page, "tinh_ql")
    page.goto(f"/u/{tree.p1.pk}/reporting/")
    expect(page.get_by_test_id("waiting")).to_contain_text(tree.b1.name)
    page.goto(f"/u/{tree.p1.pk}/reporting/rc-annual/{year}/units/")
    expect(page.get_by_test_id(f"row-{tree.b1.pk}")).to_contain_text("8.578")
    # Sent after the deadline (15 January): late; the other base has not sent it: overdue.
    expect(page.get_by_test_id("late")).to_have_text("1")
    expect(page.get_by_test_id("missing")).to_have_text("1")
    expect(page.get_by_test_id("reminders")).to_contain_text(tree.b2.name)
    page.get_by_test_id(f"pick-{tree.b1.pk}").check()
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "reporting-province-phone.png", full_page=True)
    page.get_by_test_id("approve-many").click()
    expect(page.get_by_text("Đã duyệt 1 báo cáo.")).to_be_visible()
    report = Report.objects.get(unit=tree.b1)
    assert (report.status, report.step) == (Status.SUBMITTED, 1)  # the central level is next
    assert PeriodLock.objects.filter(unit=tree.b1, reopened_at__isnull=True).exists()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/u/{tree.p1.pk}/reporting/rc-annual/{year}/units/")
    expect(page.get_by_test_id(f"row-{tree.b1.pk}")).to_contain_text("Đã nộp, chờ duyệt")
    page.screenshot(path=SCREENSHOTS / "reporting-province-desktop.png", full_page=True)
    # The province's dashboard: the base's reported relief is no indicator, its members are
    # counted from the records; a figure a base reported is marked.
    refresh_year(year)
    page.goto(f"/u/{tree.p1.pk}/indicators/?year={year}")
    expect(page.get_by_test_id("card-bases_reporting_on_time_pct")).to_contain_text("0")
    page.screenshot(path=SCREENSHOTS / "reporting-dashboard-desktop.png", full_page=True)
    page.goto(f"/u/{tree.p1.pk}/reporting/")
    page.screenshot(path=SCREENSHOTS / "reporting-home-desktop.png", full_page=True)
    page.goto(f"/u/{tree.b1.pk}/reporting/rc-annual/{year}/")
    expect(page.get_by_test_id("history")).to_contain_text("Duyệt")
    expect(page.get_by_test_id("reopen")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "reporting-report-desktop.png", full_page=True)
    assert page.console_errors == []
