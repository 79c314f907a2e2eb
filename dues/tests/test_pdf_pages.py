"""Every kind of PDF the project makes fits an A4 sheet with its margins: member and volunteer
books, member cards, dues remittance statements (base and province), fund ledger statements and
dues receipts (biên lai), each made through its download link from data with long Vietnamese names and large
amounts, read back with pdfplumber."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from dues import services as dues_services
from funds import services as funds_services
from funds.models import Category, Direction
from members.tests.factories import make_member
from members.tests.pdf_pages import MARGIN, is_a4, overflows, page_sizes, pdf_text
from org.models import Unit, UnitKind

D = datetime.date
YEAR = 2025
ON = D(2025, 12, 31)

LONG_BRANCH = "Chi hội khu dân cư số 12 – tổ dân phố Thạch Thang Nam, phường Hải Châu"
LONG_NAMES = [
    "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng",
    "Nguyễn Phúc Bửu Hoàng Long Khánh Nguyên",
    "Huỳnh Thị Ngọc Bích",
    "Trần Văn An",
]
LONG_ADDRESS = "Kiệt 123/45/6 đường Nguyễn Văn Linh kéo dài, tổ dân phố 27, khu vực Thạc Gián"
BIG = 987_654_321_000  # a province's yearly fund flows, in đồng


@pytest.fixture
def long_data(tree, users):
    """Long unit and person names, many receipts, fund entries with amounts in the billions."""
    Unit.objects.filter(pk=tree.b1.pk).update(
        name="Hội Chữ thập đỏ phường Hải Châu, thành phố Đà Nẵng (sáp nhập 2025)"
    )
    tree.b1.refresh_from_db()
    branch = Unit.objects.add_child(tree.b1, {"name": LONG_BRANCH, "kind": UnitKind.BRANCH})
    tree.b1.refresh_from_db()
    members = []
    for i in range(40):
        name = LONG_NAMES[i % len(LONG_NAMES)] + f" {i}"
        unit = branch if i % 2 else tree.br1a
        members.append(
            make_member(
                None,
                unit,
                name,
                sex="F" if i % 3 else "M",
                year=1950 + i,
                card_number=f"CTĐ-48-HC-{i:06d}",
                note="Chuyển sinh hoạt từ Hội Chữ thập đỏ xã Hòa Vang" if i % 5 == 0 else "",
                address_detail=LONG_ADDRESS,
            )
        )
    payments = []
    for i, m in enumerate(members[:30]):
        amount = 99_999_000 if i == 0 else None
        payments.append(
            dues_services.record_payment(
                actor=users.base_manager,
                membership=m,
                year=YEAR,
                paid_on=D(YEAR, 1 + i % 12, 28),
                amount=amount,
                note="Nộp cả năm",
            )
        )
    for i in range(25):
        funds_services.record_entry(
            actor=users.base_manager,
            unit=tree.b1,
            on=D(YEAR, 1 + i % 12, 1 + i),
            amount=BIG if i % 2 == 0 else BIG // 3,
            direction=Direction.IN if i % 2 == 0 else Direction.OUT,
            category=Category.DONATION if i % 2 == 0 else Category.RELIEF,
            campaign="Tết Nhân ái – Xuân Ất Tỵ 2025",
            document_number=f"PT-{YEAR}-{i:06d}",
            note="Ủng hộ của Công ty Cổ phần Đầu tư Xây dựng và Phát triển Đô thị Sông Hàn",
        )
    return {"branch": branch, "members": members, "payments": payments}


def _pdfs(tree, long_data) -> dict[str, str]:
    q = f"year={YEAR}&on={ON.isoformat()}"
    urls = {
        "member book": reverse("member_exports:book_pdf", args=[tree.b1.pk]) + f"?on={ON}",
        "branch book": reverse("member_exports:book_pdf", args=[long_data["branch"].pk])
        + f"?on={ON}",
        "cards": reverse("member_exports:cards", args=[tree.b1.pk]) + f"?on={ON}",
        "base remittance": reverse("dues:remittance_pdf", args=[tree.b1.pk]) + f"?{q}",
        "province remittance": reverse("dues:remittance_pdf", args=[tree.p1.pk]) + f"?{q}",
        "fund ledger": reverse("funds:ledger_pdf", args=[tree.b1.pk])
        + f"?start={YEAR}-01-01&end={ON}",
        "receipt": reverse("dues:receipt_pdf", args=[long_data["payments"][0].pk]),
        "receipts": reverse("dues:receipts_pdf", args=[tree.b1.pk])
        + "?ids="
        + ",".join(str(p.pk) for p in long_data["payments"][:6]),
    }
    return urls


KINDS = [
    "member book",
    "branch book",
    "cards",
    "base remittance",
    "province remittance",
    "fund ledger",
    "receipt",
    "receipts",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_fits_a4_with_its_margins(kind, tree, users, long_data, login):
    r = login(users.province_manager).get(_pdfs(tree, long_data)[kind])
    assert r.status_code == 200, kind
    assert r["Content-Type"] == "application/pdf"
    if dump := os.environ.get("PDF_DUMP_DIR"):  # to look at them: pdftoppm -png -r 60
        Path(dump, kind.replace(" ", "-") + ".pdf").write_bytes(r.content)
    sizes = page_sizes(r.content)
    assert sizes and all(is_a4(w, h) for w, h in sizes), sizes
    outside = overflows(r.content)
    assert not outside, f"{kind}: {len(outside)} marks outside the {MARGIN / 72 * 25.4:.0f} mm " + (
        "margins, e.g. " + "; ".join(map(str, outside[:5]))
    )
    assert any(text.strip() for text in pdf_text(r.content))
