"""The funds on a phone and a desktop: a humanitarian fund entry ("Thu" reads as income), and a
branch's tick-list whose dues come into the branch's dues fund; the ledger, public page and the
statements looked at (screenshots, and the PDFs as pictures, under SCREENSHOT_DIR when set)."""

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from funds import services
from members.tests.factories import make_member
from members.tests.pdf_pages import overflows, pdf_text

from .test_walk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 360, "height": 800}, {"width": 1366, "height": 900}]
IDS = ["phone", "desktop"]


def _shot(page, name: str, viewport) -> None:
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/{name}-{viewport['width']}.png", full_page=True)


def _pdf_png(content: bytes, name: str) -> None:
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        pdf = Path(shots) / f"{name}.pdf"
        pdf.write_bytes(content)
        png = str(pdf.with_suffix(""))
        subprocess.run(["/usr/bin/pdftoppm", "-png", "-r", "60", str(pdf), png], check=True)  # noqa: S603


_WIDE = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > limit + 1 || (e.scrollWidth > limit + 1 && getComputedStyle(e).overflowX === 'visible'))
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .slice(0, 12)"""


def _fits(page, viewport) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], page.evaluate(_WIDE, viewport["width"])


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
def test_it_records_an_income_in_the_humanitarian_fund(page, users, tree, viewport):
    page.set_viewport_size(viewport)
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.b1.pk}/funds/")
    expect(page.get_by_test_id("fund-tab-humanitarian")).to_have_class(
        "nav-link text-nowrap active"
    )
    page.get_by_test_id("fund-new").click()
    form = page.get_by_test_id("fund-form")
    expect(form.get_by_label("Quỹ")).to_have_value("humanitarian")
    direction = form.get_by_label("Thu/chi")
    # The choice reads "Thu" (income), never "Thứ 5" (Thursday).
    expect(direction.locator("option")).to_have_text(["Thu", "Chi"])
    direction.select_option(label="Thu")
    form.get_by_label("Loại").select_option(label="Ủng hộ, tài trợ")
    form.get_by_label("Số tiền (đồng)").fill("1.500.000")
    form.get_by_label("Diễn giải").fill("Bà con tổ 5 ủng hộ Tết nhân ái")
    form.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã ghi bút toán.")).to_be_visible()
    ledger = page.get_by_test_id("fund-ledger")
    expect(ledger.locator("th")).to_contain_text(["Ngày", "Số chứng từ", "Diễn giải", "Thu", "Chi"])
    row = ledger.get_by_test_id("fund-row")
    expect(row).to_contain_text("Ủng hộ, tài trợ")
    expect(row).to_contain_text("1.500.000 đ")
    expect(page.get_by_test_id("fund-balance")).to_have_text("1.500.000 đ")
    # b1 has branches: the balance with them is shown as well (none of theirs yet).
    expect(page.get_by_test_id("fund-subtree-balance")).to_have_text("1.500.000 đ")
    assert "Thứ 5" not in page.content()
    _shot(page, "fund-ledger", viewport)
    _fits(page, viewport)
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
def test_a_branch_head_ticks_members_and_the_dues_fund_rises(
    page, users, tree, make_user, viewport
):
    page.set_viewport_size(viewport)
    make_user("chi_hoi_1", tree.br1a, "editor")
    for name in ("Nguyễn Thị Hòa", "Trần Văn Bình", "Lê Thị Cúc"):
        make_member(None, tree.br1a, name, joined=datetime.date(2020, 1, 1))
    log_in(page, "chi_hoi_1")
    page.goto(f"/u/{tree.br1a.pk}/funds/?fund=dues")
    expect(page.get_by_test_id("fund-balance")).to_have_text("0 đ")

    page.goto(f"/u/{tree.br1a.pk}/dues/ticks/")
    # The branch's dues fund at a glance on the tick-list.
    expect(page.get_by_test_id("tick-dues-fund")).to_have_text("Quỹ hội phí: 0 đ")
    rows = page.get_by_test_id("tick-row")
    rows.filter(has_text="Nguyễn Thị Hòa").get_by_text("Đã đóng", exact=True).click()
    rows.filter(has_text="Lê Thị Cúc").get_by_text("Đã đóng", exact=True).click()
    page.get_by_test_id("ticklist-submit").click()
    expect(page.get_by_test_id("tick-counts")).to_contain_text("Đã đóng 2")
    glance = page.get_by_test_id("tick-dues-fund")
    expect(glance).to_have_text("Quỹ hội phí: 24.000 đ")
    _fits(page, viewport)
    _shot(page, "dues-ticklist-fund", viewport)
    glance.click()
    expect(page.get_by_test_id("fund-tab-dues")).to_have_class("nav-link text-nowrap active")
    expect(page.get_by_test_id("fund-balance")).to_have_text("24.000 đ")

    page.goto(f"/u/{tree.br1a.pk}/funds/")
    page.get_by_test_id("fund-tab-dues").click()
    expect(page.get_by_test_id("fund-balance")).to_have_text("24.000 đ")
    ledger = page.get_by_test_id("fund-ledger")
    expect(ledger.get_by_test_id("fund-row")).to_have_count(2)
    expect(ledger).to_contain_text("Lê Thị Cúc (năm")
    # The humanitarian fund did not move.
    page.get_by_test_id("fund-tab-humanitarian").click()
    expect(page.get_by_test_id("fund-balance")).to_have_text("0 đ")
    _fits(page, viewport)
    page.goto(f"/u/{tree.br1a.pk}/funds/?fund=dues")
    _shot(page, "fund-dues-branch", viewport)
    assert page.console_errors == []


def test_the_statements_and_public_page_as_printed_and_seen(page, users, tree):
    """The base's dues statement, its fund ledger statements and public page (looked at)."""
    today = timezone.localdate()
    for m in [make_member(None, tree.br1a, f"Hội viên {i}", joined=datetime.date(2020, 1, 1))
              for i in range(3)]:  # fmt: skip
        from dues.services import record_payment

        record_payment(actor=None, membership=m, year=today.year, paid_on=today)
    services.record_entry(actor=None, unit=tree.b1, on=today, amount=3_510_800, direction="in",
                          category="donation", campaign="Tết nhân ái")  # fmt: skip
    services.set_public(actor=None, unit=tree.b1, public=True)
    log_in(page, "coso_ql")
    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        page.goto(f"/u/{tree.b1.pk}/dues/remittance/")
        expect(page.get_by_test_id("statement-total")).to_contain_text("36.000 đ")
        _fits(page, viewport)
        _shot(page, "remittance", viewport)
        page.goto(f"/public/u/{tree.b1.pk}/funds/")
        expect(page.get_by_test_id("public-balance")).to_have_text("3.510.800 đ")
        _fits(page, viewport)
        _shot(page, "fund-public", viewport)
    for url, name in (
        (f"/u/{tree.b1.pk}/dues/remittance.pdf", "remittance"),
        (f"/u/{tree.b1.pk}/funds/ledger.pdf", "ledger-humanitarian"),
        (f"/u/{tree.br1a.pk}/funds/ledger.pdf?fund=dues", "ledger-dues"),
    ):
        r = page.request.get(url)
        assert r.status == 200
        assert overflows(r.body()) == []
        text = "\n".join(pdf_text(r.body()))
        assert "Người lập" in text and "Chủ tịch" in text
        _pdf_png(r.body(), name)


def _seed_funds(tree) -> None:
    """A base's humanitarian fund as a treasurer keeps it: long descriptions, document numbers,
    donors (a person, a company with its contact), a monthly pledge, a transfer to a branch, a
    reversal; its public page open."""
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    person = make_member(None, tree.b1, "Nguyễn Thị Thanh Hương", joined=datetime.date(2020, 1, 1))
    giver = services.create_donor(actor=None, unit=tree.b1, kind="person", person=person.person,
                                  contact="0905 123 456")  # fmt: skip
    company = services.create_donor(
        actor=None, unit=tree.b1, kind="organisation", organisation_kind="company",
        name="Công ty TNHH Thương mại và Dịch vụ Vận tải Hải Châu",
        contact="Phòng Hành chính, 0236 3821 456, hanhchinh@vantaihaichau.vn",
    )  # fmt: skip
    pledge = services.create_pledge(actor=None, donor=company, unit=tree.b1, amount=2_000_000,
                                    frequency="monthly", start=start,
                                    campaign="Chương trình Tết nhân ái 2026")  # fmt: skip
    services.record_entry(actor=None, unit=tree.b1, on=start, amount=12_500_000, direction="in",
                          category="donation", pledge=pledge, document_number="PT-2026/0001",
                          campaign="Chương trình Tết nhân ái 2026",
                          note="Ủng hộ đợt 1 bằng chuyển khoản, kèm danh sách hộ nghèo được đề xuất")  # fmt: skip
    services.record_entry(actor=None, unit=tree.b1, on=start, amount=500_000, direction="in",
                          category="donation", donor=giver, document_number="PT-2026/0002")  # fmt: skip
    wrong = services.record_entry(actor=None, unit=tree.b1, on=start, amount=350_000,
                                  direction="out", category="relief",
                                  document_number="PC-2026/0001", note="Ghi nhầm số tiền")  # fmt: skip
    services.reverse_entry(actor=None, entry=wrong, on=start, note="Ghi nhầm số tiền")
    services.record_entry(actor=None, unit=tree.b1, on=today, amount=11_250_000, direction="out",
                          category="relief", document_number="PC-2026/0002",
                          campaign="Chương trình Tết nhân ái 2026",
                          note="Trao 45 suất quà Tết cho hộ nghèo, hộ cận nghèo tổ dân phố 1 đến 7")  # fmt: skip
    services.transfer_between_units(actor=None, from_unit=tree.b1, to_unit=tree.br1a,
                                    amount=300_000, on=today, document_number="PC-2026/0003",
                                    note="Hỗ trợ chi hội tổ chức thăm hỏi")  # fmt: skip
    services.set_public(actor=None, unit=tree.b1, public=True)


def _readable(page, cell, viewport, *, wide: bool = False) -> None:
    """``cell`` is seen whole on the screen; a ``wide`` one (a description, a name), on a phone,
    gets most of the screen's width (not one word a line)."""
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    if wide and viewport["width"] < 576:
        assert box["width"] >= 0.6 * viewport["width"], box


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=IDS)
def test_the_fund_pages_read_on_a_phone_and_a_desktop(page, users, tree, viewport):
    """The ledger, donors, pledges and public page of a fund with long lines: no sideways
    scrolling, each amount and description seen whole, the description on most of a phone's
    width."""
    _seed_funds(tree)
    page.set_viewport_size(viewport)
    log_in(page, "coso_ql")

    page.goto(f"/u/{tree.b1.pk}/funds/")
    _shot(page, "fund-ledger-long", viewport)
    rows = page.get_by_test_id("fund-ledger").get_by_test_id("fund-row")
    expect(rows).to_have_count(6)
    gift = rows.filter(has_text="PT-2026/0001")
    expect(gift).to_contain_text("12.500.000 đ")
    _readable(page, gift.get_by_test_id("fund-amount"), viewport)
    _readable(page, gift.get_by_test_id("fund-description"), viewport, wide=True)
    expect(gift.get_by_test_id("fund-description")).to_contain_text(
        "Ủng hộ đợt 1 bằng chuyển khoản"
    )
    expect(page.get_by_test_id("fund-balance")).to_have_text("1.450.000 đ")
    _fits(page, viewport)

    page.goto(f"/u/{tree.b1.pk}/funds/donors/")
    _shot(page, "fund-donors", viewport)
    company = page.get_by_test_id("donor-row").filter(has_text="Vận tải Hải Châu")
    expect(company).to_contain_text("12.500.000 đ")
    _readable(page, company.get_by_test_id("donor-name"), viewport, wide=True)
    _readable(page, company.get_by_test_id("donor-given"), viewport)
    _fits(page, viewport)

    page.goto(f"/u/{tree.b1.pk}/funds/pledges/")
    _shot(page, "fund-pledges", viewport)
    pledge = page.get_by_test_id("pledge-row").filter(has_text="Vận tải Hải Châu")
    _readable(page, pledge.get_by_test_id("pledge-donor"), viewport, wide=True)
    _readable(page, pledge.get_by_test_id("pledge-amount"), viewport)
    _fits(page, viewport)

    page.goto(f"/public/u/{tree.b1.pk}/funds/")
    _shot(page, "fund-public-long", viewport)
    expect(page.get_by_test_id("public-balance")).to_have_text("1.450.000 đ")
    _fits(page, viewport)
    assert page.console_errors == []
