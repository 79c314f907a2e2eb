"""The printed dues receipt (biên lai thu hội phí): what it says, who may print it, and the links
to it from the receipts list, the tick-list and the confirmation of a single payment."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.models import AuditEvent
from dues import services
from dues.models import DuesPayment
from members.tests.factories import make_member
from members.tests.pdf_pages import overflows, page_sizes, pdf_text

from .factories import members

D = datetime.date


@pytest.fixture
def receipt(tree, users):
    users.base_editor.first_name, users.base_editor.last_name = "Thu", "Lê Thị"
    users.base_editor.save()
    m = make_member(
        None, tree.br1a, "Nguyễn Thị Hòa", year=1962, card_number="48-0000042", joined=D(2020, 1, 1)
    )
    return services.record_payment(
        actor=users.base_editor, membership=m, year=2025, paid_on=D(2025, 5, 10), note="Nộp tại nhà"
    )


def _url(p: DuesPayment) -> str:
    return reverse("dues:receipt_pdf", args=[p.pk])


def test_it_prints_the_receipt_with_everything_a_receipt_says(tree, users, receipt, login):
    r = login(users.base_viewer).get(_url(receipt))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'inline; filename="bien-lai-hoi-phi_2025-00001.pdf"'
    (page,) = pdf_text(r.content)  # one sheet: two copies with a cut line between
    for text in (
        "HỘI CHỮ THẬP ĐỎ VIỆT NAM",
        "HỘI CHỮ THẬP ĐỎ PHƯỜNG HẢI CHÂU",  # the base whose book numbers it
        "Chi hội tổ dân phố 1",  # the collecting branch
        "BIÊN LAI THU HỘI PHÍ",
        "Số: 2025-00001",
        "Ngày 10 tháng 05 năm 2025",
        "Người nộp tiền: Nguyễn Thị Hòa",
        "Năm sinh: 1962",
        "Số thẻ hội viên: 48-0000042",
        "Nội dung: Hội phí năm 2025",
        "Số tiền: 12.000 đ",
        "Bằng chữ: Mười hai nghìn đồng.",
        "Ghi chú: Nộp tại nhà",
        "Người thu tiền",
        "(Ký, ghi rõ họ tên)",
        "Lê Thị Thu",  # the collector, under the signature space
        "Liên 1: lưu tại đơn vị thu",
        "Liên 2: giao người nộp tiền",
    ):
        assert text in page, text
    assert page.count("BIÊN LAI THU HỘI PHÍ") == 2
    assert "ĐÃ HUỶ" not in page.upper()
    event = AuditEvent.objects.get(action="dues.receipt.print")
    assert event.actor == users.base_viewer and event.data["receipts"] == ["2025-00001"]


def test_it_fits_the_receipt_on_a4_with_its_margins(tree, users, receipt, login):
    content = login(users.base_viewer).get(_url(receipt)).content
    assert page_sizes(content) == [pytest.approx((595.3, 841.9), abs=0.1)]
    assert overflows(content) == []


def test_it_marks_a_cancelled_receipt(tree, users, receipt, login):
    services.cancel_payment(actor=users.base_editor, payment=receipt, reason="Ghi nhầm người")
    (page,) = pdf_text(login(users.base_viewer).get(_url(receipt)).content)
    assert "Ghi nhầm người" in page and "Biên lai đã huỷ ngày" in page


def test_it_hides_a_receipt_outside_the_users_scope(tree, users, receipt, client, login):
    url = _url(receipt)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(users.sibling)  # manager of the sibling base
    assert client.get(url).status_code == 404
    login(users.nobody)
    assert client.get(url).status_code == 404
    login(users.base_viewer)
    assert client.post(url).status_code == 405


def test_it_prints_several_receipts_of_a_unit_and_404s_a_foreign_one(
    tree, users, receipt, client, login
):
    ms = members(tree.br1a, 2)
    more = services.record_payments(
        actor=users.base_editor,
        unit=tree.br1a,
        year=2025,
        paid_on=D(2025, 6, 1),
        memberships=ms,
    )
    (other,) = members(tree.br2a, 1)  # a branch of the sibling base
    foreign = services.record_payment(
        actor=None, membership=other, year=2025, paid_on=D(2025, 6, 1)
    )
    ids = ",".join(str(p.pk) for p in [receipt, *more])
    url = reverse("dues:receipts_pdf", args=[tree.b1.pk]) + f"?ids={ids}"
    login(users.base_viewer)
    r = client.get(url)
    assert r.status_code == 200
    pages = pdf_text(r.content)
    assert [n for n in ("2025-00001", "2025-00002", "2025-00003") for t in pages if n in t] == [
        "2025-00001",
        "2025-00002",
        "2025-00003",
    ]  # one sheet a receipt, in the order of the receipt book
    assert overflows(r.content) == []
    assert client.get(url + f",{foreign.pk}").status_code == 404  # not this unit's to print
    assert client.get(url.replace(ids, "abc")).status_code == 404
    branch = reverse("dues:receipts_pdf", args=[tree.br1b.pk]) + f"?ids={receipt.pk}"
    assert client.get(branch).status_code == 404  # collected by another branch
    login(users.sibling)
    assert client.get(url).status_code == 404


def test_it_links_the_receipt_from_the_receipts_and_the_ticklist(tree, users, receipt, login):
    client = login(users.base_editor)
    page = client.get(reverse("dues:payments", args=[tree.br1a.pk]) + "?year=2025")
    assert _url(receipt) in page.content.decode()
    page = client.get(reverse("dues:ticklist", args=[tree.br1a.pk]) + "?year=2025")
    assert _url(receipt) in page.content.decode()


def test_it_offers_the_printed_receipt_after_a_single_payment(tree, users, login):
    (m,) = members(tree.br1a, 1)
    client = login(users.base_editor)
    url = reverse("dues:payment_new", args=[tree.br1a.pk]) + f"?membership={m.pk}&year=2025"
    r = client.post(url, {"year": "2025", "paid_on": "2025-05-05", "amount": "12000"}, follow=True)
    payment = DuesPayment.objects.get(membership=m)
    html = r.content.decode()
    assert "Biên lai số <strong>2025-00001</strong>" in html
    assert f'href="{_url(payment)}"' in html and "In biên lai (PDF)" in html


def test_it_offers_the_receipts_just_ticked(tree, users, login):
    ms = members(tree.br1a, 3)
    client = login(users.base_editor)
    url = reverse("dues:ticklist", args=[tree.br1a.pk])
    data = {"year": "2025", "paid_on": "2025-04-02", "amount": "12000", "ids": [m.pk for m in ms]}
    r = client.post(url, data, follow=True)
    html = r.content.decode()
    assert "Đã ghi 3 biên lai." in html
    ids = ",".join(str(p.pk) for p in DuesPayment.objects.order_by("pk"))
    link = reverse("dues:receipts_pdf", args=[tree.br1a.pk]) + f"?ids={ids}"
    assert f'href="{link}"' in html
    pdf = client.get(link)
    assert pdf.status_code == 200 and len(pdf_text(pdf.content)) == 3


def test_the_collector_is_named_by_username_without_a_full_name(tree, users, login):
    (m,) = members(tree.br1a, 1)
    user = get_user_model().objects.get(pk=users.base_editor.pk)
    p = services.record_payment(actor=user, membership=m, year=2025, paid_on=D(2025, 5, 5))
    (page,) = pdf_text(login(users.base_viewer).get(_url(p)).content)
    assert user.username in page
