"""A base fills its emulation self-assessment on a phone and submits it: the automatic criteria
are already scored from the data, the base types its points and evidence for the others, a
missing piece of evidence is refused, then the submitted sheet shows its total and class."""

import pytest
from django.utils import timezone
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


def test_the_province_issues_a_plan_records_a_visit_and_a_recommendation(page, viewport, users, tree):  # fmt: skip
    log_in(page, "tinh_ql")
    page.goto(f"/u/{tree.p1.pk}/oversight/")
    page.get_by_role("link", name="Ban hành kế hoạch kiểm tra").click()
    page.get_by_label("Số kế hoạch").fill("10/KH-CTĐ")
    page.get_by_label("Nội dung kiểm tra").fill(
        "Kiểm tra công tác tổ chức, quỹ và phong trào năm 2025"
    )
    page.get_by_label(tree.b1.name).check()
    page.get_by_label(tree.b2.name).check()
    page.get_by_role("button", name="Ban hành").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("bắt buộc")  # the team
    expect(page.get_by_label(tree.b1.name)).to_be_checked()  # nothing typed or ticked is lost
    page.get_by_label("Đoàn kiểm tra (mỗi dòng: họ tên – nhiệm vụ)").fill("Phạm Thị Dung – Trưởng đoàn\nVõ Văn Em – Thành viên")  # fmt: skip
    page.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_test_id("inspected")).to_have_text("0/2")
    _shot(page, viewport, "plan")
    page.get_by_test_id("plan-units").get_by_role("listitem").filter(has_text=tree.b1.name).get_by_role("link", name="Ghi buổi kiểm tra").click()  # fmt: skip
    page.get_by_label("Cấp uỷ Đảng dự (mỗi dòng: họ tên – chức vụ)").fill("Nguyễn Văn An – Phó Bí thư Đảng uỷ")  # fmt: skip
    page.get_by_label("Hội Chữ thập đỏ dự").fill("Lê Văn Cường – Chủ tịch Hội")
    page.get_by_label("Ưu điểm").fill("Sổ sách đầy đủ")
    page.get_by_role("button", name="Ghi").first.click()
    expect(page.get_by_text("Đã ghi buổi kiểm tra.")).to_be_visible()
    page.get_by_label("Nội dung kiến nghị").fill("Cập nhật sổ hội viên trước 30/11")
    expect(page.get_by_label("Đơn vị thực hiện")).to_have_value(str(tree.b1.pk))
    page.get_by_role("button", name="Thêm kiến nghị").click()
    expect(page.get_by_text("Đã ghi kiến nghị.")).to_be_visible()
    expect(page.get_by_test_id("recommendations")).to_contain_text(
        "Cập nhật sổ hội viên trước 30/11"
    )
    _shot(page, viewport, "visit")
    page.get_by_role("link", name="10/KH-CTĐ").click()
    expect(page.get_by_test_id("inspected")).to_have_text("1/2")


def test_a_base_proposes_a_commendation_for_its_member_and_pays_it_from_the_fund(page, viewport, users, tree):  # fmt: skip
    from funds import selectors as fund_selectors
    from funds import services as fund_services
    from funds.models import Category, Direction
    from members.tests.factories import make_member
    from oversight.models import Commendation

    today = timezone.localdate()
    make_member(users.base_editor, tree.b1, "Hoàng Thị Mai", phone="0912345678")
    fund_services.record_entry(actor=None, unit=tree.b1, on=today, amount=5_000_000, direction=Direction.IN, category=Category.DONATION)  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/oversight/awards/")
    page.get_by_label("Người được đề nghị").fill("0912345678")
    page.get_by_label("Lĩnh vực").select_option(label="Hiến máu tình nguyện")
    page.get_by_label("Hình thức").select_option(label="Giấy khen")
    page.get_by_label("Tiền thưởng (đồng)").fill("300000")
    page.get_by_role("button", name="Ghi đề nghị").click()
    expect(page.get_by_text("Đã ghi đề nghị khen thưởng.")).to_be_visible()
    awards = page.get_by_test_id("awards")
    expect(awards).to_contain_text("Hoàng Thị Mai")
    awards.get_by_role("link", name="đề nghị — ghi quyết định").click()
    expect(page.get_by_label("Tiền thưởng (đồng)")).to_have_value("300000")
    page.get_by_label("Cơ quan quyết định").fill("Hội Chữ thập đỏ phường Hải Châu")
    page.get_by_label("Chi từ quỹ nhân đạo của đơn vị này").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # the decision's number
    expect(page.get_by_label("Chi từ quỹ nhân đạo của đơn vị này")).to_be_checked()
    page.get_by_label("Số quyết định").fill("15/QĐ-CTĐ")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã ghi quyết định khen thưởng.")).to_be_visible()
    expect(page.get_by_test_id("awards")).to_contain_text("15/QĐ-CTĐ")
    _shot(page, viewport, "awards")
    assert Commendation.objects.get().status == "decided"
    assert fund_selectors.fund_balance(tree.b1, today) == 4_700_000


def test_the_base_reports_progress_on_a_recommendation_with_evidence(page, viewport, users, tree):
    from oversight import services
    from oversight.tests.factories import plan, visit

    pm = users.province_manager
    v = visit(pm, tree.b1, plan=plan(pm, tree.p1, [tree.b1]))
    rec = services.add_recommendation(actor=pm, visit=v, text_="Cập nhật sổ hội viên", owner=tree.b1, due=timezone.localdate())  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/oversight/recommendations/{rec.pk}/")
    expect(page.get_by_test_id("state")).to_have_text("Đang thực hiện")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát và cập nhật 120 hội viên")
    page.get_by_label("Đã thực hiện xong").check()
    page.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # done needs evidence
    expect(page.get_by_label("Đã thực hiện xong")).to_be_checked()
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value(
        "Đã rà soát và cập nhật 120 hội viên"
    )
    page.get_by_label("Minh chứng (số văn bản, sổ, ảnh …)").fill("Sổ hội viên ngày 20/11")
    page.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_text("Đã cập nhật tiến độ kiến nghị.")).to_be_visible()
    expect(page.get_by_test_id("recommendations")).to_contain_text("Đã thực hiện")
    _shot(page, viewport, "follow-up")
