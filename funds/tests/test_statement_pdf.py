"""The fund ledger statement as printed: the place-date line and the signatures (Người lập, Kế
toán, Chủ tịch) never stand alone on a last page, away from the table they sign."""

import datetime
import io
import os
import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from funds import exports
from funds.models import Category, Direction, Entry, FundKind
from members.tests.pdf_pages import overflows, pdf_text

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
ROW = re.compile(r"^\d\d/\d\d/\d{4} ", re.MULTILINE)  # a ledger row starts with its date


def _statement(unit, n: int) -> exports.Statement:
    rows, running = [], 0
    for i in range(n):
        direction = Direction.IN if i % 3 else Direction.OUT
        amount = 150_000 + 10_000 * i
        running += amount if direction == Direction.IN else -amount
        e = Entry(unit=unit, on=START + datetime.timedelta(days=i), amount=amount,
                  direction=direction, document_number=f"PT-{i + 1:04d}",
                  category=Category.DONATION if direction == Direction.IN else Category.RELIEF,
                  note="Ủng hộ quỹ nhân đạo")  # fmt: skip
        e.running = running  # type: ignore[attr-defined]
        rows.append(e)
    return exports.Statement(
        association="Hội Chữ thập đỏ Việt Nam", unit=unit, fund=FundKind.HUMANITARIAN,
        start=START, end=START + datetime.timedelta(days=n), opening=0, closing=running,
        rows=rows, totals=[("Ủng hộ, tài trợ", 1, 0), ("Cứu trợ, trợ giúp", 0, 1)],
    )  # fmt: skip


def _last_page(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as doc:
        return doc.pages[-1].extract_text() or ""


def test_the_signatures_stay_with_the_last_rows_of_the_ledger(tree):
    """Ledgers whose rows end near the foot of their first or second page (about 20 rows fill the
    first page, 26 the next; the tail is some 13 rows high): the page with the signatures also
    holds the closing balance and at least one entry of the table."""
    alone = []
    for n in [*range(15, 25), *range(36, 51)]:
        content = exports.build_pdf(_statement(tree.b1, n))
        page = _last_page(content)  # the signatures end the statement
        if "Người lập" not in page or "Số dư cuối kỳ" not in page or not ROW.search(page):
            alone.append(n)
    assert alone == [], alone


def test_a_ledger_that_fills_its_first_page_as_printed(tree):
    """The ledger whose rows fill the first page: the last rows, the totals and the signatures on
    the second page together, inside the printable area (looked at under SCREENSHOT_DIR)."""
    content = exports.build_pdf(_statement(tree.b1, 20))
    pages = pdf_text(content)
    assert len(pages) == 2
    assert "Người lập" in pages[1] and "Số dư cuối kỳ" in pages[1] and ROW.search(pages[1])
    # The rows moved to the second page come under the column headings again.
    assert "Diễn giải" in pages[1]
    assert overflows(content) == []
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        pdf = Path(shots) / "ledger-full-page.pdf"
        pdf.write_bytes(content)
        subprocess.run(  # noqa: S603
            ["/usr/bin/pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))],
            check=True,
        )
