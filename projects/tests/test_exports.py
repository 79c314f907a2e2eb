"""The calf hand-over record (PDF and Word, Decree 30 layout) and the cow bank's xlsx of open
placements with their next step, the overdue first."""

import io
import tempfile
from pathlib import Path

import docx
from django.urls import reverse
from python_calamine import CalamineWorkbook

from projects import services

from .factories import D, households


def _bank(ed, unit):
    h1, h2, h3 = households(ed, unit, 3)
    cow = services.acquire_cow(actor=ed, unit=unit, tag="BK-001", breed="Bò vàng", acquired_on=D(2023, 1, 2), value=15_000_000)  # fmt: skip
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2023, 1, 3))
    calf = services.record_birth(
        actor=ed, mother=cow, born_on=D(2023, 10, 1), sex="F", tag="BK-002"
    )
    p = services.pass_on(actor=ed, calf=calf, on=D(2024, 5, 1), household=h2)
    cow2 = services.acquire_cow(actor=ed, unit=unit, tag="BK-003", acquired_on=D(2024, 1, 2))
    services.give_cow(actor=ed, animal=cow2, household=h3, on=D(2024, 1, 3))
    services.record_birth(actor=ed, mother=cow2, born_on=D(2024, 3, 1), sex="F", tag="BK-004")
    return h1, h2, h3, p


def test_the_handover_record_names_both_households_the_calf_and_the_terms(users, tree, login):
    h1, h2, _h3, p = _bank(users.base_editor, tree.b1)
    c = login(users.base_viewer)
    r = c.get(reverse("projects:handover", args=[p.pk, "docx"]))
    assert r.status_code == 200
    text = "\n".join(par.text for par in docx.Document(io.BytesIO(r.content)).paragraphs)
    cells = " ".join(cell.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for cell in row.cells)  # fmt: skip
    assert (
        "BIÊN BẢN" in text + cells
        and h1.person.full_name in text + cells
        and h2.person.full_name in text + cells
    )
    assert "BK-002" in cells and "7 tháng" in cells
    assert "khi bê được 6 đến 12 tháng tuổi" in text
    r = c.get(reverse("projects:handover", args=[p.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert c.get(reverse("projects:handover", args=[p.pk, "html"])).status_code == 404
    assert (
        login(users.sibling).get(reverse("projects:handover", args=[p.pk, "pdf"])).status_code
        == 404
    )


def test_the_steps_workbook_lists_the_overdue_first(users, tree, login):
    _h1, h2, h3, _p = _bank(users.base_editor, tree.b1)
    r = login(users.base_viewer).get(reverse("projects:steps_export", args=[tree.b1.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["STT", "Hộ"]
    assert [row[1] for row in rows[1:]] == [h3.person.full_name, h2.person.full_name]
    assert rows[1][8] == "quá hạn" and "Chuyển bê BK-004" in rows[1][5]
    assert rows[2][8] == "" and "Chờ bò sinh bê" in rows[2][5]


def test_the_house_handover_record_lists_the_sources_and_what_the_fund_paid(users, tree, login):
    from funds import services as fund_services
    from funds.models import Category, Direction
    from members.tests.pdf_pages import pdf_text

    ed = users.base_editor
    [hh] = households(ed, tree.b1, 1)
    fund_services.record_entry(actor=None, unit=tree.b1, on=D(2025, 1, 2), amount=100_000_000, direction=Direction.IN, category=Category.DONATION)  # fmt: skip
    h = services.propose_house(actor=ed, unit=tree.b1, household=hh, kind="new", location="Thôn Nà Pài, xã Bằng Thành", on=D(2025, 1, 5))  # fmt: skip
    services.add_support(actor=ed, house=h, source="fund", amount=40_000_000)
    services.add_support(actor=ed, house=h, source="sponsor", name="Công ty Cổ phần Sữa Việt Nam", amount=30_000_000)  # fmt: skip
    services.add_support(actor=ed, house=h, source="household", amount=15_000_000)
    c = login(users.base_viewer)
    url = lambda fmt: reverse("projects:house_record", args=[h.pk, fmt])  # noqa: E731
    page = c.get(reverse("projects:house", args=[h.pk])).content.decode()
    assert 'data-testid="house-record"' not in page  # only from building on
    services.advance_house(actor=ed, house=h, to="approved", on=D(2025, 2, 1))
    services.advance_house(actor=ed, house=h, to="building", on=D(2025, 3, 1))
    services.pay_tranche(actor=ed, house=h, kind="start", on=D(2025, 3, 1), amount=20_000_000)
    t = services.pay_tranche(actor=ed, house=h, kind="completion", on=D(2025, 6, 1), amount=20_000_000)  # fmt: skip
    services.cancel_tranche(actor=ed, tranche=t, on=D(2025, 6, 2), reason="Chi nhầm")
    draft = docx.Document(io.BytesIO(c.get(url("docx")).content))
    assert "Bản dự thảo" in "\n".join(p.text for p in draft.paragraphs)
    services.advance_house(actor=ed, house=h, to="handed", on=D(2025, 7, 15))
    r = c.get(url("docx"))
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = " ".join(cell.text for t in d.tables for row in t.rows for cell in row.cells)
    assert "BIÊN BẢN" in text + cells and "Bàn giao nhà Chữ thập đỏ" in text + cells
    assert "ngày 15 tháng 7 năm 2025" in text and hh.person.full_name in text
    assert "Nhà tài trợ (Công ty Cổ phần Sữa Việt Nam)" in cells and "85.000.000 đ" in cells
    assert "Quỹ nhân đạo đã chi cho hộ 20.000.000 đ" in text  # the cancelled tranche is not
    assert "Bản dự thảo" not in text
    pdf = c.get(url("pdf"))
    assert pdf.status_code == 200
    (Path(tempfile.gettempdir()) / "house-handover.pdf").write_bytes(pdf.content)  # to look at
    words = " ".join(pdf_text(pdf.content))
    assert "BIÊN BẢN" in words and "85.000.000" in words and "20.000.000" in words
    assert c.get(url("html")).status_code == 404
    assert login(users.sibling).get(url("pdf")).status_code == 404
