"""The cow bank on a phone: record a calf's birth under a cow a household keeps, see the calf is
the bank's and who is next on the waiting list, pass it on, and see the giving household's
obligation met and the chain reach the second household."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects import services
from projects.tests.factories import households

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
    page.screenshot(path=SCREENSHOTS / f"projects-{name}-{viewport}.png", full_page=True)


def test_a_calf_is_born_and_passed_on_to_the_next_household_on_a_phone(page, viewport, users, tree):
    ed = users.base_editor
    h1, h2 = households(ed, tree.b1, 2)
    today = timezone.localdate()
    services.add_waiting(
        actor=ed, unit=tree.b1, household=h2, since=today - datetime.timedelta(days=600)
    )
    cow = services.acquire_cow(actor=ed, unit=tree.b1, tag="BK-001", breed="Bò vàng",
                               acquired_on=today - datetime.timedelta(days=500), value=15_000_000)  # fmt: skip
    services.give_cow(actor=ed, animal=cow, household=h1, on=today - datetime.timedelta(days=490))
    born = today - datetime.timedelta(days=200)
    log_in(page, "coso_nhap")
    page.goto(f"/projects/animals/{cow.pk}/")
    expect(page.get_by_test_id("holder")).to_have_text(h1.person.full_name)
    birth = page.get_by_test_id("birth")
    birth.get_by_label("Ngày sinh").fill(born.isoformat())
    birth.get_by_label("Cái", exact=True).check()
    birth.get_by_label("Số thẻ tai").fill("BK-002")
    _shot(page, viewport, "birth")
    birth.get_by_role("button", name="Ghi bê sinh").click()
    expect(page.get_by_text("Đã ghi bê sinh.")).to_be_visible()
    expect(page.get_by_test_id("animal-title")).to_have_text("Bê BK-002")
    expect(page.get_by_test_id("animal-status")).to_have_text("Của ngân hàng bò")
    expect(page.get_by_test_id("next-household")).to_have_text(h2.person.full_name)
    _shot(page, viewport, "pass-on")
    page.get_by_test_id("pass-on").get_by_role("button", name="Chuyển bê").click()
    expect(page.get_by_text("Đã chuyển bê cho hộ tiếp theo.")).to_be_visible()
    expect(page.get_by_test_id("holder")).to_have_text(h2.person.full_name)
    # The giving household's obligation is met: its cow is its own.
    page.goto(f"/projects/households/{h1.pk}/")
    expect(page.get_by_test_id("steps")).to_contain_text(
        "Hộ không còn nghĩa vụ nào với ngân hàng bò."
    )
    expect(page.get_by_test_id("held")).to_contain_text("Đã thuộc về hộ")
    # The receiving household now owes its first calf.
    page.goto(f"/projects/households/{h2.pk}/")
    expect(page.get_by_test_id("steps")).to_contain_text("Chờ bò sinh bê")
    _shot(page, viewport, "household")
    page.goto(f"/projects/animals/{cow.pk}/chain/")
    expect(page.get_by_test_id("chain-reached")).to_have_text("2")
    expect(page.get_by_test_id("chain")).to_contain_text(h2.person.full_name)
    _shot(page, viewport, "chain")


def test_a_capital_group_cancels_a_mistaken_loan_and_a_member_leaves(page, viewport, users, tree):
    ed = users.base_editor
    a, b = households(ed, tree.b1, 2)
    day = datetime.date(2025, 1, 2)
    g = services.create_group(actor=ed, unit=tree.b1, name="Tổ giúp nhau làm kinh tế thôn 3", founded_on=day)  # fmt: skip
    ma = services.add_member(actor=ed, group=g, person=a.person, joined_on=day)
    services.add_member(actor=ed, group=g, person=b.person, joined_on=day)
    services.contribute(actor=ed, group=g, on=day, amount=10_000_000, source="Hội Chữ thập đỏ tỉnh")
    services.lend(actor=ed, group=g, member=ma, on=day, amount=4_000_000, due=datetime.date(2026, 1, 2))  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/projects/groups/{g.pk}/")
    expect(page.get_by_test_id("outstanding")).to_have_text("4.000.000 đ")
    member = page.get_by_test_id("members").get_by_role("listitem").filter(has_text=a.person.full_name)  # fmt: skip
    member.locator("summary").click()
    member.get_by_role("button", name="Ghi rời tổ").click()
    expect(page.get_by_role("alert").first).to_contain_text("còn nợ tổ 4.000.000 đồng")
    loan = page.get_by_test_id("loans").get_by_role("listitem").first
    loan.locator("summary").click()
    loan.get_by_label("Lý do huỷ").fill("Ghi nhầm người vay")
    loan.get_by_role("button", name="Huỷ").click()
    expect(page.get_by_text("Đã huỷ khoản ghi nhầm.")).to_be_visible()
    expect(page.get_by_test_id("outstanding")).to_have_text("0 đ")
    member = page.get_by_test_id("members").get_by_role("listitem").filter(has_text=a.person.full_name)  # fmt: skip
    member.locator("summary").click()
    member.get_by_role("button", name="Ghi rời tổ").click()
    expect(page.get_by_text("Đã ghi rời tổ.")).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("đã rời tổ")
    _shot(page, viewport, "group")


def test_a_house_is_proposed_approved_and_paid_from_the_fund_on_a_phone(page, viewport, users, tree):  # fmt: skip
    from funds import services as fund_services
    from funds.models import Category, Direction

    ed = users.base_editor
    [hh] = households(ed, tree.b1, 1)
    today = timezone.localdate()
    fund_services.record_entry(actor=None, unit=tree.b1, on=today, amount=100_000_000, direction=Direction.IN, category=Category.DONATION)  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/projects/houses/")
    page.get_by_text("Đề xuất một nhà Chữ thập đỏ").click()
    page.get_by_label("Hộ gia đình (chủ hộ)").select_option(label=f"{hh.person.full_name} (1970)")
    page.get_by_label("Xây mới").check()
    page.get_by_label("Dự toán (đồng)").fill("85.000.000")
    page.get_by_role("button", name="Đề xuất").click()
    expect(page.get_by_label("Xây mới")).to_be_checked()  # kept after the refusal
    expect(page.locator(".invalid-feedback").first).to_be_visible()  # the place is required
    page.get_by_label("Địa điểm (thôn, tổ, số nhà)").fill("Thôn Nà Pài")
    page.get_by_role("button", name="Đề xuất").click()
    expect(page.get_by_text("Đã ghi đề xuất nhà Chữ thập đỏ.")).to_be_visible()
    expect(page.get_by_test_id("house-status")).to_have_text("Đề xuất")
    page.get_by_role("button", name="Chuyển sang: Đã duyệt").click()
    expect(page.get_by_test_id("house-status")).to_have_text("Đã duyệt")
    page.get_by_text("Chi một đợt từ quỹ").click()
    expect(page.get_by_label("Đợt")).to_have_value("start")
    page.get_by_label("Số tiền chi từ quỹ nhân đạo (đồng)").fill("30.000.000")
    page.get_by_role("button", name="Chi và ghi sổ quỹ").click()
    expect(page.get_by_test_id("tranches")).to_contain_text("30.000.000 đ")
    _shot(page, viewport, "house")


def test_a_checkup_day_is_recorded_with_its_counts_services_and_partner_value(page, viewport, users, tree):  # fmt: skip
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/projects/events/")
    page.get_by_text("Ghi một đợt khám bệnh hoặc bếp ăn").click()
    page.get_by_label("Khám bệnh, cấp thuốc nhân đạo").check()
    page.get_by_label("Địa điểm").fill("Trạm y tế phường Hải Châu")
    page.get_by_role("checkbox", name="Khám bệnh", exact=True).check()
    page.get_by_role("checkbox", name="Cấp thuốc").check()
    page.get_by_label("Số lượt khám / suất ăn").fill("120")
    page.get_by_label("Nam", exact=True).fill("70")
    page.get_by_label("Nữ", exact=True).fill("60")
    page.get_by_label("Đối tác", exact=True).fill("150.000.000")
    page.get_by_role("button", name="Ghi", exact=True).click()
    # 70 + 60 is not 120: refused, with every box kept and the form open.
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    expect(page.get_by_role("checkbox", name="Cấp thuốc")).to_be_checked()
    expect(page.get_by_label("Đối tác", exact=True)).to_have_value("150.000.000")
    page.get_by_label("Nam", exact=True).fill("60")
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.get_by_text("Đã ghi đợt khám bệnh, cấp thuốc nhân đạo.")).to_be_visible()
    expect(page.get_by_test_id("services")).to_have_text("Dịch vụ: Khám bệnh, Cấp thuốc")
    expect(page.get_by_test_id("event-counts")).to_contain_text("120")
    expect(page.get_by_test_id("event-counts")).to_contain_text("150.000.000 đ")
    _shot(page, viewport, "event")
