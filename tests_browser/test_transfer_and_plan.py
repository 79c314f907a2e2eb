"""Transfer a member to another base (asked, then accepted there) and enter a plan for 2026–2030,
on a phone and a desktop: what the user sees."""

import datetime

import pytest
from playwright.sync_api import expect

from members.models import Membership
from members.tests.factories import make_member

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (360, 800), "desktop": (1366, 900)}
B1 = "Hội Chữ thập đỏ phường Hải Châu"


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request, page):
    width, height = VIEWPORTS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return request.param


def _log_out(page):
    page.context.clear_cookies()


def test_it_transfers_a_member_to_another_base(page, viewport, users, tree):
    m = make_member(
        users.sibling, tree.br2a, "Lê Thị Thu", year=1990, joined=datetime.date(2020, 3, 1)
    )
    # b2's manager: b1 is another base, found without accents, asked by a request
    log_in(page, "coso_khac")
    page.goto(f"/memberships/{m.pk}/transfer/")
    expect(page.get_by_role("heading", name="Chuyển sinh hoạt")).to_be_visible()
    page.get_by_test_id("transfer-search").fill("hai chau")
    choice = page.get_by_test_id("transfer-choices").locator("label", has_text=B1)
    expect(choice).to_contain_text("gửi đề nghị")
    choice.click()
    expect(choice.get_by_role("radio")).to_be_checked()
    form = page.get_by_test_id("transfer-form")
    form.get_by_label("Ngày chuyển").fill("2024-05-01")
    form.get_by_label("Ghi chú").fill("Chuyển về ở với con")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"transfer-ask-{viewport}.png", full_page=True)
    form.get_by_role("button", name="Chuyển sinh hoạt").click()
    expect(page.get_by_text(f"Đã gửi đề nghị chuyển Lê Thị Thu đến {B1}.")).to_be_visible()

    # b1's manager: told on the register, accepts into a branch
    _log_out(page)
    log_in(page, "coso_ql")
    page.goto(f"/u/{tree.b1.pk}/members/")
    waiting = page.get_by_test_id("transfers-waiting")
    expect(waiting).to_contain_text("1 đề nghị chuyển sinh hoạt đến đang chờ nhận.")
    waiting.get_by_role("link", name="Xem và xử lý").click()
    card = page.get_by_test_id("incoming-request")
    expect(card).to_contain_text("Lê Thị Thu (1990)")
    expect(card).to_contain_text("Chi hội thôn La Bông — Hội Chữ thập đỏ xã Hòa Vang")
    card.get_by_label("Nhận vào").select_option(label=f"Chi hội tổ dân phố 1 — {B1}")
    if viewport == "phone":
        assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / f"transfer-accept-{viewport}.png", full_page=True)
    card.get_by_role("button", name="Nhận").click()
    expect(page.get_by_text(f"Đã nhận Lê Thị Thu vào Chi hội tổ dân phố 1 — {B1}.")).to_be_visible()
    expect(page.get_by_test_id("incoming-decided")).to_contain_text("Đã nhận")
    new = Membership.objects.get(person=m.person, ended_on__isnull=True)
    assert new.unit_id == tree.br1a.pk and new.joined_on == datetime.date(2024, 5, 1)

    # b2's manager sees the outcome, named by the base only
    _log_out(page)
    log_in(page, "coso_khac")
    page.goto(f"/u/{tree.b2.pk}/transfers/")
    outcome = page.get_by_test_id("outgoing-decided")
    expect(outcome).to_contain_text("Đã nhận")
    expect(outcome).to_contain_text(B1)
    expect(outcome).not_to_contain_text("Chi hội tổ dân phố")
    page.screenshot(path=SCREENSHOTS / f"transfer-outcome-{viewport}.png", full_page=True)


def test_it_saves_a_plan_for_2026_2030(page, viewport, users, tree):
    log_in(page, "tinh_ql")
    page.goto(f"/u/{tree.p1.pk}/indicators/plans/")
    form = page.get_by_test_id("plan-form")
    form.get_by_label("Số văn bản").fill("01-NQ/ĐH")
    form.get_by_label("Ngày ban hành").fill("2025-10-20")
    form.get_by_label("Trích yếu").fill("Nghị quyết Đại hội nhiệm kỳ 2026–2030")
    form.get_by_label("Từ năm").fill("2026")
    form.get_by_label("Đến năm").fill("2030")
    form.get_by_label("Hội viên (tối thiểu)").fill("1200")
    if viewport == "phone":
        assert_fits_the_phone(page)
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu văn bản số 01-NQ/ĐH.")).to_be_visible()
    expect(page.get_by_test_id("form-errors")).to_have_count(0)
    plan = page.get_by_test_id("plans").locator(".card", has_text="01-NQ/ĐH")
    expect(plan).to_contain_text("nhiệm kỳ 2026–2030")
    expect(plan).to_contain_text("Hội viên: 1200")
    page.screenshot(path=SCREENSHOTS / f"plan-2026-2030-{viewport}.png", full_page=True)
