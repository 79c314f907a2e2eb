"""A base fills its emulation self-assessment on a phone and submits it: the automatic criteria
are already scored from the data, the base types its points and evidence for the others, a
missing piece of evidence is refused, then the submitted sheet shows its total and class."""

import pytest
from playwright.sync_api import expect

from oversight.models import Assessment
from oversight.presets import create_seed000_sheet
from oversight.scoring import score_sheet

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
    page.screenshot(path=SCREENSHOTS / f"oversight-{name}-{viewport}.png", full_page=True)


def test_a_base_fills_and_submits_its_self_assessment(page, viewport, users, tree):
    sheet = create_seed000_sheet(actor=users.province_manager, unit=tree.p1, year=2025)
    score_sheet(sheet)
    manual = list(
        sheet.criteria.filter(method="manual", children__isnull=True).order_by("order", "pk")
    )
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/oversight/")
    page.get_by_role("link", name="Tự chấm điểm").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang tự chấm")
    _shot(page, viewport, "self-empty")
    for c in manual:
        page.locator(f"#p{c.pk}").fill("4")
        if c.number != "6":
            page.locator(f"#e{c.pk}").fill(f"Văn bản số {c.number}/CTĐ")
    page.get_by_role("button", name="Gửi cấp trên").click()
    expect(page.get_by_role("alert").first).to_contain_text("Hãy điền mục này")
    expect(page.get_by_test_id("status")).to_have_text("Đang tự chấm")
    press = next(c for c in manual if c.number == "6")
    page.locator(f"#e{press.pk}").fill("Phiếu đặt báo Nhân đạo")
    page.get_by_role("button", name="Gửi cấp trên").click()
    expect(page.get_by_text("Đã gửi bản tự chấm lên cấp trên.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi cấp trên")
    expect(page.get_by_test_id("total")).to_have_text(f"{4 * len(manual)},0")
    expect(page.get_by_test_id("criteria")).to_contain_text("Phiếu đặt báo Nhân đạo")
    _shot(page, viewport, "self-submitted")
    a = Assessment.objects.get(sheet=sheet, unit=tree.b1)
    assert a.status == "submitted" and a.total == 4 * len(manual)

    # The province sends it back with a reason; the base reads why and can score again.
    page.context.clear_cookies()
    log_in(page, "tinh_ql")
    page.goto(f"/oversight/assessments/{a.pk}/")
    back = page.get_by_test_id("return")
    back.locator("summary").click()
    back.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("return").locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi cấp trên")
    page.get_by_label("Lý do trả lại (cơ sở sẽ đọc)").fill("Thiếu minh chứng tiêu chí 6")
    _shot(page, viewport, "review-return")
    page.get_by_test_id("return").get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại bản tự chấm để cơ sở chấm lại.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Đang tự chấm")
    page.context.clear_cookies()
    log_in(page, "coso_nhap")
    page.goto(f"/oversight/assessments/{a.pk}/")
    expect(page.get_by_test_id("returned")).to_contain_text("Thiếu minh chứng tiêu chí 6")
    expect(page.locator(f"#p{press.pk}")).to_have_value("4.0")
    _shot(page, viewport, "self-returned")


def test_the_province_cancels_a_visit_recorded_by_mistake(page, viewport, users, tree):
    from oversight.tests.factories import plan, visit

    p = plan(users.province_manager, tree.p1, [tree.b1, tree.b2])
    v = visit(users.province_manager, tree.b1, plan=p)
    log_in(page, "tinh_ql")
    page.goto(f"/oversight/visits/{v.pk}/")
    box = page.get_by_test_id("cancel")
    box.locator("summary").click()
    box.get_by_role("button", name="Huỷ buổi kiểm tra ghi nhầm").click()
    expect(page.get_by_role("alert").first).to_contain_text("Lý do huỷ")
    page.get_by_test_id("cancel").locator("summary").click()
    page.get_by_label("Lý do huỷ").fill("Ghi nhầm ngày kiểm tra")
    page.get_by_test_id("cancel").get_by_role("button", name="Huỷ buổi kiểm tra ghi nhầm").click()
    expect(page.get_by_text("Đã huỷ buổi kiểm tra.")).to_be_visible()
    expect(page.get_by_test_id("cancelled")).to_contain_text("Ghi nhầm ngày kiểm tra")
    expect(page.get_by_role("button", name="Thêm kiến nghị")).to_have_count(0)
    _shot(page, viewport, "visit-cancelled")
    page.goto(f"/oversight/plans/{p.pk}/")
    expect(page.get_by_test_id("inspected")).to_have_text("0/2")
