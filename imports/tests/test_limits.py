"""Crafted files: small on disk, huge once opened. Each is refused before anything parses it,
with a message for the person who uploaded it, and without reading what it would grow to."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from imports import limits, reading, services, xlsx_pieces
from imports.models import ImportJob

from .files import register_csv, sheet_xlsx

MB = 1024 * 1024
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    b'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    b'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
BOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    b'formats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
BOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>N\xc4\x83m sinh</t></is></c></row>'
)


def crafted_xlsx(path, *, strings=(), string_chunks=None, rows=b"") -> None:
    """A workbook whose shared strings are ``strings`` (or, streamed, the chunks of one
    string: ``string_chunks``) and whose sheet holds the header and ``rows``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        z.writestr("xl/workbook.xml", BOOK)
        z.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + HEADER_ROW + rows + SHEET_TAIL)
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main">'
        )
        if string_chunks is None:
            z.writestr("xl/sharedStrings.xml", head + b"".join(strings) + b"</sst>")
            return
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(head + b"<si><t>")
            for chunk in string_chunks:
                f.write(chunk)
            f.write(b"</t></si></sst>")


class Opened:
    """Records the parts of a zip that are opened for reading."""

    def __init__(self, monkeypatch):
        self.names: list[str] = []
        real = zipfile.ZipFile.open

        def spy(zf, name, mode="r", *args, **kwargs):
            if mode == "r":
                self.names.append(getattr(name, "filename", name))
            return real(zf, name, mode, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "open", spy)


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_a_300_mb_shared_string_in_a_small_file_is_refused_without_being_read(
    tmp_path, monkeypatch, users, tree
):
    path = tmp_path / "mot-chuoi.xlsx"
    crafted_xlsx(path, string_chunks=(b"a" * MB for _ in range(300)))
    assert path.stat().st_size < 1 * MB  # on disk; 300 MB once opened
    opened = Opened(monkeypatch)
    tracemalloc.start()
    with pytest.raises(ValidationError) as e:
        services.create_job(
            actor=users.base_editor, unit=tree.b1, kind="member", upload=upload(path)
        )
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "lớn quá mức cho phép" in e.value.message_dict["file"][0]
    assert "xl/sharedStrings.xml" not in opened.names  # refused from the zip's directory
    assert peak < 20 * MB
    assert not ImportJob.objects.exists()


def test_a_long_string_is_refused_while_streaming_when_its_part_does_not_compress_much(
    tmp_path, settings
):
    # (an honest-looking ratio: caught by the length of one string, not the ratio)
    settings.IMPORT_LIMITS = {"max_string_bytes": 64 * 1024}
    path = tmp_path / "dai.xlsx"
    text = bytes(range(97, 123)) * 10_000  # 260 KB of letters
    crafted_xlsx(path, strings=[b"<si><t>a</t></si>", b"<si><t>" + text + b"</t></si>"])
    with pytest.raises(limits.TooLarge, match="64 KB"):
        limits.check_file(path)


def test_five_million_shared_strings_are_refused_after_counting_past_the_limit(
    tmp_path, monkeypatch
):
    path = tmp_path / "nam-trieu.xlsx"
    crafted_xlsx(path, strings=[b"<si><t>x</t></si>" * 5_000_000])
    assert path.stat().st_size < 2 * MB
    # Refused at once by its ratio (85 MB from a few hundred KB) …
    with pytest.raises(limits.TooLarge, match="nén"):
        limits.check_file(path)
    # … and, were the ratio allowed, by the count, reading no more than it takes to count.
    monkeypatch.setattr(limits, "DEFAULTS", {**limits.DEFAULTS, "max_ratio": 10_000})
    tracemalloc.start()
    with pytest.raises(limits.TooLarge, match="4.000.000 chuỗi"):
        limits.check_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * MB


def test_a_part_that_claims_to_be_small_but_inflates_further_is_refused(tmp_path):
    path = tmp_path / "noi-doi.xlsx"
    crafted_xlsx(path, strings=[b"<si><t>" + b"b" * (20 * MB) + b"</t></si>"])
    # Claim 1,000 bytes for the shared strings, in the local header and the directory.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/sharedStrings.xml")
    assert struct.unpack_from("<I", data, info.header_offset + 22)[0] == info.file_size
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    central = data.find(b"PK\x01\x02", 0)
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == b"xl/sharedStrings.xml":
            struct.pack_into("<I", data, central + 24, 1000)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/sharedStrings.xml").file_size == 1000
    with pytest.raises(limits.TooLarge, match="hỏng"):
        limits.check_file(path)


def rows_of(path):
    return list(reading.Book.open(path).rows("S"))


def test_cells_beyond_the_last_column_or_row_are_refused_before_their_piece_is_read(tmp_path):
    path = tmp_path / "rong.xlsx"
    crafted_xlsx(path, rows=b'<row r="2"><c r="AAA2"><v>1</v></c></row>')
    with pytest.raises(reading.ReadError, match="hơn 702 cột"):
        rows_of(path)
    crafted_xlsx(path, rows=b'<row r="2000000"><c r="A2000000"><v>1</v></c></row>')
    with pytest.raises(reading.ReadError, match="dòng 2000000"):
        rows_of(path)
    # Cells without references take the next column: a row of too many is refused too.
    crafted_xlsx(path, rows=b"<row>" + b"<c><v>1</v></c>" * 800 + b"</row>")
    with pytest.raises(reading.ReadError, match="hơn 702 cột"):
        rows_of(path)


def test_a_sparse_sheet_is_read_in_pieces_calamine_holds_small(tmp_path, monkeypatch):
    # Row 2 and row 200,000 with a cell in column ZZ: one piece would be a rectangle of
    # 140 million cells (4.4 GB). Each piece read stays under PIECE_CELLS.
    path = tmp_path / "thua.xlsx"
    crafted_xlsx(
        path,
        rows=b'<row r="2"><c r="A2" t="inlineStr"><is><t>Nguy\xe1\xbb\x85n V\xc4\x83n A</t></is>'
        b'</c><c r="B2"><v>1980</v></c></row><row r="200000"><c r="ZZ200000"><v>7</v></c>'
        b"</row>",
    )
    limits.check_file(path)  # (within the limits: ZZ is the last column allowed)
    assert xlsx_pieces.PIECE_CELLS < 702 * 200_000
    pieces = xlsx_pieces.Pieces(path, "S")
    shapes = []
    for _head, xml, _tail in pieces._bounded():
        shapes.append(xml.count(b"<row"))
    pieces.close()
    assert shapes == [2, 1]  # the last row apart
    tracemalloc.start()
    rows = list(reading.Book.open(path).rows("S"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows[1][:2] == ["Nguyễn Văn A", 1980.0] and rows[199_999][701] == 7.0
    assert peak < 200 * MB  # (the rows in between are empty lists)


def test_an_xls_file_is_bounded_by_its_size(tmp_path, settings):
    settings.IMPORT_LIMITS = {"max_xls_bytes": 1000}
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 2000)
    with pytest.raises(limits.TooLarge, match="xlsx"):
        limits.check_file(path)


def test_a_real_register_passes_the_checks(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(sheet_xlsx({"S": [["Họ và tên", "Năm sinh"], ["Nguyễn Văn A", 1980]]}))
    limits.check_file(path)


# --- CSV ----------------------------------------------------------------------------------------

LONG_CSV = (
    register_csv([["Họ và tên", "Năm sinh", "Ghi chú"], ["Nguyễn Văn A", 1980, "x"]])[:-2]
    + ('"' + "y" * 200_000 + '"\r\n').encode()
)


def test_a_csv_cell_over_the_csv_limit_is_a_clear_error_on_the_upload_page(login, users, tree):
    client = login(users.base_editor)
    r = client.post(
        f"/u/{tree.b1.pk}/imports/new/",
        {
            "file": SimpleUploadedFile("dai.csv", LONG_CSV),
            "kind": "member",
            "mode": "skip",
        },
    )
    assert r.status_code == 200
    assert "một ô dài quá 131.072 ký tự" in r.content.decode()
    assert not ImportJob.objects.exists()


def test_a_csv_cell_over_the_csv_limit_is_a_clear_error_on_the_command_line(tree, tmp_path):
    path = tmp_path / "dai.csv"
    path.write_bytes(LONG_CSV)
    with pytest.raises(CommandError, match="một ô dài quá 131.072 ký tự"):
        call_command("import_register", str(path), "--unit", str(tree.b1.pk))


def test_a_csv_cell_far_down_the_file_fails_the_check_not_the_server(make_job, tree):
    rows = [["Họ và tên", "Năm sinh"]] + [[f"Nguyễn Văn {i}", 1980] for i in range(60)]
    content = register_csv(rows) + ('"' + "y" * 200_000 + '"\r\n').encode()
    job = make_job(content, name="dai.csv", analyse=False)
    with pytest.raises(ValidationError, match="Dòng 62"):
        services.analyse_job(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED and "131.072" in job.error_summary


def test_an_ods_whose_content_is_read_whole_is_bounded(tmp_path, settings):
    settings.IMPORT_LIMITS = {"max_whole_part_bytes": 1 * MB}
    path = tmp_path / "so.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<office:document-content>" + b" " * (2 * MB) + b"</x>")
    with pytest.raises(limits.TooLarge, match="content.xml"):
        limits.check_file(path)
