"""The printed remittance statement adds up: branch lines, then the base's own line, then a total
that is the sum of the lines above it, column by column, in the spreadsheet and in the PDF (as a
person reads them); both statements (remittance, fund ledger) end with the place-date line and
the signature block."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from dues import services
from funds.models import FundKind
from funds.services import record_entry
from members.tests.pdf_pages import pdf_text

from .factories import YEAR, members, pay

ON = datetime.date(YEAR, 12, 31)
PLACE_DATE = re.compile(r"Đà Nẵng, ngày \d{1,2} tháng \d{1,2} năm \d{4}")
AMOUNT = re.compile(r"(-?\d[\d.]*) đ")
COLUMNS = ["Đã thu", "Nhận từ cấp dưới", "Để lại", "Phải nộp cấp trên", "Đã nộp", "Còn phải nộp"]


@pytest.fixture
def books(tree):
    """The issue's base: 36.000 đ collected in one branch (18.000 đ sent up), more in another,
    some at the base itself, and the base's own remittance to the province."""
    for m in members(tree.br1a, 3):
        pay(m)
    for m in members(tree.br1b, 2):
        pay(m)
    for m in members(tree.b1, 1):
        pay(m)
    day = datetime.date(YEAR, 6, 1)
    services.remit_dues(actor=None, unit=tree.br1a, year=YEAR, amount=18_000, on=day)
    services.remit_dues(actor=None, unit=tree.b1, year=YEAR, amount=7_200, on=day)


def _download(client, unit, what):
    r = client.get(reverse(f"dues:remittance_{what}", args=[unit.pk]),
                   {"year": YEAR, "on": ON.isoformat()})  # fmt: skip
    assert r.status_code == 200
    return r.content


def _xlsx_table(content: bytes) -> tuple[list[list[int]], list[int], list[str]]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    text = [" ".join(str(v) for v in row) for row in rows]
    head = next(i for i, row in enumerate(rows) if row[2:] == COLUMNS)
    end = next(i for i, row in enumerate(rows) if row[1] == "Tổng cộng")
    lines = [[int(v) for v in row[2:]] for row in rows[head + 1 : end]]
    return lines, [int(v) for v in rows[end][2:]], text


def _pdf_table(content: bytes) -> tuple[list[list[int]], list[int], str]:
    """Rows as read off the page: a line with the six amounts of a unit, then the total's."""
    text = "\n".join(pdf_text(content))
    lines, total = [], None
    for line in text.splitlines():
        amounts = [int(a.replace(".", "")) for a in AMOUNT.findall(line)]
        if len(amounts) == len(COLUMNS):
            if line.startswith("Tổng cộng"):
                total = amounts
            else:
                lines.append(amounts)
    assert total is not None, text
    return lines, total, text


def _sums(lines: list[list[int]]) -> list[int]:
    return [sum(col) for col in zip(*lines, strict=True)]


def test_it_adds_up_the_lines_into_the_total_in_the_spreadsheet_and_the_pdf(
    tree, users, login, books
):
    client = login(users.base_manager)
    for lines, total, _text in (
        _xlsx_table(_download(client, tree.b1, "xlsx")),
        _pdf_table(_download(client, tree.b1, "pdf")),
    ):
        # br1a, br1b, then b1's own line
        assert len(lines) == 3
        assert total == _sums(lines)
        br1a, _br1b, own = lines
        # The branch keeps its half and owes the other half; it sent it.
        assert br1a == [36_000, 0, 18_000, 18_000, 18_000, 0]
        # The base collected 12.000, receives the branches' 30.000, owes the province 20 % of
        # 72.000 and keeps the rest; it sent 7.200.
        assert own == [12_000, 30_000, 27_600, 14_400, 7_200, 7_200]
        assert total[2] == 72_000 - 14_400  # what stays in the base: all but the province's


def test_it_prints_the_place_date_line_and_the_signatures_on_both_statements(
    tree, users, login, books
):
    record_entry(actor=None, unit=tree.b1, on=datetime.date(YEAR, 2, 1), amount=5_000_000,
                 direction="in", category="donation")  # fmt: skip
    client = login(users.base_manager)
    q = {"start": f"{YEAR}-01-01", "end": ON.isoformat()}
    texts = [
        "\n".join(_xlsx_table(_download(client, tree.b1, "xlsx"))[2]),
        _pdf_table(_download(client, tree.b1, "pdf"))[2],
    ]
    for kind in FundKind.values:
        url = reverse("funds:ledger_pdf", args=[tree.b1.pk])
        texts.append("\n".join(pdf_text(client.get(url, {**q, "fund": kind}).content)))
        url = reverse("funds:ledger_xlsx", args=[tree.b1.pk])
        rows = CalamineWorkbook.from_filelike(io.BytesIO(client.get(url, {**q, "fund": kind})
                                              .content)).get_sheet_by_index(0).to_python()  # fmt: skip
        texts.append("\n".join(" ".join(str(v) for v in row) for row in rows))
    for text in texts:
        assert PLACE_DATE.search(text), text
        for signer in ("Người lập", "Kế toán", "Chủ tịch"):
            assert signer in text
    assert "SỔ QUỸ HỘI PHÍ" in texts[4] and "SỔ QUỸ NHÂN ĐẠO" in texts[2]
