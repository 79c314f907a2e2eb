"""A single dues payment, then its printed receipt, on a phone and on a desktop."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from members.tests.factories import make_member
from members.tests.pdf_pages import overflows, pdf_text

from .test_walk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport",
    [{"width": 360, "height": 800}, {"width": 1366, "height": 900}],
    ids=["phone", "desktop"],
)
def test_it_records_a_payment_and_prints_its_receipt(page, users, tree, viewport):
    page.set_viewport_size(viewport)
    m = make_member(None, tree.br1a, "Nguyễn Thị Hòa", year=1962, joined=datetime.date(2020, 1, 1))
    log_in(page, "coso_nhap")
    page.goto(f"/u/{tree.br1a.pk}/dues/payments/new/?membership={m.pk}&year=2025")
    expect(page.get_by_role("heading", name="Ghi hội phí: Nguyễn Thị Hòa")).to_be_visible()
    page.get_by_label("Ngày nộp").fill("2025-05-10")
    page.get_by_role("button", name="Ghi biên lai").click()

    box = page.get_by_test_id("new-receipt")
    expect(box).to_contain_text("Biên lai số 2025-00001: Nguyễn Thị Hòa, 12.000 đ.")
    link = box.get_by_role("link", name="In biên lai (PDF)")
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shots = os.environ.get("SCREENSHOT_DIR")  # to look at the pages
    if shots:
        page.screenshot(path=f"{shots}/receipt-{viewport['width']}.png", full_page=True)
    # The same receipt has its own print button in the list below.
    row = page.get_by_test_id("payment-row").filter(has_text="2025-00001")
    expect(row.get_by_role("link", name="In biên lai")).to_be_visible()

    response = page.request.get(link.get_attribute("href"))  # with the browser's session
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    (sheet,) = pdf_text(response.body())
    assert "Số: 2025-00001" in sheet and "Người nộp tiền: Nguyễn Thị Hòa" in sheet
    assert "Bằng chữ: Mười hai nghìn đồng." in sheet
    assert overflows(response.body()) == []

    # The tick-list: ticking two more members offers their receipts at once.
    others = [make_member(None, tree.br1a, f"Trần Văn Bình {i}", sex="M") for i in (1, 2)]
    page.goto(f"/u/{tree.br1a.pk}/dues/ticks/?year=2025")
    paid = page.get_by_test_id("tick-row").filter(has_text="Nguyễn Thị Hòa")
    expect(paid.get_by_role("link", name="In biên lai 2025-00001")).to_be_visible()
    for m in others:
        page.locator(f"label[for='tick-{m.pk}']").click()
    page.get_by_test_id("ticklist-submit").click()
    done = page.get_by_test_id("new-receipts")
    expect(done).to_contain_text("Đã ghi 2 biên lai.")
    if shots:
        page.screenshot(path=f"{shots}/ticklist-{viewport['width']}.png", full_page=True)
    batch = page.request.get(
        done.get_by_role("link", name="In biên lai vừa ghi (PDF)").get_attribute("href")
    )
    sheets = pdf_text(batch.body())
    assert len(sheets) == 2 and "Số: 2025-00002" in sheets[0] and "Số: 2025-00003" in sheets[1]
    assert page.console_errors == []
